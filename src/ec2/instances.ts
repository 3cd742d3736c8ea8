import { randomInt } from 'node:crypto';
import {
  findInstances,
  insertInstances,
  listInstances,
  setInstanceState,
  type InstanceRow,
} from '../store/ec2-instances.js';
import { putTags } from '../store/ec2-tags.js';
import type { Tx } from '../store/store.js';
import { Ec2Error, incorrectInstanceState, invalidParameterValue, missingParameter } from './errors.js';
import { itemFilter, type Filter, type FilterFields } from './filters.js';
import { idPrefix, newInstanceId, newReservationId } from './ids.js';
import { checkMaxResults, page, positionAfter } from './pagination.js';
import { availabilityZones } from './regions.js';
import { STATE_CODES, observedState, transition, type InstanceStateName, type Lifecycle } from './states.js';
import { checkTags, tagsByResource, type Tag } from './tags.js';
import { existingInstances, visibleNow } from './visible-instances.js';

/** Where a caller acts: EC2 resources belong to one account in one region. */
export interface Ec2Scope {
  readonly accountId: string;
  readonly region: string;
}

export interface InstanceState {
  readonly Code: number;
  readonly Name: InstanceStateName;
}

/** An instance as DescribeInstances and RunInstances show it (members as in the EC2 API). */
export interface Instance {
  readonly InstanceId: string;
  readonly ImageId: string;
  readonly State: InstanceState;
  readonly PrivateDnsName: string;
  readonly PublicDnsName: string;
  readonly StateTransitionReason: string;
  readonly StateReason?: { readonly Code: string; readonly Message: string };
  readonly KeyName?: string;
  readonly AmiLaunchIndex: number;
  readonly ProductCodes: readonly never[];
  readonly InstanceType: string;
  readonly LaunchTime: Date;
  readonly Placement: {
    readonly AvailabilityZone: string;
    readonly GroupName: string;
    readonly Tenancy: string;
  };
  readonly Monitoring: { readonly State: 'disabled' };
  readonly PrivateIpAddress: string;
  readonly Architecture: 'x86_64';
  readonly RootDeviceType: 'ebs';
  readonly RootDeviceName: string;
  readonly VirtualizationType: 'hvm';
  readonly Hypervisor: 'xen';
  readonly SourceDestCheck: boolean;
  readonly EbsOptimized: boolean;
  readonly EnaSupport: boolean;
  readonly Tags?: readonly Tag[];
}

export type Reservation = {
  readonly ReservationId: string;
  readonly OwnerId: string;
  readonly Groups: readonly never[];
  readonly Instances: readonly Instance[];
};

export interface InstanceStateChange {
  readonly InstanceId: string;
  readonly PreviousState: InstanceState;
  readonly CurrentState: InstanceState;
}

/** At most this many instances per RunInstances call, as a new account's default limit. */
export const INSTANCE_LIMIT = 20;
const DEFAULT_INSTANCE_TYPE = 'm1.small';
const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

function state(name: InstanceStateName): InstanceState {
  return { Code: STATE_CODES[name], Name: name };
}

