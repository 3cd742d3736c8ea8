/**
 * The regions EC2 describes and their availability zones. iamfa serves whatever region a client
 * signs for; these are the commercial regions enabled by default, as a new AWS account lists them.
 */
export const REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

export interface RegionInfo {
  readonly RegionName: string;
  readonly Endpoint: string;
  readonly OptInStatus: string;
}

/** How EC2 describes a region. */
export function regionInfo(region: string): RegionInfo {
  return { RegionName: region, Endpoint: `ec2.${region}.amazonaws.com`, OptInStatus: 'opt-in-not-required' };
}

export interface ZoneInfo {
  readonly ZoneName: string;
  readonly ZoneId: string;
  readonly RegionName: string;
  readonly State: 'available';
  readonly OptInStatus: 'opt-in-not-required';
  readonly GroupName: string;
  readonly NetworkBorderGroup: string;
  readonly ZoneType: 'availability-zone';
  readonly Messages: readonly never[];
}

const COMPASS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** The short name zone ids start with: `use1` for us-east-1, `apne1` for ap-northeast-1. */
function regionCode(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${COMPASS[direction] ?? direction.charAt(0)}${number}`;
}

/** A region's three availability zones (`us-east-1a` … `c`, ids `use1-az1` … `az3`). */
export function availabilityZones(region: string): ZoneInfo[] {
  return ['a', 'b', 'c'].map((letter, i) => ({
    ZoneName: `${region}${letter}`,
    ZoneId: `${regionCode(region)}-az${i + 1}`,
    RegionName: region,
    State: 'available',
    OptInStatus: 'opt-in-not-required',
    GroupName: region,
    NetworkBorderGroup: region,
    ZoneType: 'availability-zone',
    Messages: [],
  }));
}
