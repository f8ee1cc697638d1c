// How the SentinelOne source fails: bad credentials, site-scoped tokens, failing scopes, bad
// records, bad configs. Against the sandbox, with real DuckDB stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../db/store/types.ts';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { createS1Provider } from '../../../sandbox/providers/s1/index.ts';
import { parseFaultSpec } from '../../../sandbox/server/faults.ts';
import { SandboxHarness } from '../../../sandbox/server/harness.ts';
import { s1Tenant } from '../../../sandbox/world/gen-s1.ts';
import { s1Counts } from '../../../sandbox/world/gen-s1-changes.ts';
import { generateWorld } from '../../../sandbox/world/generate.ts';
import { mutate } from '../../../sandbox/world/mutate.ts';
import type { Agent } from '../../../sandbox/world/types.ts';
import { collectS1Site } from './activity-refs.ts';
import { parseS1Config } from './config.ts';
import { testS1Source } from './sources-cli.ts';
import { s1InventoryWorkflow } from './workflows.ts';
import {
  S1_TEST_MIGRATIONS,
  inlineWorkflowContext,
  s1TestActivities,
  testEnv,
  type TestSource,
} from './testing.ts';

const T1 = '2025-01-06T09:00:00.000Z';
const T2 = '2025-01-07T09:00:00.000Z';
const FAST = { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 };

let sb: RunningSandbox;
let tokens: { apiToken: string; siteScopedToken: string };
const stores: TestStore[] = [];

async function freshStore(): Promise<Store> {
  const t = await openTestStore('duckdb', S1_TEST_MIGRATIONS);
  stores.push(t);
  return t.store;
}

function src(token: string, baseUrl = sb.url, extra: Record<string, unknown> = {}): TestSource {
  return {
    config: { baseUrl, rateLimit: { ratePerSecond: 2000, burst: 500 }, applicationConcurrency: 8, ...extra },
    secrets: { apiToken: token },
  };
}

