// The VNG IAM service-account token: POST {iamUrl}/accounts-api/v2/auth/token with HTTP basic auth
// (client_id:client_secret) and grant_type=client_credentials → {access_token, expires_in, …}.
// Tokens live 7200 s; a listing that runs longer must refresh before expiry, and refresh once more
// when the gateway still answers 401 (a token revoked or expired in flight).
import { fetchWithRetry, type HttpPolicy } from '../common/http.ts';

export interface TokenManagerOptions {
  iamUrl: string;
  clientId: string;
  clientSecret: string;
  /** Refresh this long before expiry; capped at a tenth of the token's lifetime. */
  refreshMarginSeconds: number;
  /** HTTP policy of the source (its AuthError names the source and the clientSecret credential). */
  policy: HttpPolicy;
  now?: () => number;
}

interface Held {
  value: string;
  /** Epoch ms after which the token is treated as expired (lifetime minus margin). */
  refreshAt: number;
}

export class VngTokenManager {
  /** Tokens obtained so far, for progress and tests. */
  issued = 0;
  #held: Held | undefined;
  #pending: Promise<Held> | undefined;
  readonly #options: TokenManagerOptions;
  readonly #now: () => number;

  constructor(options: TokenManagerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** A token that is not about to expire, fetched (once for concurrent callers) when needed. */
  async token(): Promise<string> {
    const held = this.#held;
    if (held && this.#now() < held.refreshAt) return held.value;
    return (await this.#fetchOnce()).value;
  }

  /**
   * The gateway rejected `rejected`: get a new token unless a concurrent caller already did.
   * Callers retry their request once with the result and let a second 401 fail the run.
   */
  async afterRejection(rejected: string): Promise<string> {
    if (this.#held && this.#held.value !== rejected) return this.#held.value;
    this.#held = undefined;
    return (await this.#fetchOnce()).value;
  }

  #fetchOnce(): Promise<Held> {
    this.#pending ??= this.#request().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #request(): Promise<Held> {
    const o = this.#options;
    const basic = Buffer.from(`${o.clientId}:${o.clientSecret}`, 'utf8').toString('base64');
    const started = this.#now();
    const res = await fetchWithRetry(
      `${o.iamUrl}/accounts-api/v2/auth/token`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
      },
      o.policy,
    );
    const text = await res.text();
    if (!res.ok)
      throw new Error(
        `source ${o.policy.sourceId}: the VNG IAM answered HTTP ${res.status} to the token request: ${text.slice(0, 200)}`,
      );
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`source ${o.policy.sourceId}: the VNG IAM token response is not JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new Error(`source ${o.policy.sourceId}: the VNG IAM token response has no access_token`);
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 7200;
    const marginMs = Math.min(o.refreshMarginSeconds, lifetimeS / 10) * 1000;
    const held = { value: body.access_token, refreshAt: started + lifetimeS * 1000 - marginMs };
    this.#held = held;
    this.issued++;
    return held;
  }
}
