// The filter mini-language of table header inputs: "text" contains, "=x" equals, ">x" / "<x"
// compare, "null" / "!null" test for missing values. Kept tiny so analysts can guess it.
import type { z } from 'zod';
import type { filterSchema } from '../../pipeline/service/contract.ts';

export type FilterInput = z.input<typeof filterSchema>;

export function parseFilter(column: string, text: string, numeric: boolean): FilterInput | null {
  const t = text.trim();
  if (!t) return null;
  if (t === 'null') return { column, op: 'isNull' };
  if (t === '!null') return { column, op: 'notNull' };
  const value = (s: string): string | number =>
    numeric && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s.trim();
  for (const [prefix, op] of [
    ['>=', 'gte'],
    ['<=', 'lte'],
    ['!=', 'ne'],
    ['>', 'gt'],
    ['<', 'lt'],
    ['=', 'eq'],
  ] as const) {
    if (t.startsWith(prefix)) return { column, op, value: value(t.slice(prefix.length)) };
  }
  return { column, op: 'contains', value: t };
}
