// SentinelOne ingestion against the sandbox, through the real client, into a real DuckDB store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../db/store/types.ts';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { parseFaultSpec } from '../../../sandbox/server/faults.ts';
import {
  S1_TABLE_NAMES,
  s1Changes,
  s1Counts,
  type S1RowChange,
} from '../../../sandbox/world/gen-s1-changes.ts';
import { computeTraps } from '../../../sandbox/world/traps.ts';
import type { World } from '../../../sandbox/world/types.ts';
import { s1InventoryWorkflow, type S1InventoryResult } from './workflows.ts';
import {
  S1_TEST_MIGRATIONS,
  inlineWorkflowContext,
  s1TestActivities,
  testEnv,
  type TestSource,
} from './testing.ts';

const T1 = '2025-01-06T09:00:00.000Z';
const T2 = '2025-01-07T09:00:00.000Z';
const TABLES = S1_TABLE_NAMES;

let sb: RunningSandbox;
let token: string;
const stores: TestStore[] = [];

function source(overrides: Record<string, unknown> = {}): TestSource {
  return {
    config: {
      baseUrl: sb.url,
      rateLimit: { ratePerSecond: 2000, burst: 500 },
      applicationConcurrency: 8,
      ...overrides,
    },
    secrets: { apiToken: token },
  };
}

async function collect(store: Store, collectedAt: string, src = source()): Promise<S1InventoryResult> {
  const env = testEnv(store, new Map([['s1-main', src]]));
  const acts = s1TestActivities(env, { http: { initialDelayMs: 5, maxDelayMs: 50, jitter: 0 } });
  return s1InventoryWorkflow.fn(inlineWorkflowContext(acts.defs), { sourceId: 's1-main', collectedAt });
}

async function freshStore(): Promise<Store> {
  const t = await openTestStore('duckdb', S1_TEST_MIGRATIONS);
  stores.push(t);
  return t.store;
}

