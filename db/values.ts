import type { ColumnSpec } from './catalog/types.ts';
import type { BulkValue } from './store/types.ts';

/** A value that does not fit its column; the message names the column and the problem. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** JSON text with object keys sorted, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

function toTimestamp(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string' && value.trim() !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  return undefined;
}

function toBigInt(value: unknown): bigint | undefined {
  let out: bigint | undefined;
  if (typeof value === 'bigint') out = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) out = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) out = BigInt(value);
  return out !== undefined && out >= INT64_MIN && out <= INT64_MAX ? out : undefined;
}

function mismatch(column: ColumnSpec, value: unknown): never {
  throw new ValueError(`${column.name} expects ${column.type}, got ${describe(value)}`);
}

/**
 * Checks a value against its column and brings it to the one form both stores write and the
 * hash reads. Throws `ValueError` for anything that does not fit; never guesses silently.
 */
export function normalizeValue(column: ColumnSpec, value: unknown): BulkValue {
  if (value === null || value === undefined) {
    if (column.nullable) return null;
    throw new ValueError(`${column.name} is required but missing`);
  }
  switch (column.type) {
    case 'text':
      return typeof value === 'string' ? value : mismatch(column, value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2147483647
        ? value
        : mismatch(column, value);
    case 'bigint':
      return toBigInt(value) ?? mismatch(column, value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : mismatch(column, value);
    case 'boolean':
      return typeof value === 'boolean' ? value : mismatch(column, value);
    case 'timestamp':
      return toTimestamp(value) ?? mismatch(column, value);
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) ? value : mismatch(column, value);
    case 'json':
      return canonicalJson(value);
  }
}

/** The text a value contributes to a content hash; distinguishes NULL from every string. */
export function hashText(value: BulkValue): string {
  if (value === null) return '\u0000';
  return typeof value === 'string' ? value : String(value);
}
