// Token lifetime against the sandbox IAM: refreshed before expiry (also when it is 1 s), refreshed
// once on a 401 mid-listing, and a second 401 is an AuthError naming the source and clientSecret.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import type { VngProvider } from '../../../sandbox/providers/vng/index.ts';
import { AuthError } from '../common/errors.ts';
import { createVngActivities, type VngActivityOptions } from './activities.ts';
import { testActivityContext, VNG_TEST_MIGRATIONS, vngTestEnv } from './testing.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Setup {
  sb: RunningSandbox;
  plugin: VngProvider;
  store: TestStore['store'];
  /** Collects one scope's servers (page size 1) and returns the listing summary. */
  collectServers(
    options?: VngActivityOptions,
    extraConfig?: Record<string, unknown>,
  ): ReturnType<typeof collect>;
  region: string;
  projectId: string;
  servers: number;
}

async function collect(
  setup: Omit<Setup, 'collectServers'>,
  options: VngActivityOptions,
  extraConfig: Record<string, unknown>,
) {
  const vng = setup.sb.endpoints.providers.vng as Record<string, unknown>;
  const e = vngTestEnv(setup.store, [
    {
      id: 'vng-main',
      clientSecret: String(vng.clientSecret),
      config: {
        iamUrl: vng.iamUrl,
        gatewayUrlTemplate: vng.gatewayUrlTemplate,
        clientId: vng.clientId,
        regions: [setup.region],
        pageSize: 1,
        retry: { maxAttempts: 3, initialDelayMs: 5 },
        rateLimit: { ratePerSecond: 1000, burst: 1000 },
        ...extraConfig,
      },
    },
  ]);
  const acts = createVngActivities(e, options);
  return acts.collect.fn(
    {
      sourceId: 'vng-main',
      region: setup.region,
      projectId: setup.projectId,
      resource: 'servers',
      collectedAt: '2025-01-06T08:00:00.000Z',
    },
    testActivityContext(),
  );
}

async function setup(): Promise<Setup> {
  const sb = await startSandbox({ seed: 5, scale: 'small' });
  cleanup.push(() => sb.stop());
  const ts = await openTestStore('duckdb', VNG_TEST_MIGRATIONS);
  cleanup.push(() => ts.dispose());
  const plugin = sb.harness.plugins.find((p) => p.name === 'vng') as VngProvider;
  const project = sb.world().vng?.projects[0];
  if (!project) throw new Error('no VNG project');
  const servers = sb.world().machines.filter((m) => m.vng?.projectId === project.projectId).length;
  const base = { sb, plugin, store: ts.store, region: project.region, projectId: project.projectId, servers };
  return { ...base, collectServers: (options = {}, extra = {}) => collect(base, options, extra) };
}

/** A fetch that counts gateway 401s and can run a hook before the n-th gateway request. */
function watchedFetch(before?: (n: number) => Promise<void>) {
  const stats = { gateway: 0, unauthorized: 0 };
  const f: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.includes('/vserver-gateway/')) {
      stats.gateway++;
      await before?.(stats.gateway);
    }
    const res = await fetch(input, init);
    if (url.includes('/vserver-gateway/') && res.status === 401) stats.unauthorized++;
    return res;
  };
  return { fetch: f, stats };
}

describe('VNG service-account token', () => {
  it('survives a token that expires mid-listing by refreshing it, not by failing', async () => {
    const s = await setup();
    s.plugin.auth.tokenTtlSeconds = 1;
    s.sb.harness.faults.reset({ ...s.sb.harness.faults.spec, latencyMs: 150 });
    const w = watchedFetch();
    const started = Date.now();
    const listing = await s.collectServers({ fetch: w.fetch });
    expect(Date.now() - started).toBeGreaterThan(1000); // the listing outlived its first token
    expect(listing.error).toBeUndefined();
    expect(listing.complete).toBe(true);
    expect(listing.seen).toBe(s.servers);
    expect(w.stats.gateway).toBe(s.servers); // one page per server, none failed
    expect(s.plugin.auth.tokenRequests).toBeGreaterThanOrEqual(2);
  });

  it('refreshes once after a 401 mid-listing and carries on', async () => {
    const s = await setup();
    const control = `${s.sb.endpoints.control}/vng/tokens`;
    const w = watchedFetch(async (n) => {
      if (n === 3) await fetch(control, { method: 'POST', body: JSON.stringify({ revoke: true }) });
    });
    const listing = await s.collectServers({ fetch: w.fetch });
    expect(listing.complete).toBe(true);
    expect(listing.seen).toBe(s.servers);
    expect(w.stats.unauthorized).toBe(1);
    expect(s.plugin.auth.tokenRequests).toBe(2);
  });

  it('a second 401 is an AuthError naming the source and clientSecret', async () => {
    const s = await setup();
    s.plugin.auth.rejectAll = true;
    const w = watchedFetch();
    const error = await s.collectServers({ fetch: w.fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(
      /^source vng-main: the API rejected credential "clientSecret" \(HTTP 401/,
    );
    expect(w.stats).toEqual({ gateway: 2, unauthorized: 2 });
    expect(s.plugin.auth.tokenRequests).toBe(2);
  });

  it('refreshes before expiry without waiting for a 401', async () => {
    const s = await setup();
    let offset = 0;
    const w = watchedFetch();
    const options = { fetch: w.fetch, now: () => Date.now() + offset };
    const vng = s.sb.endpoints.providers.vng as Record<string, unknown>;
    const e = vngTestEnv(s.store, [
      {
        id: 'vng-main',
        clientSecret: String(vng.clientSecret),
        config: {
          iamUrl: vng.iamUrl,
          gatewayUrlTemplate: vng.gatewayUrlTemplate,
          clientId: vng.clientId,
          regions: [s.region],
          pageSize: 5,
        },
      },
    ]);
    const acts = createVngActivities(e, options);
    const run = () =>
      acts.collect.fn(
        {
          sourceId: 'vng-main',
          region: s.region,
          projectId: s.projectId,
          resource: 'volumes',
          collectedAt: '2025-01-06T08:00:00.000Z',
        },
        testActivityContext(),
      );
    await run();
    expect(s.plugin.auth.tokenRequests).toBe(1);
    offset = 7200_000 - 299_000; // inside the 300 s refresh margin of the 7200 s token
    await run();
    expect(s.plugin.auth.tokenRequests).toBe(2);
    expect(w.stats.unauthorized).toBe(0);
  });
});
