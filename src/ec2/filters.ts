import { invalidParameterValue } from './errors.js';

/**
 * EC2's `Filter.N.Name` / `Filter.N.Value.M`: an item passes when, for every filter, one of its
 * values for the filter's name matches one of the filter's values. Values may use `*` (any
 * characters) and `?` (one character), with `\` escaping either; matching is case-sensitive.
 * `tag:KEY` filters on the value of tag KEY; `tag-key` and `tag-value` on any tag.
 */

export interface Filter {
  readonly Name?: string;
  readonly Values?: readonly string[];
}

/** For each filter name a service supports, the item's values under that name. */
export type FilterFields<T> = Readonly<Record<string, (item: T) => readonly string[]>>;

/** An item's tags, for the services' resources that have them. */
export type TagsOf<T> = (item: T) => readonly { readonly Key: string; readonly Value: string }[];

function wildcard(value: string): RegExp {
  let source = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && i + 1 < value.length) source += escapeRegExp(value.charAt(++i));
    else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A predicate for the filters, or InvalidParameterValue for a filter name the service does not know
 * (the tag filters only for items with `tagsOf`).
 * @example itemFilter([{ Name: 'instance-state-name', Values: ['running'] }], fields)(instance)
 */
export function itemFilter<T>(
  filters: readonly Filter[],
  fields: FilterFields<T>,
  tagsOf?: TagsOf<T>,
): (item: T) => boolean {
  const tests = filters.map((filter): ((item: T) => boolean) => {
    const name = filter.Name ?? '';
    const patterns = (filter.Values ?? []).map(wildcard);
    const matches = (values: readonly string[]) => values.some((v) => patterns.some((p) => p.test(v)));
    if (tagsOf && name.startsWith('tag:')) {
      const key = name.slice(4);
      return (item) =>
        matches(
          tagsOf(item)
            .filter((t) => t.Key === key)
            .map((t) => t.Value),
        );
    }
    if (tagsOf && name === 'tag-key') return (item) => matches(tagsOf(item).map((t) => t.Key));
    if (tagsOf && name === 'tag-value') return (item) => matches(tagsOf(item).map((t) => t.Value));
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!field) throw invalidParameterValue(`The filter '${name}' is invalid`);
    return (item) => matches(field(item));
  });
  return (item) => tests.every((test) => test(item));
}
