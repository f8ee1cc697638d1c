// SentinelOne management API v2.1 client: `Authorization: ApiToken …`, cursor pagination
// (`limit`, `cursor`, `{data, pagination: {nextCursor, totalItems}}`), errors `{errors: [{code,
// detail, title}]}`. Listings are async generators of pages, so nothing holds a whole listing.
import { fetchWithRetry, type HttpPolicy } from '../common/http.ts';
import { sleep, type TokenBucket } from '../common/token-bucket.ts';
import { S1_API_TOKEN } from './config.ts';

export const API_PREFIX = '/web/api/v2.1';

export type S1Item = Record<string, unknown>;

export interface S1ClientOptions {
  sourceId: string;
  /** Console URL without the API prefix. */
  baseUrl: string;
  apiToken: string;
  pageSize?: number;
  limiter?: TokenBucket;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Overrides of the HTTP retry policy (tests use short delays). */
  http?: Partial<Pick<HttpPolicy, 'maxAttempts' | 'initialDelayMs' | 'maxDelayMs' | 'jitter' | 'onRetry'>>;
  /** Attempts at a page whose body is not the expected JSON (truncated, cut off). */
  bodyAttempts?: number;
}

/** A non-auth API error (400, 404, …) with the console's error code and title. */
export class S1ApiError extends Error {
  readonly status: number;
  readonly code: number | null;
  constructor(
    sourceId: string,
    path: string,
    status: number,
    code: number | null,
    title: string,
    detail: string,
  ) {
    super(
      `source ${sourceId}: GET ${path} answered HTTP ${status}${code ? ` (${code} ${title})` : ''}${detail ? `: ${detail}` : ''}`,
    );
    this.name = 'S1ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The API kept sending a cursor this listing already followed; the listing is cut short. */
export class CursorLoopError extends Error {
  constructor(sourceId: string, path: string) {
    super(
      `source ${sourceId}: GET ${path} returned a cursor it had already returned; listing stopped as incomplete`,
    );
    this.name = 'CursorLoopError';
  }
}

/** A body that stayed unparseable (truncated JSON, wrong envelope) after every attempt. */
export class S1BodyError extends Error {
  constructor(sourceId: string, path: string, attempts: number, why: string) {
    super(`source ${sourceId}: GET ${path} gave no usable JSON after ${attempts} attempts (${why})`);
    this.name = 'S1BodyError';
  }
}

interface Envelope {
  data: unknown;
  pagination?: { nextCursor?: unknown; totalItems?: unknown };
}

function firstError(text: string): { code: number | null; title: string; detail: string } {
  try {
    const e = (JSON.parse(text) as { errors?: { code?: unknown; title?: unknown; detail?: unknown }[] })
      .errors?.[0];
    return {
      code: typeof e?.code === 'number' ? e.code : null,
      title: typeof e?.title === 'string' ? e.title : '',
      detail: typeof e?.detail === 'string' ? e.detail : '',
    };
  } catch {
    return { code: null, title: '', detail: text.slice(0, 200) };
  }
}

export class S1Client {
  readonly #o: S1ClientOptions;
  readonly #policy: HttpPolicy;

  constructor(options: S1ClientOptions) {
    this.#o = options;
    this.#policy = {
      sourceId: options.sourceId,
      credential: S1_API_TOKEN,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      timeoutMs: options.timeoutMs ?? 60_000,
      ...options.http,
    };
  }

  get pageSize(): number {
    return this.#o.pageSize ?? 1000;
  }

  /** One GET returning the parsed envelope; re-fetches a body that is not the expected JSON. */
  async get(path: string, params: Record<string, string> = {}): Promise<Envelope> {
    const query = new URLSearchParams(params).toString();
    const url = `${this.#o.baseUrl}${API_PREFIX}${path}${query ? `?${query}` : ''}`;
    const init = { headers: { authorization: `ApiToken ${this.#o.apiToken}`, accept: 'application/json' } };
    const attempts = this.#o.bodyAttempts ?? 5;
    let why = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const res = await fetchWithRetry(url, init, this.#policy);
      const body = await this.#read(res, path).catch((error: unknown) => {
        if (error instanceof S1ApiError) throw error;
        return `body unreadable: ${(error as Error).message}`;
      });
      if (typeof body !== 'string') return body;
      why = body;
      if (attempt < attempts) await sleep(50 * attempt, this.#o.signal);
    }
    throw new S1BodyError(this.#o.sourceId, path, attempts, why);
  }

  /** The envelope, or why the body is not one (truncated or invalid JSON, no `data`). */
  async #read(res: Response, path: string): Promise<Envelope | string> {
    const text = await res.text();
    if (!res.ok) {
      const e = firstError(text);
      throw new S1ApiError(this.#o.sourceId, path, res.status, e.code, e.title, e.detail);
    }
    try {
      const body = JSON.parse(text) as Envelope;
      return body !== null && typeof body === 'object' && 'data' in body ? body : 'no "data" in the response';
    } catch (error) {
      return `invalid JSON: ${(error as Error).message}`;
    }
  }

  /**
   * Pages of a cursor listing. A response whose nextCursor was already followed is discarded and
   * the page asked again (its items were not yielded); a listing that keeps looping throws.
   */
  async *pages(
    path: string,
    params: Record<string, string>,
    pick: (data: unknown) => unknown,
  ): AsyncGenerator<S1Item[]> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const { items, next } = await this.#page(path, params, pick, cursor, seen);
      if (cursor) seen.add(cursor);
      yield items;
      if (next === null) return;
      cursor = next;
    }
  }

  /** One page whose nextCursor is new (asked up to four times while it points back). */
  async #page(
    path: string,
    params: Record<string, string>,
    pick: (data: unknown) => unknown,
    cursor: string | undefined,
    seen: ReadonlySet<string>,
  ): Promise<{ items: S1Item[]; next: string | null }> {
    for (let asked = 1; ; asked++) {
      const body = await this.get(path, {
        ...params,
        limit: String(this.pageSize),
        ...(cursor ? { cursor } : {}),
      });
      const data = pick(body.data);
      if (!Array.isArray(data)) throw new S1BodyError(this.#o.sourceId, path, 1, 'data is not a list');
      const raw = body.pagination?.nextCursor;
      const next = typeof raw === 'string' && raw !== '' ? raw : null;
      if (next === null || (!seen.has(next) && next !== cursor)) return { items: data as S1Item[], next };
      if (asked >= 4) throw new CursorLoopError(this.#o.sourceId, path);
    }
  }

  accounts(): AsyncGenerator<S1Item[]> {
    return this.pages('/accounts', {}, (d) => d);
  }

  /** Sites nest their list: `data: {allSites: {...}, sites: [...]}`. */
  sites(params: Record<string, string> = {}): AsyncGenerator<S1Item[]> {
    return this.pages('/sites', params, (d) => (d as { sites?: unknown } | null)?.sites);
  }

  groups(siteId: string): AsyncGenerator<S1Item[]> {
    return this.pages('/groups', { siteIds: siteId }, (d) => d);
  }

  /** The API leaves decommissioned agents out unless asked, so a full listing takes both passes. */
  agents(siteId: string, decommissioned: boolean): AsyncGenerator<S1Item[]> {
    return this.pages('/agents', { siteIds: siteId, isDecommissioned: String(decommissioned) }, (d) => d);
  }

  async applications(agentId: string): Promise<S1Item[]> {
    const body = await this.get('/agents/applications', { ids: agentId });
    if (!Array.isArray(body.data))
      throw new S1BodyError(this.#o.sourceId, '/agents/applications', 1, 'data is not a list');
    return body.data as S1Item[];
  }

  risks(siteId: string): AsyncGenerator<S1Item[]> {
    return this.pages('/application-management/risks', { siteIds: siteId }, (d) => d);
  }
}
