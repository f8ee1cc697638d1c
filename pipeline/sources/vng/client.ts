// vServer gateway client: bearer token from the IAM (refreshed before expiry and once on a 401),
// per-source rate limit and retries from the common HTTP policy, page/size pagination over the
// `{listData, page, pageSize, totalPage, totalItem}` envelope (or a bare array), a truncated body
// re-fetched a bounded number of times, and a page served out of order stopping the listing.
import { AuthError } from '../common/errors.ts';
import { fetchWithRetry, type HttpPolicy } from '../common/http.ts';
import { TokenBucket } from '../common/token-bucket.ts';
import { gatewayUrl, VNG_CLIENT_SECRET, type VngConfig } from './config.ts';
import { VngTokenManager } from './token.ts';

export type ApiItem = Record<string, unknown>;

/** A listing the API answered inconsistently (wrong page, bad envelope); the scope stays incomplete. */
export class VngListingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VngListingError';
  }
}

export interface VngClientOptions {
  sourceId: string;
  config: VngConfig;
  clientSecret: string;
  /** Shared per source so parallel activities respect one rate limit. */
  limiter?: TokenBucket;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  now?: () => number;
  /** Called after each page or sub-list, for heartbeats and progress. */
  onPage?: (info: { url: string; items: number }) => void;
  /** Share another client's token (one token per source and process). */
  tokens?: VngTokenManager;
}

const PARSE_ATTEMPTS = 4;

export class VngClient {
  readonly tokens: VngTokenManager;
  /** Gateway requests answered 401 and retried with a fresh token. */
  reauthentications = 0;
  readonly #o: VngClientOptions;
  readonly #policy: HttpPolicy;

  constructor(options: VngClientOptions) {
    this.#o = options;
    const c = options.config;
    this.#policy = {
      sourceId: options.sourceId,
      credential: VNG_CLIENT_SECRET,
      limiter:
        options.limiter ??
        new TokenBucket({ ratePerSec: c.rateLimit.ratePerSecond, burst: c.rateLimit.burst }),
      maxAttempts: c.retry.maxAttempts,
      initialDelayMs: c.retry.initialDelayMs,
      timeoutMs: c.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    this.tokens =
      options.tokens ??
      new VngTokenManager({
        iamUrl: c.iamUrl,
        clientId: c.clientId,
        clientSecret: options.clientSecret,
        refreshMarginSeconds: c.tokenRefreshMarginSeconds,
        policy: this.#policy,
        ...(options.now ? { now: options.now } : {}),
      });
  }

  /** A client sharing this one's token and rate limit, with its own abort signal and progress callback. */
  withContext(signal: AbortSignal | undefined, onPage: VngClientOptions['onPage']): VngClient {
    const { signal: _s, onPage: _p, ...rest } = this.#o;
    void _s;
    void _p;
    return new VngClient({
      ...rest,
      ...(this.#policy.limiter ? { limiter: this.#policy.limiter } : {}),
      ...(signal ? { signal } : {}),
      ...(onPage ? { onPage } : {}),
      tokens: this.tokens,
    });
  }

  base(region: string): string {
    return gatewayUrl(this.#o.config, region);
  }

  /** GET with a bearer token: one refresh and one retry on 401; a second 401 is an AuthError. */
  async #authorizedGet(url: string): Promise<Response> {
    const token = await this.tokens.token();
    const init = (t: string): RequestInit => ({
      headers: { authorization: `Bearer ${t}`, accept: 'application/json' },
    });
    try {
      return await fetchWithRetry(url, init(token), this.#policy);
    } catch (error) {
      if (!(error instanceof AuthError) || error.status !== 401) throw error;
      this.reauthentications++;
      const fresh = await this.tokens.afterRejection(token);
      return await fetchWithRetry(url, init(fresh), this.#policy);
    }
  }

  /** JSON of a 200 answer; a truncated or unparseable body is fetched again (bounded). */
  async getJson(url: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.#authorizedGet(url);
      const text = await res.text();
      if (res.status !== 200) {
        const detail = text.slice(0, 200).replace(/\s+/g, ' ').trim();
        throw new VngListingError(`GET ${url} answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        if (attempt >= PARSE_ATTEMPTS)
          throw new VngListingError(`GET ${url} returned unparseable JSON ${attempt} times`);
      }
    }
  }

  /** Projects the service account sees in one region (`GET /v1/projects`). */
  async projects(region: string): Promise<ApiItem[]> {
    const body = await this.getJson(`${this.base(region)}/v1/projects`);
    return itemsOf(body, 'projects', `projects of ${region}`);
  }

  /** Every item of a paged `/v2/{projectId}/{path}` listing, one page in memory at a time. */
  async *paged(region: string, projectId: string, path: string): AsyncGenerator<ApiItem> {
    const size = this.#o.config.pageSize;
    for (let page = 1; ; page++) {
      const url = `${this.base(region)}/v2/${encodeURIComponent(projectId)}/${path}?page=${page}&size=${size}`;
      const body = await this.getJson(url);
      if (Array.isArray(body)) {
        this.#o.onPage?.({ url, items: body.length });
        yield* body.filter(isItem);
        return;
      }
      if (!isItem(body) || !Array.isArray(body.listData))
        throw new VngListingError(`GET ${url}: expected {listData: [...]} or an array`);
      if (typeof body.page === 'number' && body.page !== page)
        throw new VngListingError(
          `GET ${url}: asked for page ${page} but got page ${body.page}; stopped the listing (nothing deleted)`,
        );
      const items = body.listData as unknown[];
      this.#o.onPage?.({ url, items: items.length });
      yield* items.map((i) => (isItem(i) ? i : { value: i }));
      const totalPage = typeof body.totalPage === 'number' ? body.totalPage : undefined;
      if (items.length === 0 || totalPage === undefined || page >= totalPage) return;
    }
  }

  /** Subnets of one VPC (`networks/{id}/subnets`, a bare array). */
  async subnets(region: string, projectId: string, networkId: string): Promise<ApiItem[]> {
    const url = `${this.base(region)}/v2/${encodeURIComponent(projectId)}/networks/${encodeURIComponent(networkId)}/subnets`;
    const items = itemsOf(await this.getJson(url), 'data', `subnets of network ${networkId}`);
    this.#o.onPage?.({ url, items: items.length });
    return items;
  }

  /** Rules of one security group (`secgroups/{id}/secGroupRules`, `{data: [...]}`). */
  async secgroupRules(region: string, projectId: string, secgroupId: string): Promise<ApiItem[]> {
    const url = `${this.base(region)}/v2/${encodeURIComponent(projectId)}/secgroups/${encodeURIComponent(secgroupId)}/secGroupRules`;
    const items = itemsOf(await this.getJson(url), 'data', `rules of security group ${secgroupId}`);
    this.#o.onPage?.({ url, items: items.length });
    return items;
  }
}

function isItem(value: unknown): value is ApiItem {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A list answered as a bare array, `{<key>: [...]}`, `{data: [...]}` or `{listData: [...]}`. */
function itemsOf(body: unknown, key: string, what: string): ApiItem[] {
  const list = Array.isArray(body)
    ? body
    : isItem(body)
      ? [body[key], body.data, body.listData].find(Array.isArray)
      : undefined;
  if (!Array.isArray(list)) throw new VngListingError(`${what}: unexpected response shape`);
  return (list as unknown[]).map((i) => (isItem(i) ? i : { value: i }));
}
