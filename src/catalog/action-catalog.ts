import type { ActionCatalog, ConditionKeyInfo, ConditionKeyType } from '../policy/lint/catalog.js';

/**
 * The catalog as plain data, and the index over it that answers ActionCatalog's lookups with one
 * map access each (keys lower-cased once). Keys with a variable part (`aws:PrincipalTag/${TagKey}`,
 * `aws:RequestTag/tag-key`) are matched by a pattern, searched only among keys of the same prefix.
 */

/** One condition key as the data gives it: its name and a type such as `String` or `ArrayOfARN`. */
export interface ConditionKeyData {
  readonly name: string;
  readonly type: string;
}

/** Services by prefix (as AWS spells them) with their action names and condition keys. */
export interface CatalogData {
  readonly services: Readonly<
    Record<
      string,
      { readonly actions: readonly string[]; readonly conditionKeys: readonly ConditionKeyData[] }
    >
  >;
  /** Global keys (`aws:…` and the few service keys AWS lists with them). */
  readonly globalConditionKeys: readonly ConditionKeyData[];
}

const TYPES: readonly ConditionKeyType[] = [
  'String',
  'ARN',
  'Bool',
  'Numeric',
  'Date',
  'IPAddress',
  'Binary',
];

/** `ArrayOfARN` → ARN, multivalued; an unknown type is read as String (the most lenient). */
function keyInfo(data: ConditionKeyData): ConditionKeyInfo {
  const multiValued = data.type.startsWith('ArrayOf');
  const base = multiValued ? data.type.slice('ArrayOf'.length) : data.type;
  const type = TYPES.find((t) => t.toLowerCase() === base.toLowerCase()) ?? 'String';
  return { name: data.name, type, multiValued };
}

/** A key's variable parts: `${TagKey}`-style, and the `tag-key` the global-key list uses. */
const VARIABLE_PART = /\\\$\\\{[^}]*\\\}|tag-key/gi;

class IndexedCatalog implements ActionCatalog {
  readonly #services = new Map<string, string>();
  readonly #actions = new Map<
    string,
    { readonly names: readonly string[]; readonly byLower: Map<string, string> }
  >();
  readonly #keys = new Map<string, ConditionKeyInfo>();
  readonly #keyPatterns = new Map<string, [RegExp, ConditionKeyInfo][]>();

  constructor(data: CatalogData) {
    for (const [prefix, service] of Object.entries(data.services)) {
      const lower = prefix.toLowerCase();
      this.#services.set(lower, prefix);
      this.#actions.set(lower, {
        names: service.actions,
        byLower: new Map(service.actions.map((a) => [a.toLowerCase(), a])),
      });
      for (const key of service.conditionKeys) this.#addKey(key);
    }
    for (const key of data.globalConditionKeys) this.#addKey(key);
  }

  #addKey(data: ConditionKeyData): void {
    const info = keyInfo(data);
    const lower = data.name.toLowerCase();
    const escaped = lower.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
    if (escaped.search(VARIABLE_PART) < 0) {
      if (!this.#keys.has(lower)) this.#keys.set(lower, info);
      return;
    }
    const prefix = lower.slice(0, lower.indexOf(':'));
    const pattern = new RegExp(`^${escaped.replace(VARIABLE_PART, '.+')}$`);
    const list = this.#keyPatterns.get(prefix) ?? [];
    list.push([pattern, info]);
    this.#keyPatterns.set(prefix, list);
  }

  service(prefix: string): string | undefined {
    return this.#services.get(prefix.toLowerCase());
  }

  action(prefix: string, name: string): string | undefined {
    return this.#actions.get(prefix.toLowerCase())?.byLower.get(name.toLowerCase());
  }

  actions(prefix: string): readonly string[] {
    return this.#actions.get(prefix.toLowerCase())?.names ?? [];
  }

  conditionKey(key: string): ConditionKeyInfo | undefined {
    const lower = key.toLowerCase();
    const exact = this.#keys.get(lower);
    if (exact) return exact;
    const patterns = this.#keyPatterns.get(lower.slice(0, lower.indexOf(':')));
    return patterns?.find(([pattern]) => pattern.test(lower))?.[1];
  }
}

/**
 * Indexes catalog data for fast lookups.
 * @example catalogFrom({ services: { iam: { actions: ['GetUser'], conditionKeys: [] } }, globalConditionKeys: [] })
 */
export function catalogFrom(data: CatalogData): ActionCatalog {
  return new IndexedCatalog(data);
}
