import { itemFilter, type Filter } from '../../ec2/filters.js';
import { REGIONS, availabilityZones, regionInfo, type RegionInfo, type ZoneInfo } from '../../ec2/regions.js';
import { invalidParameterValue } from '../../ec2/errors.js';
import { operation, type Operations } from '../operation.js';

export const regionOperations: Operations = {
  DescribeRegions: operation<{ RegionNames?: string[]; Filters?: Filter[] }, { Regions: RegionInfo[] }>(
    (input) => {
      const names = input.RegionNames ?? [];
      for (const name of names)
        if (!REGIONS.includes(name)) throw invalidParameterValue(`Invalid region: ${name}`);
      const matches = itemFilter<RegionInfo>(input.Filters ?? [], {
        'region-name': (r) => [r.RegionName],
        endpoint: (r) => [r.Endpoint],
        'opt-in-status': (r) => [r.OptInStatus],
      });
      const regions = (names.length > 0 ? names : REGIONS).map(regionInfo);
      return Promise.resolve({
        Regions: regions.filter(matches),
      });
    },
  ),
  DescribeAvailabilityZones: operation<
    { ZoneNames?: string[]; ZoneIds?: string[]; Filters?: Filter[] },
    { AvailabilityZones: ZoneInfo[] }
  >((input, ctx) => {
    const zones = availabilityZones(ctx.caller.region);
    const names = input.ZoneNames ?? [];
    const ids = input.ZoneIds ?? [];
    for (const name of names)
      if (!zones.some((z) => z.ZoneName === name))
        throw invalidParameterValue(`The zone '${name}' does not exist.`);
    for (const id of ids)
      if (!zones.some((z) => z.ZoneId === id))
        throw invalidParameterValue(`The zone ID '${id}' does not exist.`);
    const matches = itemFilter<ZoneInfo>(input.Filters ?? [], {
      'zone-name': (z) => [z.ZoneName],
      'zone-id': (z) => [z.ZoneId],
      'region-name': (z) => [z.RegionName],
      state: (z) => [z.State],
      'zone-type': (z) => [z.ZoneType],
      'group-name': (z) => [z.GroupName],
      'opt-in-status': (z) => [z.OptInStatus],
    });
    return Promise.resolve({
      AvailabilityZones: zones
        .filter(
          (z) =>
            (names.length === 0 || names.includes(z.ZoneName)) &&
            (ids.length === 0 || ids.includes(z.ZoneId)),
        )
        .filter(matches),
    });
  }),
};
