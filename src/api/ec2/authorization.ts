import { instancesForAuthorization, launchedType } from '../../ec2/instances.js';
import type { ContextInput } from '../../policy/index.js';
import type {
  AuthorizationCheck,
  Authorizations,
  OperationAuthorization,
  ResolveContext,
} from '../authorization.js';
import { requestTagKeys } from '../tag-keys.js';
import { instanceTags, type RunInstancesInput } from './instances.js';
import { scopeOf } from './scope.js';

/**
 * How AWS authorizes each EC2 operation, after the Service Authorization Reference for EC2: the
 * Describe actions on `*` (they have no resource-level permissions); the others on each instance's
 * ARN (`arn:aws:ec2:REGION:ACCOUNT:instance/ID`) with the instance's tags as `ec2:ResourceTag/…`
 * and `aws:ResourceTag/…`; RunInstances on every resource a launch touches, with the requested
 * tags; and `ec2:CreateTags` (with `ec2:CreateAction`) when a launch tags what it creates.
 */

type Keys = Record<string, ContextInput>;
type Input = Readonly<Record<string, unknown>>;

function arn(context: ResolveContext, resource: string, account = context.caller.accountId): string {
  return `arn:aws:ec2:${context.caller.region}:${account}:${resource}`;
}

function regionKeys(context: ResolveContext): Keys {
  return { 'ec2:Region': context.caller.region };
}

/** Describe actions: one check on `*`. */
function anywhere(action: string): OperationAuthorization {
  return (_input, context) => Promise.resolve([{ action, resource: '*', context: regionKeys(context) }]);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function tagsOf(value: unknown): { Key: string; Value: string }[] {
  return (Array.isArray(value) ? (value as { Key?: unknown; Value?: unknown }[]) : []).map((t) => ({
    Key: typeof t.Key === 'string' ? t.Key : '',
    Value: typeof t.Value === 'string' ? t.Value : '',
  }));
}

/**
 * An action on each instance named by `member`, with what each instance carries, and the keys the
 * request adds. An id that names no instance is still checked, by its ARN: the operation then
 * answers NotFound to a caller who may know.
 */
function onInstances(
  action: string,
  member: string,
  requestKeys: (input: Input) => Keys = () => ({}),
): OperationAuthorization {
  return async (input, context) => {
    const ids = strings(input[member]);
    const known = await instancesForAuthorization(context.tx, scopeOf(context.caller), ids);
    return ids.map((id): AuthorizationCheck => {
      const keys: Keys = { ...regionKeys(context), ...requestKeys(input) };
      const instance = known.get(id);
      if (instance) {
        keys['ec2:InstanceType'] = instance.instanceType;
        for (const { Key, Value } of instance.tags) {
          keys[`ec2:ResourceTag/${Key}`] = Value;
          keys[`aws:ResourceTag/${Key}`] = Value;
        }
      }
      return { action, resource: arn(context, `instance/${id}`), context: keys };
    });
  };
}

const runInstances: OperationAuthorization = (raw, context) => {
  const input = raw as Readonly<RunInstancesInput>;
  const region = regionKeys(context);
  const tags = instanceTags(input);
  const instance: Keys = {
    ...region,
    ...requestTagKeys(tags),
    'ec2:InstanceType': launchedType({ instanceType: input.InstanceType }),
    'ec2:Tenancy': 'default',
  };
  const zone = input.Placement?.AvailabilityZone;
  if (zone !== undefined) instance['ec2:AvailabilityZone'] = zone;
  const checks: AuthorizationCheck[] = [
    { action: 'ec2:RunInstances', resource: arn(context, 'instance/*'), context: instance },
    ...['network-interface/*', 'security-group/*', 'subnet/*', 'volume/*'].map((resource) => ({
      action: 'ec2:RunInstances',
      resource: arn(context, resource),
      context: region,
    })),
  ];
  if (input.ImageId !== undefined)
    checks.push({
      action: 'ec2:RunInstances',
      resource: arn(context, `image/${input.ImageId}`, ''),
      context: region,
    });
  if (input.KeyName !== undefined)
    checks.push({
      action: 'ec2:RunInstances',
      resource: arn(context, `key-pair/${input.KeyName}`),
      context: region,
    });
  if (tags.length > 0)
    checks.push({
      action: 'ec2:CreateTags',
      resource: arn(context, 'instance/*'),
      context: { ...region, ...requestTagKeys(tags), 'ec2:CreateAction': 'RunInstances' },
    });
  return Promise.resolve(checks);
};

export const ec2Authorizations: Authorizations = {
  DescribeInstances: anywhere('ec2:DescribeInstances'),
  DescribeTags: anywhere('ec2:DescribeTags'),
  DescribeRegions: anywhere('ec2:DescribeRegions'),
  DescribeAvailabilityZones: anywhere('ec2:DescribeAvailabilityZones'),
  RunInstances: runInstances,
  StartInstances: onInstances('ec2:StartInstances', 'InstanceIds'),
  StopInstances: onInstances('ec2:StopInstances', 'InstanceIds'),
  RebootInstances: onInstances('ec2:RebootInstances', 'InstanceIds'),
  TerminateInstances: onInstances('ec2:TerminateInstances', 'InstanceIds'),
  CreateTags: onInstances('ec2:CreateTags', 'Resources', (input) => requestTagKeys(tagsOf(input['Tags']))),
  DeleteTags: onInstances('ec2:DeleteTags', 'Resources', (input) => {
    const keys = tagsOf(input['Tags']).map((t) => t.Key);
    return keys.length === 0 ? {} : { 'aws:TagKeys': keys };
  }),
};