async function count(store: Store, table: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze.${table}`);
  return Number(row?.n);
}

/** Per table, what identifies a row and the hash of its full state. */
async function fingerprint(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const key = table === 's1_agent_nics' ? `resource_id || '/' || name` : `scope || '/' || resource_id`;
    const hash = table === 's1_agent_nics' ? 'content_hash' : 'tree_hash';
    const rows = await store.query<{ k: string }>(
      `SELECT ${key} || ' ' || ${hash} AS k FROM bronze.${table} ORDER BY 1`,
    );
    out[table] = rows.map((r) => r.k);
  }
  return out;
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 7, scale: 'small' });
  token = (sb.endpoints.providers.s1 as { apiToken: string }).apiToken;
});
afterAll(async () => {
  await sb.stop();
  for (const s of stores) await s.dispose();
});

describe('SentinelOne inventory', () => {
  let store: Store;
  let world0: World;

  it('loads every table with the counts and values of the world', async () => {
    store = await freshStore();
    world0 = sb.world();
    const result = await collect(store, T1);
    expect(result.failedScopes).toEqual([]);
    expect(result.rejected).toBe(0);
    expect(result.accountsVisible).toBe(true);
    const truth = s1Counts(world0);
    for (const [table, n] of Object.entries(truth)) expect(await count(store, table), table).toBe(n);
    expect(result.tables['bronze.s1_agents']?.seen).toBe(truth.s1_agents);

    // Sampled values: cloud identity, traps, flags, NICs with virtual MACs, apps and risks.
    const agents = await store.query<Record<string, unknown>>(`SELECT * FROM bronze.s1_agents`);
    const byId = new Map(agents.map((a) => [a.resource_id as string, a]));
    for (const m of world0.machines) {
      if (!m.agent) continue;
      const row = byId.get(m.agent.id);
      expect(row?.computer_name).toBe(m.agent.computerName);
      expect(row?.serial_number).toBe(m.serialNumber);
      expect(row?.is_decommissioned).toBe(m.agent.state === 'decommissioned');
      expect(row?.is_up_to_date).toBe(m.agent.isUpToDate);
      expect(row?.infected).toBe(m.agent.state === 'infected');
      const identity = m.gcpInstanceId && m.agent.cloudIdentity;
      expect(row?.cloud_instance_id).toBe(identity ? m.gcpInstanceId : null);
      expect(row?.cloud_provider).toBe(identity ? 'GCP' : null);
    }
    for (const t of computeTraps(world0)['trap.agent_without_cloud_identity'])
      expect(byId.get(t.key)?.cloud_providers_json).toEqual({});
    const stale = world0.machines.find((m) => m.agent?.state === 'stale')!;
    const lastActive = Date.parse(String(byId.get(stale.agent!.id)?.last_active_date));
    expect(Date.parse(world0.now) - lastActive).toBeGreaterThan(7 * 86_400_000);

    const nics = await store.query<{
      resource_id: string;
      name: string;
      physical: string;
      inet_json: string[];
    }>(`SELECT resource_id, name, physical, inet_json FROM bronze.s1_agent_nics`);
    const machineNics = world0.machines.flatMap((m) =>
      m.agent ? m.nics.map((n) => `${m.agent!.id}|${n.name}|${n.mac}`) : [],
    );
    expect(nics.map((n) => `${n.resource_id}|${n.name}|${n.physical}`).sort()).toEqual(machineNics.sort());
    expect(nics.some((n) => n.physical === '02:42:ac:11:00:02' && n.name === 'docker0')).toBe(true);

    const withSoftware = world0.machines.find((m) => m.agent && m.software.length > 2)!;
    const apps = await store.query<{ name: string; version: string }>(
      `SELECT name, version FROM bronze.s1_agent_applications WHERE agent_id = $1 ORDER BY name`,
      [withSoftware.agent!.id],
    );
    expect(apps).toEqual(
      withSoftware.software
        .map((s) => ({ name: s.name, version: s.version }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    const critical = world0.machines.flatMap((m) =>
      m.agent ? m.cves.filter((c) => c.cvss >= 9).map((c) => `${m.agent!.id}|${c.id}`) : [],
    );
    const risks = await store.query<{ k: string }>(
      `SELECT endpoint_id || '|' || cve_id AS k FROM bronze.s1_application_risks WHERE severity = 'Critical' AND base_score >= 9`,
    );
    expect(risks.map((r) => r.k).sort()).toEqual(critical.sort());
  });

  it('records exactly the world changes after mutate, at row granularity', async () => {
    const world1 = sb.harness.advance();
    try {
      const result = await collect(store, T2);
      expect(result.failedScopes).toEqual([]);
      const expected = s1Changes(world0, world1);
      expect(expected.some((c) => c.table === 's1_agent_nics' && c.kind === 'changed')).toBe(true);
      const key = (c: S1RowChange): string =>
        `${c.table}|${c.kind}|${c.resourceId}${c.childKey ? `|${c.childKey}` : ''}`;
      const actual: string[] = [];
      for (const table of TABLES) {
        const child = table === 's1_agent_nics';
        const rows = await store.query<{ k: string; opened: boolean; closed: boolean }>(
          `SELECT resource_id${child ? ` || '|' || name` : ''} AS k, bool_or(valid_from = $1::TIMESTAMPTZ) AS opened, bool_or(valid_to = $1::TIMESTAMPTZ) AS closed
           FROM bronze_history.${table} GROUP BY 1 HAVING bool_or(valid_from = $1::TIMESTAMPTZ) OR bool_or(valid_to = $1::TIMESTAMPTZ)`,
          [T2],
        );
        for (const r of rows)
          actual.push(
            `${table}|${r.opened && r.closed ? 'changed' : r.opened ? 'created' : 'deleted'}|${r.k}`,
          );
      }
      expect(actual.sort()).toEqual(expected.map(key).sort());
      for (const [table, n] of Object.entries(s1Counts(world1)))
        expect(await count(store, table), table).toBe(n);
      // Volatile columns stay current although they opened no version.
      const [live] = await store.query<{ last: string }>(
        `SELECT max(last_active_date) AS last FROM bronze.s1_agents`,
      );
      expect(Date.parse(live!.last)).toBeGreaterThan(Date.parse(world0.now));
    } finally {
      world0 = world1;
    }
  });

  it('ends with the same bronze under 429, 5xx and truncated bodies as without faults', async () => {
    const clean = await freshStore();
    await collect(clean, T1);
    sb.harness.faults.reset(parseFaultSpec('429=0.1,5xx=0.05,truncate=0.01'));
    try {
      const faulty = await freshStore();
      const result = await collect(faulty, T1);
      expect(result.failedScopes).toEqual([]);
      expect(sb.harness.faults.injected['429'] + sb.harness.faults.injected['5xx']).toBeGreaterThan(0);
      expect(await fingerprint(faulty)).toEqual(await fingerprint(clean));
    } finally {
      sb.harness.faults.reset(parseFaultSpec(''));
    }
  }, 60_000);

  it('follows a looping cursor by asking again, so listings still complete', async () => {
    const clean = await freshStore();
    const small = source({ pageSize: 5, collectApplications: false, collectRisks: false });
    await collect(clean, T1, small);
    sb.harness.faults.reset(parseFaultSpec('loop=0.1'));
    try {
      const looping = await freshStore();
      const result = await collect(looping, T1, small);
      expect(sb.harness.faults.injected.loop).toBeGreaterThan(0);
      expect(result.failedScopes).toEqual([]);
      expect(await fingerprint(looping)).toEqual(await fingerprint(clean));
    } finally {
      sb.harness.faults.reset(parseFaultSpec(''));
    }
  });
});
