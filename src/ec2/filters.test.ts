import { describe, expect, it } from 'vitest';
import { itemFilter } from './filters.js';

interface Item {
  readonly name: string;
  readonly tags: readonly { Key: string; Value: string }[];
}

const items: Item[] = [
  { name: 'web-1', tags: [{ Key: 'Team', Value: 'blue' }] },
  {
    name: 'web-2',
    tags: [
      { Key: 'Team', Value: 'green' },
      { Key: 'Env', Value: 'prod*' },
    ],
  },
  { name: 'db', tags: [] },
];
const fields = { name: (i: Item) => [i.name] };
const names = (filters: { Name: string; Values: string[] }[]) =>
  items.filter(itemFilter(filters, fields, (i) => i.tags)).map((i) => i.name);

describe('itemFilter', () => {
  it('ORs the values of one filter and ANDs the filters', () => {
    expect(names([{ Name: 'name', Values: ['web-1', 'db'] }])).toEqual(['web-1', 'db']);
    expect(
      names([
        { Name: 'name', Values: ['web-1', 'db'] },
        { Name: 'tag-key', Values: ['Team'] },
      ]),
    ).toEqual(['web-1']);
  });

  it('matches * and ? wildcards, case-sensitively, with \\ escaping them', () => {
    expect(names([{ Name: 'name', Values: ['web-?'] }])).toEqual(['web-1', 'web-2']);
    expect(names([{ Name: 'name', Values: ['*'] }])).toEqual(['web-1', 'web-2', 'db']);
    expect(names([{ Name: 'name', Values: ['WEB-*'] }])).toEqual([]);
    expect(names([{ Name: 'tag:Env', Values: ['prod\\*'] }])).toEqual(['web-2']);
    expect(names([{ Name: 'tag:Env', Values: ['prod\\?'] }])).toEqual([]);
    expect(names([{ Name: 'name', Values: ['web.1'] }])).toEqual([]);
  });

  it('filters by a tag’s value, any key, any value', () => {
    expect(names([{ Name: 'tag:Team', Values: ['green'] }])).toEqual(['web-2']);
    expect(names([{ Name: 'tag-value', Values: ['blue'] }])).toEqual(['web-1']);
  });

  it('refuses a filter it does not know, and tag filters on items without tags', () => {
    expect(() => names([{ Name: 'colour', Values: ['x'] }])).toThrow("The filter 'colour' is invalid");
    expect(() => itemFilter([{ Name: 'tag:Team', Values: ['x'] }], fields)).toThrow(
      "The filter 'tag:Team' is invalid",
    );
  });
});
