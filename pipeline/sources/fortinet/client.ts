// FortiOS REST client: token in `Authorization: Bearer` (never in the URL), verified TLS, the
// shared HTTP policy (rate limit, retries, Retry-After, AuthError on 401/403), envelope checks,
// re-fetch of unparseable bodies, and `start`/`count` paging as an async generator of pages.
import { ScopeAccessError } from '../common/config-error.ts';
import { AuthError } from '../common/errors.ts';
import { fetchWithRetry, type HttpPolicy } from '../common/http.ts';
import { sleep, TokenBucket } from '../common/token-bucket.ts';
import type { FortinetConfig } from './config.ts';
import { createTlsFetch, TlsTrustError, type TlsFetch } from './tls.ts';

export type Json = Record<string, unknown>;

/** Detected-device endpoints by FortiOS generation, probed in this order (6.4+ first). */
export const DEVICE_API_PATHS = [
  'monitor/user/device/query',
  'monitor/user/device/select',
  'monitor/user/detected-device',
] as const;
export type DeviceApiPath = (typeof DEVICE_API_PATHS)[number];

export interface FortiEnvelope {
  results: unknown;
  vdom?: string;
  status?: string;
  http_status?: number;
  serial?: string;
  version?: string;
  build?: number;
  matched_count?: number;
  next_idx?: number;
}

export interface FortiPage {
  results: Json[];
  envelope: FortiEnvelope;
}

export interface DeviceStatus {
  serial: string;
  version: string;
  build: number | undefined;
  results: Json;
}

/** The appliance answered but not with what was asked (4xx other than auth, error envelope, bad JSON, page loop). */
export class FortinetApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'FortinetApiError';
  }
}

const PARSE_ATTEMPTS = 4;

export interface FortinetClientOptions {
  sourceId: string;
  config: FortinetConfig;
  apiToken: string;
  limiter?: TokenBucket;
  signal?: AbortSignal;
}

export class FortinetClient {
  readonly #sourceId: string;
  readonly #config: FortinetConfig;
  readonly #token: string;
  readonly #tls: TlsFetch;
  readonly #policy: HttpPolicy;
  /** Aborted with the TLS error, so fetchWithRetry stops at once instead of retrying. */
  readonly #trustAbort = new AbortController();
  requests = 0;

