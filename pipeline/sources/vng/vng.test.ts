import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { vngScope } from '../../../sandbox/world/gen-vng-truth.ts';
import type { VngProvider } from '../../../sandbox/providers/vng/index.ts';
import type { PipelineEnv } from '../../env.ts';
import type { WorkflowContext } from '../../workflows/types.ts';
import { AuthError } from '../common/errors.ts';
import { createVngActivities, type VngActivityOptions } from './activities.ts';
import { VNG_RESOURCE_KEYS, type VngListingSummary } from './refs.ts';
import { testActivityContext, VNG_TEST_MIGRATIONS, vngTestEnv } from './testing.ts';
import { vngInventoryWorkflow } from './workflows.ts';

interface VngEndpoint {
  iamUrl: string;
  gatewayUrlTemplate: string;
  clientId: string;
  clientSecret: string;
  regions: string[];
}

const T0 = '2025-01-06T08:00:00.000Z';
const T1 = '2025-01-07T08:00:00.000Z';
const stores: TestStore[] = [];
const sandboxes: RunningSandbox[] = [];

async function sandbox(
  faults?: string,
): Promise<{ sb: RunningSandbox; vng: VngEndpoint; plugin: VngProvider }> {
  const sb = await startSandbox({ seed: 21, scale: 'small', ...(faults ? { faults } : {}) });
  sandboxes.push(sb);
  const plugin = sb.harness.plugins.find((p) => p.name === 'vng') as VngProvider;
  return { sb, vng: sb.endpoints.providers.vng as unknown as VngEndpoint, plugin };
}

async function env(
  vng: VngEndpoint,
  extra: Record<string, unknown> = {},
  secret = vng.clientSecret,
): Promise<{ env: PipelineEnv; store: TestStore['store'] }> {
  const ts = await openTestStore('duckdb', VNG_TEST_MIGRATIONS);
  stores.push(ts);
  const config = {
    iamUrl: vng.iamUrl,
    gatewayUrlTemplate: vng.gatewayUrlTemplate,
    clientId: vng.clientId,
    regions: vng.regions,
    pageSize: 4,
    retry: { maxAttempts: 6, initialDelayMs: 5 },
    rateLimit: { ratePerSecond: 1000, burst: 1000 },
    ...extra,
  };
  return { env: vngTestEnv(ts.store, [{ id: 'vng-main', config, clientSecret: secret }]), store: ts.store };
}

/** Discovery, then every listing of every scope, as the workflow would (sequentially here). */
async function collectAll(e: PipelineEnv, collectedAt: string, options: VngActivityOptions = {}) {
  const acts = createVngActivities(e, options);
  const ctx = testActivityContext();
  const discovered = await acts.discover.fn({ sourceId: 'vng-main', collectedAt }, ctx);
  const listings: VngListingSummary[] = [...discovered.projects];
  for (const s of discovered.scopes)
    for (const resource of VNG_RESOURCE_KEYS)
      listings.push(
        await acts.collect.fn(
          { sourceId: 'vng-main', region: s.region, projectId: s.projectId, resource, collectedAt },
          ctx,
        ),
      );
  return { discovered, listings, acts };
}

async function counts(store: TestStore['store']): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const tables = [
    'vng_projects',
    'vng_servers',
    'vng_server_interfaces',
    'vng_server_secgroups',
    'vng_volumes',
    'vng_networks',
    'vng_subnets',
    'vng_secgroups',
    'vng_secgroup_rules',
    'vng_elastic_ips',
  ];
  for (const t of tables) out[t] = Number((await store.query(`SELECT count(*) AS n FROM bronze.${t}`))[0]?.n);
  return out;
}

/** Every current row of every VNG table, without bookkeeping that depends on write order. */
async function snapshot(store: TestStore['store']): Promise<string[]> {
  const out: string[] = [];
  for (const t of Object.keys(await counts(store))) {
    const rows = await store.query(`SELECT * FROM bronze.${t}`);
    for (const r of rows) {
      const { history_id: _h, collected_at: _c, first_collected_at: _f, ...rest } = r;
      void _h;
      void _c;
      void _f;
      out.push(`${t} ${JSON.stringify(rest)}`);
    }
  }
  return out.sort();
}

beforeAll(() => undefined);
afterEach(async () => {
  for (const s of sandboxes.splice(0)) await s.stop();
});
afterAll(async () => {
  for (const s of stores.splice(0)) await s.dispose();
});

