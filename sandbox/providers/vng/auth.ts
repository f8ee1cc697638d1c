/**
 * The simulated VNG IAM: `POST /accounts-api/v2/auth/token` with HTTP basic auth
 * (client_id:client_secret) and grant_type=client_credentials, answering
 * `{access_token, expires_in, token_type, refresh_expires_in}` like iamapis.vngcloud.vn. The token
 * lifetime is configurable (7200 s by default) so tests can let tokens expire mid-listing, and
 * every issued token can be revoked to force a 401 on the next gateway call.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxResponse } from '../../server/types.ts';
import { iamError } from './errors.ts';

export interface VngAuthOptions {
  /** Lifetime of issued tokens in seconds (the real IAM issues 7200 s tokens). */
  tokenTtlSeconds?: number;
}

export class VngAuth {
  readonly clientId = `sandbox-${randomBytes(8).toString('hex')}`;
  readonly clientSecret = randomBytes(24).toString('base64url');
  tokenTtlSeconds: number;
  /** Token requests answered (successful or not), for tests. */
  tokenRequests = 0;
  /** When true the gateway rejects every token, issued or not (a revoked service account). */
  rejectAll = false;
  private readonly issued = new Map<string, number>();

  constructor(options: VngAuthOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
  }

  /** Forgets every issued token: the next gateway call with one answers 401. */
  revokeAll(): number {
    const n = this.issued.size;
    this.issued.clear();
    return n;
  }

  exchange(headers: Record<string, string | string[] | undefined>, body: string): SandboxResponse {
    this.tokenRequests++;
    const header = headers.authorization;
    const auth = Array.isArray(header) ? header[0] : header;
    const m = /^Basic\s+(\S+)$/i.exec(auth?.trim() ?? '');
    if (!m?.[1]) return iamError(401, 'AUTHENTICATION_FAILED', 'Missing HTTP basic authentication.');
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = colon < 0 ? decoded : decoded.slice(0, colon);
    const secret = colon < 0 ? '' : decoded.slice(colon + 1);
    if (id !== this.clientId || secret !== this.clientSecret)
      return iamError(401, 'AUTHENTICATION_FAILED', 'Client id or client secret is incorrect.');
    if (grantType(body) !== 'client_credentials')
      return iamError(400, 'INVALID_GRANT_TYPE', 'grant_type must be client_credentials.');
    const token = `eyJ${randomBytes(32).toString('base64url')}`;
    this.issued.set(token, Date.now() + this.tokenTtlSeconds * 1000);
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: this.tokenTtlSeconds,
        refresh_expires_in: 0,
        token_type: 'Bearer',
      },
    };
  }

  /** Undefined when the Authorization header carries a live token, else why not. */
  check(authorization: string | undefined): string | undefined {
    if (this.rejectAll) return 'The service account is disabled.';
    const m = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!m?.[1]) return 'Missing bearer token.';
    const expires = this.issued.get(m[1]);
    if (expires === undefined) return 'Invalid token.';
    return expires > Date.now() ? undefined : 'Token is expired.';
  }
}

/** The official Go SDK posts JSON under a form content type; curl users post a form: accept both. */
function grantType(body: string): string | null {
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { grant_type?: unknown };
      return typeof parsed.grant_type === 'string' ? parsed.grant_type : null;
    } catch {
      return null;
    }
  }
  return new URLSearchParams(text).get('grant_type');
}
