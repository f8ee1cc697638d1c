import type { InstancesClient } from '@google-cloud/compute/build/src/v1/instances_client.js';
import type { AuthClient } from 'google-auth-library';
import { backoffDelayMs } from '../../workflows/retry.ts';
import { ListingLoopError, ScopeAccessError } from '../common/config-error.ts';
import { AuthError } from '../common/errors.ts';
import { fetchWithRetry } from '../common/http.ts';
import { sleep, type TokenBucket } from '../common/token-bucket.ts';
import type { GcpConfig } from './config.ts';

type ComputeOptions = NonNullable<ConstructorParameters<typeof InstancesClient>[0]>;

/**
 * The generated Compute clients this source calls, loaded on first use and one module at a time:
 * the package index also loads every other v1, v1beta and v1small client and a 31 MB protos.js
 * (~2 s and ~150 MiB for a process that only lists a few resources, or none).
 */
const CLIENT_MODULES = {
  instances: async () =>
    (await import('@google-cloud/compute/build/src/v1/instances_client.js')).InstancesClient,
  disks: async () => (await import('@google-cloud/compute/build/src/v1/disks_client.js')).DisksClient,
  addresses: async () =>
    (await import('@google-cloud/compute/build/src/v1/addresses_client.js')).AddressesClient,
  subnetworks: async () =>
    (await import('@google-cloud/compute/build/src/v1/subnetworks_client.js')).SubnetworksClient,
  networks: async () =>
    (await import('@google-cloud/compute/build/src/v1/networks_client.js')).NetworksClient,
  firewalls: async () =>
    (await import('@google-cloud/compute/build/src/v1/firewalls_client.js')).FirewallsClient,
  globalAddresses: async () =>
    (await import('@google-cloud/compute/build/src/v1/global_addresses_client.js')).GlobalAddressesClient,
  projects: async () =>
    (await import('@google-cloud/compute/build/src/v1/projects_client.js')).ProjectsClient,
} satisfies Record<string, () => Promise<new (opts: ComputeOptions) => unknown>>;

type ClientName = keyof typeof CLIENT_MODULES;

/** The raw JSON objects of the Compute API; converters check every field they read. */
export type ApiObject = Record<string, unknown>;

export type AggregatedKind = 'instances' | 'disks' | 'addresses' | 'subnetworks';
export type GlobalKind = 'networks' | 'firewalls' | 'globalAddresses';

export interface DiscoveredProject {
  projectId: string;
  projectNumber?: string;
  name?: string;
  lifecycleState?: string;
  parent?: { type?: string; id?: string };
  labels?: Record<string, string>;
}

export interface GcpClientOptions {
  sourceId: string;
  credential: string;
  config: GcpConfig;
  authClient: AuthClient;
  limiter: TokenBucket;
  signal?: AbortSignal;
  /** Attempts per page before the listing gives up (transient errors only). */
  pageAttempts?: number;
  /** How long one call may take before it is cancelled and retried; CALL_TIMEOUT_MS by default. */
  callTimeoutMs?: number;
  /**
   * gax clients already built for this source. Each one loads the Compute protos (tens of MB), so
   * activities of one source share them instead of building their own.
   */
  gaxClients?: Map<string, Promise<unknown>>;
}

/**
 * One call of a gax client below its auto-pagination, so each page can be retried. With
 * `autoPaginate: false` a paged call resolves to [resources, nextRequest, rawResponse].
 */
type PageCall = (
  request: Record<string, unknown>,
  options: Record<string, unknown>,
) => Promise<unknown[]> & { cancel?: () => void };

interface CallSettingsLike {
  merge(options: Record<string, unknown>): unknown;
}

interface GaxClient {
  initialize(): Promise<unknown>;
  innerApiCalls: Record<string, PageCall>;
  _defaults: Record<string, CallSettingsLike>;
}

/**
 * How long one call may take before it is cancelled and retried (the per-call timeout of the
 * Compute client's own config).
 */
const CALL_TIMEOUT_MS = 60_000;

/**
 * Call settings as the generated methods build them (routing header included), with gax's own
 * retries off: this client retries each page itself, on every transient error, with backoff.
 * gax's own deadline is off too (an infinite timeout gives no deadline): the REST transport arms
 * it as an abort listener that is never removed, which keeps every response body alive until
 * the deadline passes (10 minutes by default, ~5 MiB per 1,000 VMs). `invoke` times calls instead.
 */
function callSettings(client: GaxClient, method: string, project: string): Record<string, unknown> {
  const defaults = client._defaults[method];
  if (!defaults) throw new Error(`@google-cloud/compute has no call settings for ${method}`);
  return defaults.merge({
    otherArgs: { headers: { 'x-goog-request-params': `project=${encodeURIComponent(project)}` } },
    retry: { retryCodes: [] },
    timeout: Infinity,
    autoPaginate: false,
  }) as Record<string, unknown>;
}