async function count(store: Store, table: string, where = ''): Promise<number> {
  const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze.${table} ${where}`);
  return Number(row?.n);
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 11, scale: 'small' });
  tokens = sb.endpoints.providers.s1 as typeof tokens;
});
afterAll(async () => {
  await sb.stop();
  for (const s of stores) await s.dispose();
});

describe('SentinelOne failures', () => {
  it('fails fast, once, naming the source when the token is rejected', async () => {
    const store = await freshStore();
    const acts = s1TestActivities(testEnv(store, new Map([['s1-bad', src('wrong-token')]])), { http: FAST });
    const before = sb.harness.stats.requests;
    const error = await s1InventoryWorkflow
      .fn(inlineWorkflowContext(acts.defs), { sourceId: 's1-bad', collectedAt: T1 })
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /SentinelOne source s1-bad: source s1-bad: the API rejected credential "apiToken" \(HTTP 401/,
    );
    expect(sb.harness.stats.requests - before).toBe(1);
    expect(await count(store, 's1_sites')).toBe(0);
  });

  it('collects the sites of a site-scoped token although /accounts answers 403', async () => {
    const store = await freshStore();
    const acts = s1TestActivities(testEnv(store, new Map([['s1-site', src(tokens.siteScopedToken)]])), {
      http: FAST,
    });
    const result = await s1InventoryWorkflow.fn(inlineWorkflowContext(acts.defs), {
      sourceId: 's1-site',
      collectedAt: T1,
    });
    const site = s1Tenant(sb.world()).scopedSiteId;
    expect(result.accountsVisible).toBe(false);
    expect(result.failedScopes).toEqual([]);
    expect(await count(store, 's1_accounts')).toBe(0);
    expect(await count(store, 's1_sites')).toBe(1);
    const agents = await store.query<{ scope: string; site_id: string }>(
      `SELECT DISTINCT scope, site_id FROM bronze.s1_agents`,
    );
    expect(agents).toEqual([{ scope: site, site_id: site }]);
  });

  it('keeps every row of a scope whose listing fails halfway, and reports why', async () => {
    const store = await freshStore();
    const env = testEnv(store, new Map([['s1-main', src(tokens.apiToken, sb.url, { pageSize: 10 })]]));
    await s1InventoryWorkflow.fn(inlineWorkflowContext(s1TestActivities(env, { http: FAST }).defs), {
      sourceId: 's1-main',
      collectedAt: T1,
    });
    const cloud = s1Tenant(sb.world()).sites[0]!.id;
    const before = await count(store, 's1_agents', `WHERE scope = '${cloud}'`);
    expect(before).toBeGreaterThan(30);
    // The listing breaks off after a few pages: what it fetched is applied, nothing is deleted.
    sb.harness.faults.reset(parseFaultSpec('5xx=0.5'));
    try {
      const flaky = s1TestActivities(env, { http: { ...FAST, maxAttempts: 1 } });
      const summary = await flaky.site({
        sourceId: 's1-main',
        siteId: cloud,
        resource: 'agents',
        collectedAt: T2,
      });
      expect(summary.complete).toBe(false);
      expect(summary.error).toMatch(/HTTP 50\d/);
      expect(summary.seen).toBeGreaterThan(0); // pages before the failure were applied
      expect(summary.seen).toBeLessThan(before);
      expect(summary.deleted).toBe(0);
      expect(await count(store, 's1_agents', `WHERE scope = '${cloud}'`)).toBe(before);
    } finally {
      sb.harness.faults.reset(parseFaultSpec(''));
    }
  });

  it('reports a failing site and completes the others', async () => {
    const store = await freshStore();
    const acts = s1TestActivities(testEnv(store, new Map([['s1-main', src(tokens.apiToken)]])), {
      http: FAST,
    });
    const broken = s1Tenant(sb.world()).sites[1]!.id;
    const ctx = inlineWorkflowContext(acts.defs);
    const activity = ctx.activity.bind(ctx);
    ctx.activity = async <I, O>(ref: { name: string }, input: I): Promise<O> => {
      const site = (input as { siteId?: string }).siteId;
      if (ref.name === collectS1Site.name && site === broken)
        throw Object.assign(new Error('activity s1.collectSite failed'), {
          failure: { name: 'HttpRetryExhaustedError', message: 'still failing after 5 attempts' },
        });
      return activity(ref as never, input) as Promise<O>;
    };
    const result = await s1InventoryWorkflow.fn(ctx, { sourceId: 's1-main', collectedAt: T1 });
    expect(result.complete).toBe(false);
    expect(result.failedScopes.map((f) => f.scope)).toEqual(Array(result.failedScopes.length).fill(broken));
    expect(result.failedScopes[0]?.reason).toMatch(/HttpRetryExhaustedError/);
    const counts = s1Counts(sb.world());
    expect(await count(store, 's1_sites')).toBe(counts.s1_sites);
    expect(await count(store, 's1_agents', `WHERE scope <> '${broken}'`)).toBeGreaterThan(0);
    expect(await count(store, 's1_agents', `WHERE scope = '${broken}'`)).toBe(0);
  });

  it('skips records it cannot convert, with a reason, and keeps the rest of the page', async () => {
    const world = generateWorld(11, 'small');
    const agents = world.machines.filter((m) => m.agent).map((m) => m.agent as Agent);
    agents[0]!.id = '';
    (agents[1] as { activeThreats: unknown }).activeThreats = 'many';
    const harness = new SandboxHarness({
      world,
      plugins: [createS1Provider()],
      faults: parseFaultSpec(''),
      faultSeed: 1,
      mutate,
    });
    const url = await harness.listen(0);
    try {
      const token = (harness.plugins[0]!.endpoint(url) as { apiToken: string }).apiToken;
      const store = await freshStore();
      const env = testEnv(
        store,
        new Map([['s1-odd', src(token, url, { collectApplications: false, collectRisks: false })]]),
      );
      const result = await s1InventoryWorkflow.fn(
        inlineWorkflowContext(s1TestActivities(env, { http: FAST }).defs),
        {
          sourceId: 's1-odd',
          collectedAt: T1,
        },
      );
      expect(result.rejected).toBe(2);
      const reasons = result.rejections.map((r) => r.reason).join('\n');
      expect(reasons).toMatch(/record without a resource_id/);
      expect(reasons).toMatch(
        new RegExp(`bronze.s1_agents ${agents[1]!.id}: active_threats expects integer, got string "many"`),
      );
      expect(await count(store, 's1_agents')).toBe(agents.length - 2);
    } finally {
      await harness.close();
    }
  });
});

describe('SentinelOne config and source test', () => {
  it('names the bad field of a config', () => {
    expect(() => parseS1Config({ baseUrl: 'ftp://x' })).toThrow(/baseUrl is invalid/);
    expect(() => parseS1Config({ baseUrl: 'https://a.sentinelone.net', pageSize: 5000 })).toThrow(
      /pageSize is invalid/,
    );
    expect(parseS1Config({ baseUrl: 'https://a.sentinelone.net/web/api/v2.1/' }).baseUrl).toBe(
      'https://a.sentinelone.net',
    );
  });

  it('fails a run without a stored token with a non-retryable ConfigError', async () => {
    const store = await freshStore();
    const acts = s1TestActivities(
      testEnv(store, new Map([['s1-none', { config: { baseUrl: sb.url }, secrets: {} }]])),
    );
    const error = await acts
      .tenant({ sourceId: 's1-none', collectedAt: T1 })
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'ConfigError', nonRetryable: true });
    expect((error as Error).message).toMatch(/no stored apiToken/);
  });

  it('says which credential or scope fails', async () => {
    const store = await freshStore();
    const env = testEnv(
      store,
      new Map([
        ['good', src(tokens.apiToken)],
        ['site', src(tokens.siteScopedToken)],
        ['bad', src('nope')],
        ['missing', src(tokens.apiToken, sb.url, { siteIds: ['123456789012345678'] })],
      ]),
    );
    const good = await testS1Source(env, 'good');
    expect(good.ok).toBe(true);
    expect(good.checks[0]?.message).toMatch(/account-level token/);
    const site = await testS1Source(env, 'site');
    expect(site.ok).toBe(true);
    expect(site.checks[0]?.message).toMatch(/site-scoped token/);
    const bad = await testS1Source(env, 'bad');
    expect(bad.ok).toBe(false);
    expect(bad.checks[0]?.message).toMatch(/API token was rejected \(HTTP 401\)/);
    const missing = await testS1Source(env, 'missing');
    expect(missing.ok).toBe(false);
    expect(missing.checks.find((c) => !c.ok)?.message).toMatch(
      /site 123456789012345678 is configured but not visible/,
    );
  });
});
