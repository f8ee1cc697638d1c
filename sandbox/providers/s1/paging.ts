/**
 * Cursor pagination as the management API does it: `limit` 1..1000 (default 10), an opaque
 * base64 `cursor`, and `{data, pagination: {nextCursor, totalItems}}`. A cursor is bound to its
 * listing (resource and filters), so replaying it on another listing is a validation error.
 */
import type { SandboxResponse } from '../../server/types.ts';
import { hash32 } from '../../world/prng.ts';
import { validationError } from './errors.ts';

export const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 10;

export interface Page {
  offset: number;
  limit: number;
  cursor?: string;
  listing: string;
}

/** Identifies a listing by resource and every filter except paging, so cursors cannot cross. */
export function listingKey(resource: string, query: URLSearchParams): string {
  const filters = [...query.entries()]
    .filter(([k]) => k !== 'cursor' && k !== 'limit' && k !== 'skipCount')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${resource}_${hash32(filters).toString(36)}`;
}

export function readPage(query: URLSearchParams, listing: string): Page | SandboxResponse {
  const raw = query.get('limit');
  const limit = raw === null || raw === '' ? DEFAULT_LIMIT : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return validationError(`limit: Must be between 1 and ${MAX_LIMIT}.`);
  const cursor = query.get('cursor');
  if (!cursor) return { offset: 0, limit, listing };
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const m = /^(.+):(\d+)$/.exec(text);
  if (!m || m[1] !== listing) return validationError('cursor: Invalid cursor.');
  return { offset: Number(m[2]), limit, cursor, listing };
}

export function isResponse(p: Page | SandboxResponse): p is SandboxResponse {
  return 'status' in p;
}

export function cursorAt(listing: string, offset: number): string {
  return Buffer.from(`${listing}:${offset}`).toString('base64');
}

/**
 * A page response. `wrap` shapes `data` (sites nest theirs as `{allSites, sites}`). The loop
 * variant points `nextCursor` back at the page just served, for the harness's loop fault.
 */
export function pageResponse(
  items: unknown[],
  page: Page,
  total: number,
  wrap: (items: unknown[]) => unknown = (x) => x,
): SandboxResponse {
  const next = page.offset + page.limit < total ? cursorAt(page.listing, page.offset + page.limit) : null;
  const body = { data: wrap(items), pagination: { nextCursor: next, totalItems: total } };
  return {
    status: 200,
    body,
    ...(page.cursor && next
      ? { loopBody: { ...body, pagination: { nextCursor: page.cursor, totalItems: total } } }
      : {}),
  };
}
