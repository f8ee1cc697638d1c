import {
  AddressesClient,
  DisksClient,
  FirewallsClient,
  GlobalAddressesClient,
  InstancesClient,
  NetworksClient,
  ProjectsClient,
  SubnetworksClient,
} from '@google-cloud/compute';
import type { AuthClient } from 'google-auth-library';
import { backoffDelayMs } from '../../workflows/retry.ts';
import { ListingLoopError, ScopeAccessError } from '../common/config-error.ts';
import { AuthError } from '../common/errors.ts';
import { fetchWithRetry } from '../common/http.ts';
import { sleep, type TokenBucket } from '../common/token-bucket.ts';
import type { GcpConfig } from './config.ts';

type ComputeOptions = NonNullable<ConstructorParameters<typeof InstancesClient>[0]>;

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
type PageCall = (request: Record<string, unknown>, options: Record<string, unknown>) => Promise<unknown[]>;

interface CallSettingsLike {
  merge(options: Record<string, unknown>): unknown;
}

interface GaxClient {
  initialize(): Promise<unknown>;
  innerApiCalls: Record<string, PageCall>;
  _defaults: Record<string, CallSettingsLike>;
}

/**
 * Call settings as the generated methods build them (routing header included), with gax's own
 * retries off: this client retries each page itself, on every transient error, with backoff.
 */
function callSettings(client: GaxClient, method: string, project: string): Record<string, unknown> {
  const defaults = client._defaults[method];
  if (!defaults) throw new Error(`@google-cloud/compute has no call settings for ${method}`);
  return defaults.merge({
    otherArgs: { headers: { 'x-goog-request-params': `project=${encodeURIComponent(project)}` } },
    retry: { retryCodes: [] },
    autoPaginate: false,
  }) as Record<string, unknown>;
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

  private gax(name: string, make: (opts: ComputeOptions) => unknown): Promise<GaxClient> {
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
      const created = make(opts) as GaxClient;
      client = created.initialize().then(() => created);
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

  private async *pages(
    what: string,
    project: string,
    client: GaxClient,
    method: string,
  ): AsyncGenerator<ApiObject> {
    const call = client.innerApiCalls[method] as PageCall;
    const settings = callSettings(client, method, project);
    const seen = new Set<string>();
    let pageToken: string | undefined;
    do {
      const request: Record<string, unknown> = { project, maxResults: this.options.config.pageSize };
      if (pageToken) request.pageToken = pageToken;
      if (pageToken) seen.add(pageToken);
      let page: ApiObject | undefined;
      let next: string | undefined;
      // A page whose next token was already followed would loop forever. Fetch it again a few
      // times (a transient glitch clears); if it persists, stop: the listing is incomplete.
      for (let tries = 1; ; tries++) {
        page = await this.call(what, project, async () => (await call(request, settings))[2] as ApiObject);
        next =
          typeof page.nextPageToken === 'string' && page.nextPageToken !== ''
            ? page.nextPageToken
            : undefined;
        if (!next || !seen.has(next)) break;
        if (tries >= 3) throw new ListingLoopError(`${what} of project ${project}`, next);
      }
      yield page;
      pageToken = next;
    } while (pageToken);
  }

  /** Every item of an aggregated list (all zones or regions of a project), page by page. */
  async *aggregated(kind: AggregatedKind, project: string): AsyncGenerator<ApiObject> {
    const makers: Record<AggregatedKind, (o: ComputeOptions) => unknown> = {
      instances: (o) => new InstancesClient(o),
      disks: (o) => new DisksClient(o),
      addresses: (o) => new AddressesClient(o),
      subnetworks: (o) => new SubnetworksClient(o),
    };
    const client = await this.gax(kind, makers[kind]);
    for await (const page of this.pages(`aggregated ${kind}`, project, client, 'aggregatedList')) {
      const items = (page.items ?? {}) as Record<string, ApiObject>;
      for (const scoped of Object.values(items)) {
        const list = scoped?.[kind];
        if (Array.isArray(list)) yield* list as ApiObject[];
      }
    }
  }

  /** Every item of a global list of a project. */
  async *global(kind: GlobalKind, project: string): AsyncGenerator<ApiObject> {
    const makers: Record<GlobalKind, (o: ComputeOptions) => unknown> = {
      networks: (o) => new NetworksClient(o),
      firewalls: (o) => new FirewallsClient(o),
      globalAddresses: (o) => new GlobalAddressesClient(o),
    };
    const client = await this.gax(kind, makers[kind]);
    for await (const page of this.pages(kind, project, client, 'list')) {
      if (Array.isArray(page.items)) yield* page.items as ApiObject[];
    }
  }

  /** The Compute view of a project (common instance metadata, default service account). */
  async computeProject(project: string): Promise<ApiObject> {
    const client = await this.gax('projects', (o) => new ProjectsClient(o));
    const call = client.innerApiCalls.get as PageCall;
    const settings = callSettings(client, 'get', project);
    return this.call(
      'projects.get',
      project,
      async () => (await call({ project }, settings))[0] as ApiObject,
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
