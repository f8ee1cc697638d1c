import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../../db/catalog/index.ts';
import { GCP_INSTANCES, GCP_TABLES } from '../../../db/catalog/tables/gcp.ts';
import type { Store } from '../../../db/store/types.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import type { Truth } from '../../../sandbox/world/truth.ts';
import type { InventorySummary } from '../common/summary.ts';
import { applyListing } from '../common/listing.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../testing/sandbox-workspace.ts';
import { OAuth2Client } from 'google-auth-library';
import { TokenBucket } from '../common/token-bucket.ts';
import { GcpClient } from './client.ts';
import { parseGcpConfig } from './config.ts';
import { instanceRecord } from './convert.ts';
import { gcpInventoryWorkflow } from './workflows.ts';

const SOURCE = 'sandbox-gcp';

async function truth(sb: RunningSandbox): Promise<Truth> {
  return (await (await fetch(`${sb.url}/_sandbox/truth`)).json()) as Truth;
}

async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of GCP_TABLES) {
    const [row] = await store.query<{ n: number }>(
      `SELECT count(*) AS n FROM bronze.${t.name} WHERE source_id = $1`,
      [SOURCE],
    );
    out[t.name] = Number(row?.n ?? 0);
  }
  return out;
}

/** Every GCP table's content (no bookkeeping columns), in a stable order, for equality checks. */
async function content(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const t of GCP_TABLES) {
    const cols = t.columns
      .filter((c) => !['collected_at', 'first_collected_at', 'history_id'].includes(c.name))
      .map((c) => c.name);
    const rows = await store.query(
      `SELECT ${cols.join(', ')} FROM bronze.${t.name} ORDER BY ${t.primaryKey.join(', ')}`,
    );
    parts.push(`${t.name}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

async function inventory(ws: SandboxWorkspace): Promise<InventorySummary> {
  const outcome = await ws.run(gcpInventoryWorkflow, { sourceId: SOURCE });
  if (outcome.status !== 'completed') throw new Error(`run ${outcome.status}: ${outcome.error.message}`);
  return outcome.result as InventorySummary;
}

describe('GCP inventory against the sandbox (small)', () => {
  let sb: RunningSandbox;
  let ws: SandboxWorkspace;
  let store: Store;
  let first: InventorySummary;

  beforeAll(async () => {
    sb = await startSandbox({ seed: 7, scale: 'small' });
    ws = await sandboxWorkspace(sb, ['gcp']);
    store = await ws.runtime.env.store();
    first = await inventory(ws);
  });
  afterAll(async () => {
    await ws?.dispose();
    await sb?.stop();
  });

  test('loads every table with the world’s row counts', async () => {
    expect(first.complete).toBe(true);
    expect(await counts(store)).toEqual((await truth(sb)).counts.gcp);
  });

  test('stored values match the world, with sensitive metadata redacted', async () => {
    const world = sb.world();
    for (const vm of world.gcp.instances.filter((_, i) => i % 17 === 0)) {
      const [row] = await store.query('SELECT * FROM bronze.gcp_compute_instances WHERE resource_id = $1', [
        vm.id,
      ]);
      expect(row).toMatchObject({
        name: vm.name,
        zone: vm.zone,
        machine_type: vm.machineType,
        status: vm.status,
        scope: vm.project,
      });
      const nics = await store.query(
        'SELECT nic_name, network_ip FROM bronze.gcp_compute_instance_nics WHERE resource_id = $1 ORDER BY nic_name',
        [vm.id],
      );
      expect(nics).toEqual(vm.nics.map((n) => ({ nic_name: n.name, network_ip: n.networkIP })));
      const labels = await store.query(
        'SELECT key, value FROM bronze.gcp_compute_instance_labels WHERE resource_id = $1 ORDER BY key',
        [vm.id],
      );
      expect(labels).toEqual(
        Object.entries(vm.labels)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => ({ key, value })),
      );
      const metadata = await store.query<{ key: string; value: string; value_redacted: boolean }>(
        'SELECT key, value, value_redacted FROM bronze.gcp_compute_instance_metadata WHERE resource_id = $1',
        [vm.id],
      );
      expect(metadata.length).toBe(vm.metadata.length);
      for (const m of metadata) {
        const original = vm.metadata.find((x) => x.key === m.key)?.value;
        if (m.value_redacted) expect(m.value).toMatch(/^sha256:[0-9a-f]{64}$/);
        else expect(m.value).toBe(original);
      }
    }
  });

  test('after mutate, history records exactly the world’s changes, child-row by child-row', async () => {
    await fetch(`${sb.url}/_sandbox/mutate`, { method: 'POST' });
    const changes =
      (await truth(sb)).lastMutation?.changes.filter((c) => c.resourceType === 'gcp_instance') ?? [];
    expect(changes.length).toBeGreaterThan(0);
    const second = await inventory(ws);
    const at = second.collectedAt;
    // Versions opened at the second collection, per table and instance.
    const opened = new Set<string>();
    const closed = new Set<string>();
    for (const t of GCP_TABLES.filter((x) => x.name.startsWith('gcp_compute_instance'))) {
      for (const r of await store.query(
        `SELECT resource_id FROM bronze_history.${t.name} WHERE valid_from = $1::timestamptz`,
        [at],
      )) {
        opened.add(`${t.name}/${r.resource_id}`);
      }
      for (const r of await store.query(
        `SELECT resource_id FROM bronze_history.${t.name} WHERE valid_to = $1::timestamptz`,
        [at],
      )) {
        closed.add(`${t.name}/${r.resource_id}`);
      }
    }
    const expectedOpened = new Set<string>();
    for (const c of changes) {
      if (c.kind === 'deleted') continue;
      if (c.kind === 'created') {
        for (const t of GCP_TABLES.filter((x) => x.name.startsWith('gcp_compute_instance'))) {
          const [n] = await store.query<{ n: number }>(
            `SELECT count(*) AS n FROM bronze.${t.name} WHERE resource_id = $1`,
            [c.resourceId],
          );
          if (Number(n?.n) > 0) expectedOpened.add(`${t.name}/${c.resourceId}`);
        }
      } else expectedOpened.add(`${c.table}/${c.resourceId}`);
    }
    expect([...opened].sort()).toEqual([...expectedOpened].sort());
    // A changed access config closes and reopens only its own row.
    const ac = changes.find((c) => c.kind === 'access_config');
    if (ac) {
      const rows = await store.query(
        'SELECT nat_ip, valid_to FROM bronze_history.gcp_compute_instance_nic_access_configs WHERE resource_id = $1 ORDER BY history_id',
        [ac.resourceId],
      );
      expect(rows.map((r) => r.nat_ip)).toEqual([ac.before, ac.after]);
      expect(closed.has(`gcp_compute_instances/${ac.resourceId}`)).toBe(false);
    }
    // Deleted VMs are gone from current and their history is closed.
    for (const d of changes.filter((c) => c.kind === 'deleted')) {
      expect(
        await store.query('SELECT 1 FROM bronze.gcp_compute_instances WHERE resource_id = $1', [
          d.resourceId,
        ]),
      ).toEqual([]);
      expect(closed.has(`gcp_compute_instances/${d.resourceId}`)).toBe(true);
    }
    expect(await counts(store)).toEqual((await truth(sb)).counts.gcp);
  });

  test('a project that fails permanently keeps its rows; the others complete and the failure is named', async () => {
    const before = await counts(store);
    const forbidden = sb.world().gcp.projects[1]?.projectId ?? '';
    const plugin = sb.harness.plugins.find((p) => p.name === 'gcp') as unknown as {
      setForbiddenProjects(p: string[]): void;
    };
    plugin.setForbiddenProjects([forbidden]);
    try {
      const result = await inventory(ws);
      expect(result.complete).toBe(false);
      expect(result.failures.some((f) => f.scope === forbidden && /denied/.test(f.error))).toBe(true);
      expect(await counts(store)).toEqual(before);
      const [kept] = await store.query<{ n: number }>(
        'SELECT count(*) AS n FROM bronze.gcp_compute_instances WHERE scope = $1',
        [forbidden],
      );
      expect(Number(kept?.n)).toBe((await truth(sb)).countsByProject[forbidden]?.gcp_compute_instances);
    } finally {
      plugin.setForbiddenProjects([]);
    }
  });

  test('a rejected credential fails fast, once, naming the source', async () => {
    ws.runtime.workspace.sources.save({
      id: 'bad-gcp',
      provider: 'gcp',
      config: ws.runtime.env.source(SOURCE).config as Record<string, unknown>,
      secrets: { accessToken: 'ya29.revoked' },
    });
    const requests = sb.harness.stats.requests;
    const outcome = await ws.run(gcpInventoryWorkflow, { sourceId: 'bad-gcp' });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'completed')
      expect(outcome.error.message).toMatch(/source bad-gcp: the API rejected credential "accessToken"/);
    expect(sb.harness.stats.requests - requests).toBe(1);
  });

  test('records the client cannot convert are refused with a reason and counted; the rest of the page is kept', async () => {
    const vms = sb.world().gcp.instances.filter((i) => i.project === sb.world().gcp.projects[0]?.projectId);
    const items = (await (
      await fetch(`${sb.url}/compute/v1/projects/${vms[0]?.project}/aggregated/instances`, {
        headers: { authorization: `Bearer ${String(sb.endpoints.providers.gcp?.accessToken)}` },
      })
    ).json()) as { items: Record<string, { instances?: Record<string, unknown>[] }> };
    const raw = Object.values(items.items).flatMap((s) => s.instances ?? []);
    const broken = [{ ...raw[0], id: undefined }, { ...raw[1], canIpForward: 'yes' }, ...raw.slice(2)];
    async function* listing() {
      for (const item of broken) yield instanceRecord(item);
    }
    const outcome = await applyListing(
      store,
      catalog,
      GCP_INSTANCES,
      { sourceId: 'convert-test', scope: 'p', collectedAt: new Date() },
      listing(),
    );
    expect(outcome.result?.rejected.map((r) => r.reason)).toEqual([
      'record without a resource_id (got nothing)',
      `bronze.gcp_compute_instances ${String(raw[1]?.id)}: can_ip_forward expects boolean, got string "yes"`,
    ]);
    expect(outcome.result?.inserted).toBe(raw.length - 2);
    expect(outcome.result?.deletedMissing).toBe(false);
  });
});

describe('GCP inventory under faults', () => {
  test('with 429, 5xx and truncated bodies the run completes and bronze equals a fault-free run', async () => {
    const clean = await startSandbox({ seed: 11, scale: 'small' });
    const faulty = await startSandbox({ seed: 11, scale: 'small', faults: '429=0.1,5xx=0.05,truncate=0.01' });
    const a = await sandboxWorkspace(clean, ['gcp']);
    const b = await sandboxWorkspace(faulty, ['gcp']);
    try {
      const [ra, rb] = [await inventory(a), await inventory(b)];
      expect(ra.complete && rb.complete).toBe(true);
      expect(await content(await b.runtime.env.store())).toBe(await content(await a.runtime.env.store()));
      const injected = (await (await fetch(`${faulty.url}/_sandbox/faults`)).json()) as {
        injected: Record<string, number>;
      };
      expect(Object.values(injected.injected).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    } finally {
      await a.dispose();
      await b.dispose();
      await clean.stop();
      await faulty.stop();
    }
  });
});

describe('GCP client calls', () => {
  test('a call that hangs is cancelled after the call timeout and retried; every VM is listed', async () => {
    // The sandbox holds a "timeout" request for 5 s; the client gives up after 300 ms.
    const sb = await startSandbox({ seed: 13, scale: 'small', faults: 'timeout=0.5,timeout_after=5s' });
    try {
      const gcp = sb.endpoints.providers.gcp as Record<string, string | number>;
      const config = parseGcpConfig('hang-test', {
        credential: 'accessToken',
        endpoint: { apiEndpoint: gcp.apiEndpoint, port: Number(gcp.port), protocol: gcp.protocol },
        resourceManagerUrl: gcp.resourceManagerUrl,
      });
      const authClient = new OAuth2Client();
      authClient.setCredentials({ access_token: String(gcp.accessToken) });
      const client = new GcpClient({
        sourceId: 'hang-test',
        credential: 'accessToken',
        config,
        authClient,
        limiter: new TokenBucket({ ratePerSec: 1000, burst: 1000 }),
        callTimeoutMs: 300,
        pageAttempts: 12,
      });
      const world = sb.world();
      const listed: string[] = [];
      const started = Date.now();
      for (const { projectId } of world.gcp.projects)
        for await (const vm of client.aggregated('instances', projectId)) listed.push(String(vm.id));
      expect(listed.sort()).toEqual(world.gcp.instances.map((vm) => String(vm.id)).sort());
      const { injected } = (await (await fetch(`${sb.url}/_sandbox/faults`)).json()) as {
        injected: Record<string, number>;
      };
      expect(injected.timeout).toBeGreaterThan(0);
      // Each hung call cost the call timeout plus a backoff, never the sandbox's 5 s hold.
      expect(Date.now() - started).toBeLessThan(injected.timeout! * 5000);
    } finally {
      await sb.stop();
    }
  });
});
