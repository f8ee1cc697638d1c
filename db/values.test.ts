import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { col } from './catalog/define.ts';
import { ValueError, canonicalJson, normalizeValue } from './values.ts';

describe('values', () => {
  test('canonical JSON ignores key order and undefined members', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
    expect(canonicalJson({ b: 1, a: undefined, c: [2n] })).toBe('{"b":1,"c":[2]}');
  });

  test('normalises each type to one form and refuses what does not fit, naming the column', () => {
    expect(normalizeValue(col('t', 'timestamp', 't'), '2026-01-01T01:02:03+01:00')).toBe(
      '2026-01-01T00:02:03.000Z',
    );
    expect(normalizeValue(col('b', 'bigint', 'b'), '18446744073709551615'.slice(0, 19))).toBe(
      1844674407370955161n,
    );
    expect(() => normalizeValue(col('b', 'bigint', 'b'), '18446744073709551615')).toThrow('b expects bigint');
    expect(() => normalizeValue(col('n', 'integer', 'n'), 1.5)).toThrow(ValueError);
    expect(() => normalizeValue(col('s', 'text', 's', { nullable: false }), null)).toThrow(
      's is required but missing',
    );
    expect(() => normalizeValue(col('d', 'double', 'd'), Number.NaN)).toThrow('d expects double');
    expect(normalizeValue(col('j', 'json', 'j'), { b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