/** `2024-05-01 12:00:00 GMT`, as EC2 writes times into reasons. */
function gmt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} GMT`;
}

function view(row: InstanceRow, tags: readonly Tag[], now: Date): Instance {
  const name = observedState(row.state, new Date(row.state_changed_at), now);
  const userStopped =
    name === 'stopped' || name === 'stopping' || name === 'terminated' || name === 'shutting-down';
  const dns = `ip-${row.private_ip.replaceAll('.', '-')}.${row.region === 'us-east-1' ? 'ec2.internal' : `${row.region}.compute.internal`}`;
  return {
    InstanceId: row.id,
    ImageId: row.image_id,
    State: state(name),
    PrivateDnsName: dns,
    PublicDnsName: '',
    StateTransitionReason: userStopped ? `User initiated (${gmt(row.state_changed_at)})` : '',
    ...(userStopped && {
      StateReason: {
        Code: 'Client.UserInitiatedShutdown',
        Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
      },
    }),
    ...(row.key_name !== null && { KeyName: row.key_name }),
    AmiLaunchIndex: row.launch_index,
    ProductCodes: [],
    InstanceType: row.instance_type,
    LaunchTime: new Date(row.launched_at),
    Placement: { AvailabilityZone: row.availability_zone, GroupName: '', Tenancy: 'default' },
    Monitoring: { State: 'disabled' },
    PrivateIpAddress: row.private_ip,
    Architecture: 'x86_64',
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    SourceDestCheck: true,
    EbsOptimized: false,
    EnaSupport: true,
    ...(tags.length > 0 && { Tags: tags }),
  };
}

/** An address in the default VPC's 172.31.0.0/16. */
function privateIp(): string {
  return `172.31.${randomInt(0, 256)}.${randomInt(4, 255)}`;
}

export interface LaunchRequest {
  readonly imageId: string | undefined;
  readonly instanceType: string | undefined;
  readonly keyName: string | undefined;
  readonly minCount: number;
  readonly maxCount: number;
  readonly availabilityZone: string | undefined;
  /** Tags for the instances (TagSpecifications of resource type `instance`). */
  readonly tags: readonly Tag[];
}

/** The instance type a launch request gets: the one asked for, else EC2's default. */
export function launchedType(request: Pick<LaunchRequest, 'instanceType'>): string {
  return request.instanceType ?? DEFAULT_INSTANCE_TYPE;
}

/**
 * RunInstances: launches between MinCount and MaxCount instances (as many as the limit allows) in
 * one new reservation; they are pending, then running.
 */
export async function runInstances(
  tx: Tx,
  scope: Ec2Scope,
  request: LaunchRequest,
  now: Date,
): Promise<Reservation> {
  const { imageId, minCount, maxCount } = request;
  if (imageId === undefined) throw missingParameter('ImageId');
  if (!AMI_ID.test(imageId))
    throw new Ec2Error('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
  const instanceType = launchedType(request);
  if (!INSTANCE_TYPE.test(instanceType))
    throw invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  if (minCount < 1)
    throw invalidParameterValue(
      `Value (${minCount}) for parameter minCount is invalid. Expected a positive integer.`,
    );
  if (maxCount < minCount)
    throw invalidParameterValue(
      `Value (${maxCount}) for parameter maxCount is invalid. Expected a value no less than minCount (${minCount}).`,
    );
  if (minCount > INSTANCE_LIMIT)
    throw new Ec2Error(
      'InstanceLimitExceeded',
      `You have requested more instances (${minCount}) than your current instance limit of ${INSTANCE_LIMIT} allows for the specified instance type.`,
    );
  const zones = availabilityZones(scope.region).map((z) => z.ZoneName);
  const zone = request.availabilityZone ?? zones[0] ?? `${scope.region}a`;
  if (!zones.includes(zone)) throw invalidParameterValue(`Invalid availability zone: [${zone}]`);
  checkTags(request.tags);

  const reservationId = newReservationId();
  const at = now.toISOString();
  const rows = Array.from({ length: Math.min(maxCount, INSTANCE_LIMIT) }, (_, i) => ({
    id: newInstanceId(),
    account_id: scope.accountId,
    region: scope.region,
    reservation_id: reservationId,
    image_id: imageId,
    instance_type: instanceType,
    key_name: request.keyName ?? null,
    availability_zone: zone,
    private_ip: privateIp(),
    launch_index: i,
    state: 'running' as const,
    state_changed_at: at,
    launched_at: at,
  }));
  await insertInstances(tx, rows);
  await putTags(
    tx,
    rows.flatMap((row) => request.tags.map((t) => ({ resource_id: row.id, key: t.Key, value: t.Value }))),
  );
  return {
    ReservationId: reservationId,
    OwnerId: scope.accountId,
    Groups: [],
    Instances: rows.map((row) => view({ ...row, seq: 0 }, request.tags, now)),
  };
}

interface Listed {
  readonly row: InstanceRow;
  readonly instance: Instance;
  readonly tags: readonly Tag[];
}

const INSTANCE_FILTERS: FilterFields<Listed> = {
  'instance-id': ({ row }) => [row.id],
  'image-id': ({ row }) => [row.image_id],
  'instance-type': ({ row }) => [row.instance_type],
  'instance-state-name': ({ instance }) => [instance.State.Name],
  'instance-state-code': ({ instance }) => [String(instance.State.Code)],
  'key-name': ({ row }) => (row.key_name === null ? [] : [row.key_name]),
  'availability-zone': ({ row }) => [row.availability_zone],
  'reservation-id': ({ row }) => [row.reservation_id],
  'owner-id': ({ row }) => [row.account_id],
  'private-ip-address': ({ row }) => [row.private_ip],
  'private-dns-name': ({ instance }) => [instance.PrivateDnsName],
};

export interface DescribeInstancesRequest {
  readonly instanceIds?: readonly string[] | undefined;
  readonly filters?: readonly Filter[] | undefined;
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}

/**
 * DescribeInstances: the instances named (NotFound for any that is not) or all of the scope's,
 * filtered, in launch order, grouped by reservation, a page at a time when MaxResults is given.
 */
export async function describeInstances(
  tx: Tx,
  scope: Ec2Scope,
  request: DescribeInstancesRequest,
  now: Date,
): Promise<{ Reservations: Reservation[]; NextToken?: string }> {
  const ids = request.instanceIds ?? [];
  if (ids.length > 0 && request.maxResults !== undefined)
    throw new Ec2Error(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  checkMaxResults(request.maxResults);
  const matches = itemFilter(request.filters ?? [], INSTANCE_FILTERS, (item) => item.tags);
  const rows =
    ids.length > 0
      ? await existingInstances(tx, scope, ids, now)
      : visibleNow(
          await listInstances(tx, scope.accountId, scope.region, positionAfter(request.nextToken)),
          now,
        );
  const tags = await tagsByResource(
    tx,
    rows.map((row) => row.id),
  );
  const listed = rows
    .map((row) => {
      const own = tags.get(row.id) ?? [];
      return { row, tags: own, instance: view(row, own, now) };
    })
    .filter(matches);
  const shown = page(listed, request.maxResults, ({ row }) => row.seq);

  const reservations = new Map<string, { owner: string; instances: Instance[] }>();
  for (const { row, instance } of shown.items) {
    let reservation = reservations.get(row.reservation_id);
    if (!reservation)
      reservations.set(row.reservation_id, (reservation = { owner: row.account_id, instances: [] }));
    reservation.instances.push(instance);
  }
  return {
    Reservations: [...reservations].map(([id, r]) => ({
      ReservationId: id,
      OwnerId: r.owner,
      Groups: [],
      Instances: r.instances,
    })),
    ...(shown.nextToken !== undefined && { NextToken: shown.nextToken }),
  };
}

/**
 * StartInstances, StopInstances, TerminateInstances, RebootInstances: every instance named must
 * exist and be able to do it, or nothing changes; each one's state before and after.
 */
export async function changeInstanceStates(
  tx: Tx,
  scope: Ec2Scope,
  ids: readonly string[],
  action: Lifecycle,
  now: Date,
): Promise<InstanceStateChange[]> {
  const rows = await existingInstances(tx, scope, ids, now);
  const changes: InstanceStateChange[] = [];
  for (const row of rows) {
    const before = observedState(row.state, new Date(row.state_changed_at), now);
    const next = transition(action, before);
    if (next.kind === 'refuse') throw incorrectInstanceState(row.id, next.verb);
    let after = before;
    if (next.kind === 'move') {
      await setInstanceState(tx, row.id, next.to, now.toISOString());
      after = observedState(next.to, now, now);
    }
    changes.push({ InstanceId: row.id, PreviousState: state(before), CurrentState: state(after) });
  }
  return changes;
}

/** The instances named, for authorization: their ids with type and tags (unknown ids are skipped). */
export async function instancesForAuthorization(
  tx: Tx,
  scope: Ec2Scope,
  ids: readonly string[],
): Promise<Map<string, { readonly instanceType: string; readonly tags: readonly Tag[] }>> {
  const rows = await findInstances(
    tx,
    scope.accountId,
    scope.region,
    ids.filter((id) => idPrefix(id) === 'i'),
  );
  const tags = await tagsByResource(
    tx,
    rows.map((row) => row.id),
  );
  return new Map(
    rows.map((row) => [row.id, { instanceType: row.instance_type, tags: tags.get(row.id) ?? [] }]),
  );
}
