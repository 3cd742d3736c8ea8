import { describe, expect, it } from 'vitest';
import { withJoinedTags } from './tags.js';

describe('withJoinedTags', () => {
  it('finds nothing in no rows', () => {
    expect(withJoinedTags([])).toBeUndefined();
  });

  it('reads an entity without tags from its one row of null tag columns', () => {
    expect(withJoinedTags([{ id: 'AIDA1', name: 'bob', tag_key: null, tag_value: null }])).toEqual({
      row: { id: 'AIDA1', name: 'bob' },
      tags: [],
    });
  });

  it('keeps the entity once and its tags in row order, empty values included', () => {
    const found = withJoinedTags([
      { id: 'AIDA1', tag_key: 'team', tag_value: 'blue' },
      { id: 'AIDA1', tag_key: 'Cost', tag_value: '' },
    ]);
    expect(found).toEqual({
      row: { id: 'AIDA1' },
      tags: [
        { key: 'team', value: 'blue' },
        { key: 'Cost', value: '' },
      ],
    });
    expect(found?.row).not.toHaveProperty('tag_key');
  });
});