/** One gax call, cancelled if it has not answered within `timeoutMs`. */
async function invoke(
  call: PageCall,
  request: Record<string, unknown>,
  settings: Record<string, unknown>,
  timeoutMs: number,
): Promise<unknown[]> {
  const pending = call(request, settings);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      pending.cancel?.();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const RETRY = {
  maximumAttempts: 6,
  initialIntervalMs: 250,
  backoffCoefficient: 2,
  maximumIntervalMs: 8000,
  jitter: 0.2,
};

/** gRPC status codes as gax reports them for REST errors. */
const UNAUTHENTICATED = 16;
const PERMISSION_DENIED = 7;
const NOT_FOUND = 5;

/**
 * The Compute and Resource Manager calls the GCP source needs, through the real
 * `@google-cloud/compute` clients (REST transport). Pages are fetched one at a time and retried
 * on their own, so a transient fault never restarts a whole listing.
 */
export class GcpClient {
  private readonly clients: Map<string, Promise<GaxClient>>;

  constructor(private readonly options: GcpClientOptions) {
    this.clients = (options.gaxClients ?? new Map()) as Map<string, Promise<GaxClient>>;
  }

  private get callTimeoutMs(): number {
    return this.options.callTimeoutMs ?? CALL_TIMEOUT_MS;
  }

  private gax(name: ClientName): Promise<GaxClient> {
    let client = this.clients.get(name);
    if (!client) {
      const { endpoint } = this.options.config;
      const opts: ComputeOptions = { fallback: true, authClient: this.options.authClient };
      if (endpoint)
        Object.assign(opts, {
          apiEndpoint: endpoint.apiEndpoint,
          port: endpoint.port,
          protocol: endpoint.protocol,
        });
      client = CLIENT_MODULES[name]().then(async (Client) => {
        const created = new Client(opts) as unknown as GaxClient;
        await created.initialize();
        return created;
      });
      // A failed load is not cached: the next activity tries again.
      client.catch(() => this.clients.delete(name));
      this.clients.set(name, client);
    }
    return client;
  }

  private async call(what: string, scope: string, fn: () => Promise<ApiObject>): Promise<ApiObject> {
    const attempts = this.options.pageAttempts ?? RETRY.maximumAttempts;
    for (let attempt = 1; ; attempt++) {
      await this.options.limiter.take(this.options.signal);
      try {
        return await fn();
      } catch (error) {
        const classified = this.classify(what, scope, error);
        if (classified || attempt >= attempts) throw classified ?? error;
        await sleep(backoffDelayMs(RETRY, attempt), this.options.signal);
      }
    }
  }

  /** Final errors for auth and permission problems; undefined for transient ones worth a retry. */
  private classify(what: string, scope: string, error: unknown): Error | undefined {
    const e = error as { code?: unknown; message?: string };
    const message = (e.message ?? String(error)).split('\n')[0] ?? '';
    if (e.code === UNAUTHENTICATED || e.code === 401) {
      return new AuthError(this.options.sourceId, this.options.credential, 401, message);
    }
    if (e.code === PERMISSION_DENIED || e.code === 403) {
      return new ScopeAccessError(
        scope,
        `source ${this.options.sourceId}: ${what} in project ${scope} was denied: ${message}`,
      );
    }
    if (e.code === NOT_FOUND || e.code === 404) {
      return new ScopeAccessError(
        scope,
        `source ${this.options.sourceId}: ${what} in project ${scope} not found: ${message}`,
      );
    }
    return undefined;
  }

  /**
   * The items of one listing, converted a page at a time as each page arrives: the decoded page
   * (every field of every message, defaults included) is garbage right away instead of living
   * until its last item is stored. The next page is requested as soon as the current one
   * arrives, so the API's latency overlaps with storing the current page.
   */
  private async *listing<T>(
    what: string,
    project: string,
    client: GaxClient,
    method: string,
    itemsOf: (page: ApiObject) => ApiObject[],
    convert: (item: ApiObject) => T,
  ): AsyncGenerator<T> {
    const call = client.innerApiCalls[method] as PageCall;
    const settings = callSettings(client, method, project);
    const seen = new Set<string>();
    type Converted = { items: T[]; next?: string };
    const fetchPage = async (pageToken: string | undefined): Promise<Converted> => {
      const request: Record<string, unknown> = { project, maxResults: this.options.config.pageSize };
      if (pageToken) request.pageToken = pageToken;
      if (pageToken) seen.add(pageToken);
      // A page whose next token was already followed would loop forever. Fetch it again a few
      // times (a transient glitch clears); if it persists, stop: the listing is incomplete.
      for (let tries = 1; ; tries++) {
        const page = await this.call(
          what,
          project,
          async () => (await invoke(call, request, settings, this.callTimeoutMs))[2] as ApiObject,
        );
        const next =
          typeof page.nextPageToken === 'string' && page.nextPageToken !== ''
            ? page.nextPageToken
            : undefined;
        // Converted outside `call`: a converter error is not a transient fault worth a retry.
        if (!next) return { items: itemsOf(page).map(convert) };
        if (!seen.has(next)) return { items: itemsOf(page).map(convert), next };
        if (tries >= 3) throw new ListingLoopError(`${what} of project ${project}`, next);
      }
    };
    let upcoming: Promise<Converted> | undefined = fetchPage(undefined);
    while (upcoming) {
      const { items, next }: Converted = await upcoming;
      upcoming = next === undefined ? undefined : fetchPage(next);
      // Awaited on the next turn; a consumer that stops early must not leave it unhandled.
      upcoming?.catch(() => undefined);
      yield* items;
    }
  }

  /** Every item of an aggregated list (all zones or regions of a project), as `convert` makes it. */
  async *aggregated<T = ApiObject>(
    kind: AggregatedKind,
    project: string,
    convert: (item: ApiObject) => T = (item) => item as T,
  ): AsyncGenerator<T> {
    const client = await this.gax(kind);
    const itemsOf = (page: ApiObject): ApiObject[] =>
      Object.values((page.items ?? {}) as Record<string, ApiObject>).flatMap((scoped) => {
        const list = scoped?.[kind];
        return Array.isArray(list) ? (list as ApiObject[]) : [];
      });
    yield* this.listing(`aggregated ${kind}`, project, client, 'aggregatedList', itemsOf, convert);
  }

  /** Every item of a global list of a project, as `convert` makes it. */
  async *global<T = ApiObject>(
    kind: GlobalKind,
    project: string,
    convert: (item: ApiObject) => T = (item) => item as T,
  ): AsyncGenerator<T> {
    const client = await this.gax(kind);
    const itemsOf = (page: ApiObject): ApiObject[] =>
      Array.isArray(page.items) ? (page.items as ApiObject[]) : [];
    yield* this.listing(kind, project, client, 'list', itemsOf, convert);
  }

  /** The Compute view of a project (common instance metadata, default service account). */
  async computeProject(project: string): Promise<ApiObject> {
    const client = await this.gax('projects');
    const call = client.innerApiCalls.get as PageCall;
    const settings = callSettings(client, 'get', project);
    return this.call(
      'projects.get',
      project,
      async () => (await invoke(call, { project }, settings, this.callTimeoutMs))[0] as ApiObject,
    );
  }

  /** Active projects the credential can see, through Resource Manager v1. */
  async *discoverProjects(): AsyncGenerator<DiscoveredProject> {
    const seen = new Set<string>();
    let pageToken: string | undefined;
    do {
      const url = new URL(this.options.config.resourceManagerUrl);
      url.searchParams.set('filter', 'lifecycleState:ACTIVE');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      if (pageToken) seen.add(pageToken);
      let body: ApiObject;
      let next: string | undefined;
      for (let tries = 1; ; tries++) {
        const headers = await this.options.authClient.getRequestHeaders(url.toString());
        body = await this.fetchJson(url.toString(), headers);
        next =
          typeof body.nextPageToken === 'string' && body.nextPageToken !== ''
            ? body.nextPageToken
            : undefined;
        if (!next || !seen.has(next)) break;
        if (tries >= 3) throw new ListingLoopError('project discovery', next);
      }
      for (const p of (body.projects ?? []) as DiscoveredProject[])
        if (typeof p?.projectId === 'string') yield p;
      pageToken = next;
    } while (pageToken);
  }

  private async fetchJson(url: string, headers: Headers | Record<string, string>): Promise<ApiObject> {
    const attempts = this.options.pageAttempts ?? RETRY.maximumAttempts;
    for (let attempt = 1; ; attempt++) {
      const response = await fetchWithRetry(
        url,
        { headers },
        {
          sourceId: this.options.sourceId,
          credential: this.options.credential,
          limiter: this.options.limiter,
          ...(this.options.signal ? { signal: this.options.signal } : {}),
        },
      );
      if (!response.ok) {
        throw new Error(
          `source ${this.options.sourceId}: project discovery answered HTTP ${response.status}`,
        );
      }
      try {
        return (await response.json()) as ApiObject;
      } catch (error) {
        // A body cut short in transit: fetch the same page again.
        if (attempt >= attempts) throw error;
        await sleep(backoffDelayMs(RETRY, attempt), this.options.signal);
      }
    }
  }
}
