/**
 * API tokens the sandbox issues: one with account-level access to the whole tenant, and one
 * scoped to a single site (it gets 403 on account endpoints and sees only its own site).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../../server/types.ts';
import { authenticationFailed } from './errors.ts';

/** What a token may see: every site, or the listed ones only. */
export type TokenScope = { kind: 'account' } | { kind: 'site'; siteIds: ReadonlySet<string> };

function token(): string {
  // Real tokens are long opaque strings; the prefix only helps a human reading logs.
  return `s1sbx-${randomBytes(30).toString('base64url')}`;
}

export class S1Auth {
  readonly apiToken = token();
  readonly siteScopedToken = token();

  /** The scope of the request's token, or the 401 the console sends. */
  scopeOf(req: SandboxRequest, scopedSiteId: string): TokenScope | SandboxResponse {
    const header = req.headers.authorization;
    const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
    const m = /^ApiToken\s+(\S+)$/.exec(value);
    if (m?.[1] === this.apiToken) return { kind: 'account' };
    if (m?.[1] === this.siteScopedToken) return { kind: 'site', siteIds: new Set([scopedSiteId]) };
    return authenticationFailed();
  }
}

export function isDenied(s: TokenScope | SandboxResponse): s is SandboxResponse {
  return 'status' in s;
}