describe('VNG Cloud collection against the sandbox', () => {
  it('collects every table with the counts and values of the world', async () => {
    const { sb, vng, plugin } = await sandbox();
    const { env: e, store } = await env(vng);
    const { listings, discovered } = await collectAll(e, T0);
    expect(discovered.failedRegions).toEqual([]);
    expect(listings.filter((l) => l.error)).toEqual([]);
    expect(listings.every((l) => l.complete && l.rejected.length === 0)).toBe(true);
    expect(await counts(store)).toEqual(sb.harness.truth().counts.vng);
    // One token serves the whole run.
    expect(plugin.auth.tokenRequests).toBe(1);

    const world = sb.world();
    const m = world.machines.find((x) => x.vng?.floatingIp) ?? world.machines.find((x) => x.vng);
    const server = m?.vng;
    if (!m || !server) throw new Error('no VNG server in the world');
    const [row] = await store.query(`SELECT * FROM bronze.vng_servers WHERE resource_id = $1`, [server.id]);
    expect(row).toMatchObject({
      name: server.name,
      status: server.status,
      project_id: server.projectId,
      region: server.region,
      scope: vngScope(server.region, server.projectId),
    });
    const [nic] = await store.query(
      `SELECT * FROM bronze.vng_server_interfaces WHERE resource_id = $1 AND kind = 'internal'`,
      [server.id],
    );
    expect(nic).toMatchObject({
      mac: m.nics[0]?.mac,
      fixed_ip: m.nics[0]?.ip,
      network_uuid: server.networkId,
      subnet_uuid: server.subnetId,
      floating_ip: server.floatingIp ?? null,
    });
    const planted = world.vng?.secgroups.find((g) => g.name === 'ssh-open-world');
    const rules = await store.query(`SELECT * FROM bronze.vng_secgroup_rules WHERE resource_id = $1`, [
      planted?.id ?? '',
    ]);
    expect(rules).toEqual([
      expect.objectContaining({
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '0.0.0.0/0',
      }),
    ]);
  });

  it('records exactly the mutated servers and security group rule in history', async () => {
    const { sb, vng } = await sandbox();
    const { env: e, store } = await env(vng);
    await collectAll(e, T0);
    const historyBefore: Record<string, number> = {};
    for (const t of Object.keys(await counts(store)))
      historyBefore[t] = Number((await store.query(`SELECT count(*) AS n FROM bronze_history.${t}`))[0]?.n);

    sb.harness.advance();
    const changes = (sb.world().lastMutation?.changes ?? []).filter((c) => c.resourceType.startsWith('vng_'));
    const stopped = changes.filter((c) => c.kind === 'status');
    const ruleChanges = changes.filter((c) => c.kind === 'secgroup_rule');
    expect(stopped.length).toBeGreaterThan(0);
    expect(ruleChanges).toHaveLength(1);
    await collectAll(e, T1);
    expect(await counts(store)).toEqual(sb.harness.truth().counts.vng);

    for (const c of stopped) {
      const versions = await store.query(
        `SELECT status, valid_to FROM bronze_history.vng_servers WHERE resource_id = $1 ORDER BY valid_from`,
        [c.resourceId],
      );
      expect(versions.map((v) => v.status)).toEqual(['ACTIVE', 'STOPPED']);
      expect(versions[0]?.valid_to).toBe(T1);
      expect(versions[1]?.valid_to).toBeNull();
    }
    const rc = ruleChanges[0];
    const oldRuleId = rc?.before?.split(':')[0] ?? '';
    const [closed] = await store.query(
      `SELECT valid_to FROM bronze_history.vng_secgroup_rules WHERE rule_id = $1`,
      [oldRuleId],
    );
    expect(closed?.valid_to).toBe(T1);
    const [opened] = await store.query(
      `SELECT valid_to, remote_ip_prefix FROM bronze_history.vng_secgroup_rules WHERE rule_id = $1`,
      [rc?.childKey ?? ''],
    );
    expect(opened?.valid_to).toBeNull();

    // Nothing else opened a version: one per stopped server, one for the new rule.
    const opened2: Record<string, number> = {};
    for (const t of Object.keys(historyBefore))
      opened2[t] =
        Number((await store.query(`SELECT count(*) AS n FROM bronze_history.${t}`))[0]?.n) -
        (historyBefore[t] ?? 0);
    expect(opened2).toEqual({
      ...Object.fromEntries(Object.keys(historyBefore).map((t) => [t, 0])),
      vng_servers: stopped.length,
      vng_secgroup_rules: 1,
    });
  });

  it('produces identical bronze under 429, 5xx and truncated bodies', async () => {
    const clean = await sandbox();
    const a = await env(clean.vng);
    await collectAll(a.env, T0);
    const faulty = await sandbox('429=0.1,5xx=0.05,truncate=0.01,retry_after=0s');
    const b = await env(faulty.vng);
    const { listings } = await collectAll(b.env, T0);
    expect(listings.filter((l) => l.error)).toEqual([]);
    const injected = faulty.sb.harness.faults.injected as Record<string, number>;
    expect((injected['429'] ?? 0) + (injected['5xx'] ?? 0)).toBeGreaterThan(0);
    expect(await snapshot(b.store)).toEqual(await snapshot(a.store));
  });

  it('a failing scope deletes nothing and the other scopes complete', async () => {
    const { sb, vng, plugin } = await sandbox();
    const { env: e, store } = await env(vng, { retry: { maxAttempts: 2, initialDelayMs: 1 } });
    await collectAll(e, T0);
    const before = await counts(store);
    const project = sb.world().vng?.projects[0];
    if (!project) throw new Error('no VNG project');
    plugin.setFailingProjects([project.projectId]);
    const { listings } = await collectAll(e, T1);
    const scope = vngScope(project.region, project.projectId);
    const failed = listings.filter((l) => l.scope === scope);
    expect(failed).toHaveLength(VNG_RESOURCE_KEYS.length);
    expect(failed.every((l) => l.error && !l.complete && l.deleted === 0)).toBe(true);
    expect(listings.filter((l) => l.scope !== scope).every((l) => l.complete && !l.error)).toBe(true);
    expect(await counts(store)).toEqual(before);
    const [sync] = await store.query(
      `SELECT complete FROM meta.sync_scopes WHERE table_name = 'bronze.vng_servers' AND scope = $1`,
      [scope],
    );
    expect(sync?.complete).toBe(false);
  });

  it('a rejected client secret fails fast, once, naming the source and the credential', async () => {
    const { vng, plugin } = await sandbox();
    const { env: e } = await env(vng, {}, 'not-the-secret');
    const error = await collectAll(e, T0).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(
      /source vng-main: the API rejected credential "clientSecret" \(HTTP 401/,
    );
    expect(plugin.auth.tokenRequests).toBe(1);
  });

  it('a page served out of order stops the listing without deleting anything', async () => {
    const { sb, vng } = await sandbox();
    const { env: e, store } = await env(vng);
    await collectAll(e, T0);
    const before = await counts(store);
    sb.harness.faults.reset({ ...sb.harness.faults.spec, loop: 1 });
    const { listings } = await collectAll(e, T1);
    const looped = listings.filter((l) => l.error);
    expect(looped.length).toBeGreaterThan(0);
    expect(looped[0]?.error).toMatch(/asked for page 2 but got page 1/);
    expect(looped.every((l) => !l.complete && l.deleted === 0)).toBe(true);
    expect(await counts(store)).toEqual(before);
  });

  it('skips unconvertible records with a reason and keeps the rest', async () => {
    const { sb, vng } = await sandbox();
    const { env: e, store } = await env(vng, { pageSize: 1000 });
    // Corrupt two servers of one page on the wire: one without uuid, one with a numeric status.
    const tamper: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const url = String(input);
      if (!/\/servers\?/.test(url) || res.status !== 200) return res;
      const body = (await res.json()) as { listData: Record<string, unknown>[] };
      if (body.listData[0]) delete body.listData[0].uuid;
      if (body.listData[1]) body.listData[1].status = 42;
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const { listings } = await collectAll(e, T0, { fetch: tamper });
    const servers = listings.filter((l) => l.table === 'bronze.vng_servers');
    const rejected = servers.flatMap((l) => l.rejected);
    expect(rejected.length).toBe(servers.length * 2);
    expect(rejected.some((r) => /without a resource_id/.test(r.reason))).toBe(true);
    expect(rejected.some((r) => /status expects text, got number 42/.test(r.reason))).toBe(true);
    const total = sb.harness.truth().counts.vng?.vng_servers ?? 0;
    expect((await counts(store)).vng_servers).toBe(total - rejected.length);
  });

  it('runs the inventory workflow over the activities', async () => {
    const { sb, vng } = await sandbox();
    const { env: e } = await env(vng);
    const acts = createVngActivities(e);
    const impl = new Map<string, (input: never) => Promise<unknown>>([
      [acts.discover.name, (i) => acts.discover.fn(i, testActivityContext())],
      [acts.collect.name, (i) => acts.collect.fn(i, testActivityContext())],
    ]);
    const ctx: WorkflowContext = {
      runId: 'wf',
      workflowName: vngInventoryWorkflow.name,
      activity: async (ref, input) => (await impl.get(ref.name)?.(input as never)) as never,
      child: () => Promise.reject(new Error('no children')),
      sleep: () => Promise.resolve(),
      now: () => Date.parse(T0),
      progress: () => undefined,
    };
    const summary = await vngInventoryWorkflow.fn(ctx, { sourceId: 'vng-main' });
    expect(summary.collectedAt).toBe(T0);
    expect(summary.failedScopes).toEqual([]);
    expect(summary.scopes).toBe(sb.world().vng?.projects.length);
    const rows = Object.fromEntries(
      Object.entries(summary.tables).map(([t, v]) => [t.replace('bronze.', ''), v.rows]),
    );
    const truth = sb.harness.truth().counts.vng ?? {};
    for (const t of [
      'vng_projects',
      'vng_servers',
      'vng_volumes',
      'vng_networks',
      'vng_subnets',
      'vng_secgroups',
      'vng_elastic_ips',
    ])
      expect(rows[t], t).toBe(truth[t]);
  });
});
