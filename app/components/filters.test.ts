import { describe, expect, it } from 'vitest';
import { parseFilter } from './filters.ts';

describe('header filter language', () => {
  it('maps text to contains and prefixes to comparisons', () => {
    expect(parseFilter('name', '  web ', false)).toEqual({ column: 'name', op: 'contains', value: 'web' });
    expect(parseFilter('status', '=RUNNING', false)).toEqual({
      column: 'status',
      op: 'eq',
      value: 'RUNNING',
    });
    expect(parseFilter('n', '>=10', true)).toEqual({ column: 'n', op: 'gte', value: 10 });
    expect(parseFilter('n', '<3', true)).toEqual({ column: 'n', op: 'lt', value: 3 });
    expect(parseFilter('n', '!=x', false)).toEqual({ column: 'n', op: 'ne', value: 'x' });
    expect(parseFilter('a', 'null', false)).toEqual({ column: 'a', op: 'isNull' });
    expect(parseFilter('a', '!null', false)).toEqual({ column: 'a', op: 'notNull' });
    expect(parseFilter('a', '   ', false)).toBeNull();
  });
});
