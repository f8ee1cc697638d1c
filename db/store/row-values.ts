import type { Row } from './types.ts';

/** Brings a value read from a driver to the shared row shape (see `Row`). */
export function readValue(value: unknown, isJson: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (isJson && typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => readValue(v, false));
  return value;
}

export function readRow(raw: Record<string, unknown>, jsonColumns: ReadonlySet<string>): Row {
  const out: Row = {};
  for (const key of Object.keys(raw)) out[key] = readValue(raw[key], jsonColumns.has(key));
  return out;
}
