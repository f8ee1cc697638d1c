/** Opaque, deterministic page tokens: the same position always yields the same token text. */
import type { SandboxResponse } from '../../server/types.ts';
import { googleError } from './errors.ts';

export interface PageRequest {
  offset: number;
  size: number;
  /** The token the client sent (undefined on the first page). */
  token?: string;
}

export function encodeToken(listing: string, offset: number): string {
  return Buffer.from(`v1|${listing}|${offset}`).toString('base64url');
}

/** Parses maxResults/pageToken; returns an error response for bad values, like Compute does. */
export function readPage(
  query: URLSearchParams,
  listing: string,
  sizeParam = 'maxResults',
  defaultSize = 500,
  maxSize = 500,
): PageRequest | SandboxResponse {
  const rawSize = query.get(sizeParam);
  let size = rawSize === null || rawSize === '' ? defaultSize : Number(rawSize);
  if (!Number.isInteger(size) || size < 0 || size > maxSize) {
    return googleError(
      400,
      `Invalid value for field '${sizeParam}': '${rawSize}'. Must be in the range [0, ${maxSize}].`,
    );
  }
  if (size === 0) size = defaultSize;
  const token = query.get('pageToken') ?? '';
  if (!token) return { offset: 0, size };
  const decoded = Buffer.from(token, 'base64url').toString('utf8').split('|');
  const offset = Number(decoded[2]);
  if (decoded[0] !== 'v1' || decoded[1] !== listing || !Number.isInteger(offset) || offset < 0) {
    return googleError(400, `Invalid value for field 'pageToken': '${token}'. Invalid page token.`);
  }
  return { offset, size, token };
}

export function isError(p: PageRequest | SandboxResponse): p is SandboxResponse {
  return 'status' in p;
}

/** A page body plus the loop variant whose cursor points at the page just served. */
export function pageResponse(
  body: Record<string, unknown>,
  page: PageRequest,
  tokenKey = 'nextPageToken',
): SandboxResponse {
  return { status: 200, body, ...(page.token ? { loopBody: { ...body, [tokenKey]: page.token } } : {}) };
}