  constructor(options: FortinetClientOptions) {
    this.#sourceId = options.sourceId;
    this.#config = options.config;
    this.#token = options.apiToken;
    const trust = options.config.certificateSha256
      ? { certificateSha256: options.config.certificateSha256 }
      : options.config.caPem
        ? { caPem: options.config.caPem }
        : {};
    this.#tls = createTlsFetch(options.sourceId, trust, options.config.timeoutMs);
    const tlsFetch = this.#tls.fetch;
    const trustAbort = this.#trustAbort;
    const guarded = (async (input: string | URL | Request, init?: RequestInit) => {
      this.requests++;
      try {
        return await tlsFetch(input, init);
      } catch (error) {
        if (error instanceof TlsTrustError) trustAbort.abort(error);
        throw error;
      }
    }) as typeof fetch;
    const signals = [trustAbort.signal, ...(options.signal ? [options.signal] : [])];
    this.#policy = {
      sourceId: options.sourceId,
      credential: 'apiToken',
      limiter:
        options.limiter ??
        new TokenBucket({
          ratePerSec: options.config.rateLimit.ratePerSecond,
          burst: options.config.rateLimit.burst,
        }),
      maxAttempts: options.config.maxAttempts,
      initialDelayMs: options.config.retryInitialDelayMs,
      timeoutMs: options.config.timeoutMs,
      signal: AbortSignal.any(signals),
      fetch: guarded,
    };
  }

  close(): void {
    this.#tls.close();
  }

  /** GET `/api/v2/<path>` and parse JSON; an unparseable (e.g. truncated) body is fetched again. */
  async getJson(path: string, query: Record<string, string | number>): Promise<unknown> {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    const url = `${this.#config.baseUrl}/api/v2/${path}${qs ? `?${qs}` : ''}`;
    const where = `${path}${query.vdom !== undefined ? ` (vdom ${query.vdom})` : ''}`;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetchWithRetry(
          url,
          { headers: { authorization: `Bearer ${this.#token}`, accept: 'application/json' } },
          this.#policy,
        );
      } catch (error) {
        if (error instanceof AuthError) {
          // A VDOM the token may not read fails that scope only; the others still collect.
          if (error.status === 403 && typeof query.vdom === 'string' && query.vdom !== '*')
            throw new ScopeAccessError(
              query.vdom,
              `source ${this.#sourceId}: the API token may not read ${where} (HTTP 403): add VDOM ${query.vdom} to the token's admin profile or remove it from the source's vdoms`,
            );
          throw this.#authError(error, where);
        }
        throw error;
      }
      if (!res.ok) {
        const text = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
        throw new FortinetApiError(
          `source ${this.#sourceId}: ${where} answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
          res.status,
        );
      }
      let problem: string;
      try {
        return JSON.parse(await res.text()) as unknown;
      } catch (error) {
        problem = (error as Error).message;
      }
      if (attempt >= PARSE_ATTEMPTS)
        throw new FortinetApiError(
          `source ${this.#sourceId}: ${where} returned an unreadable body ${attempt} times (${problem})`,
          null,
        );
      await sleep(Math.min(2_000, 100 * 2 ** attempt), this.#policy.signal);
    }
  }

  #authError(error: AuthError, where: string): AuthError {
    const why =
      error.status === 401
        ? 'the token is invalid, expired or was sent from a host not in its trusted hosts'
        : `the token's admin profile may not read ${where}, or this host is not in the token's trusted hosts`;
    return new AuthError(this.#sourceId, 'apiToken', error.status, why);
  }

  #envelope(body: unknown, where: string): FortiEnvelope {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new FortinetApiError(
        `source ${this.#sourceId}: ${where} did not return a FortiOS envelope`,
        null,
      );
    const env = body as FortiEnvelope;
    if (env.status !== 'success')
      throw new FortinetApiError(
        `source ${this.#sourceId}: ${where} answered status ${String(env.status)} (http_status ${String(env.http_status)})`,
        env.http_status ?? null,
      );
    return env;
  }

  async status(): Promise<DeviceStatus> {
    const env = this.#envelope(await this.getJson('monitor/system/status', {}), 'monitor/system/status');
    if (typeof env.serial !== 'string' || env.serial === '')
      throw new FortinetApiError(`source ${this.#sourceId}: monitor/system/status carries no serial`, null);
    const results = env.results && typeof env.results === 'object' ? (env.results as Json) : {};
    return {
      serial: env.serial,
      version: String(env.version ?? ''),
      build: typeof env.build === 'number' ? env.build : undefined,
      results,
    };
  }

  /** VDOMs the token can read: `vdom=*` answers one envelope per VDOM (one object without VDOMs). */
  async vdoms(): Promise<string[]> {
    const body = await this.getJson('cmdb/firewall/address', {
      vdom: '*',
      format: 'name',
      start: 0,
      count: 1,
    });
    const list = Array.isArray(body) ? body : [body];
    const names = list
      .map((b) => this.#envelope(b, 'cmdb/firewall/address (vdom *)').vdom)
      .filter((v): v is string => typeof v === 'string' && v !== '');
    return [...new Set(names.length > 0 ? names : ['root'])];
  }

  /** The first detected-device endpoint that exists on this FortiOS (404 means "not this one"), or null. */
  async probeDeviceApi(vdom: string): Promise<DeviceApiPath | null> {
    for (const path of DEVICE_API_PATHS) {
      try {
        this.#envelope(await this.getJson(path, { vdom, start: 0, count: 1 }), path);
        return path;
      } catch (error) {
        if (error instanceof FortinetApiError && error.httpStatus === 404) continue;
        throw error;
      }
    }
    return null;
  }

  /**
   * Pages of one listing in one VDOM. Stops on a short page or at matched_count; a page whose
   * next index points back, or that repeats the previous page, is a loop and fails the listing.
   * The next page is requested while the caller works on the current one (two pages in memory).
   */
  async *pages(path: string, vdom: string): AsyncGenerator<FortiPage> {
    const size = this.#config.pageSize;
    const fetchPage = (from: number): Promise<unknown> => {
      const p = this.getJson(path, { vdom, start: from, count: size });
      // Awaited below; this only keeps an abandoned read-ahead from being an unhandled rejection.
      p.catch(() => undefined);
      return p;
    };
    let start = 0;
    let pending = fetchPage(0);
    let previousFirst: string | undefined;
    for (;;) {
      const where = `${path} (vdom ${vdom}, start ${start})`;
      const env = this.#envelope(await pending, where);
      if (!Array.isArray(env.results))
        throw new FortinetApiError(`source ${this.#sourceId}: ${where} results is not a list`, null);
      const results = env.results as Json[];
      const first = results.length > 0 ? JSON.stringify(results[0]) : undefined;
      if (start > 0 && first !== undefined && first === previousFirst)
        throw new FortinetApiError(
          `source ${this.#sourceId}: ${where} repeated the previous page (paging ignored?); listing stopped`,
          null,
        );
      const next = typeof env.next_idx === 'number' ? env.next_idx + 1 : start + results.length;
      const done =
        results.length === 0 ||
        (typeof env.matched_count === 'number' && next >= env.matched_count) ||
        results.length !== size;
      const loop = !done && next <= start;
      if (!done && !loop) pending = fetchPage(next);
      yield { results, envelope: env };
      if (loop)
        throw new FortinetApiError(
          `source ${this.#sourceId}: ${where} pointed back to index ${next} (page loop); listing stopped`,
          null,
        );
      if (done) return;
      previousFirst = first;
      start = next;
    }
  }
}
