import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import type { Store } from '../../db/store/types.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../sources/testing/sandbox-workspace.ts';
import type { StageResult } from '../workflows/pipeline-run.ts';
import type { ActivityContext } from '../workflows/types.ts';
import { createNormalizeActivities } from './activity.ts';
import { normalizeSilver } from './normalize.ts';
import { withSilver } from './silver-tables.ts';
import {
  ALL_PROVIDERS,
  assetAssignments,
  edrNoneDifference,
  exposureDifference,
  fetchTruth,
  ingestAll,
  type WorldTruth,
} from './testing/fixture.ts';
import { scoreMerge } from './testing/score.ts';
import { timelineOf } from './timeline.ts';
import { Command } from 'commander';
import { register as registerHistory } from '../cli/commands/history.ts';
import type { CliContext } from '../cli/context.ts';
import { copyBronze } from './testing/copy-bronze.ts';
import { openTestStore } from '../../db/testing/stores.ts';

function activityContext(): ActivityContext {
  return {
    runId: 'test-run',
    activityName: 'normalize.silver',
    attempt: 1,
    signal: new AbortController().signal,
    heartbeatDetails: undefined,
    heartbeat: () => undefined,
    progress: () => undefined,
  };
}

describe('normalize against the sandbox (small, all providers)', () => {
  let sb: RunningSandbox;
  let ws: SandboxWorkspace;
  let store: Store;
  let truth: WorldTruth;
  let first: StageResult;

  const normalize = async (): Promise<StageResult> => {
    const [activity] = createNormalizeActivities(ws.runtime.env);
    return (activity?.fn as (i: unknown, c: ActivityContext) => Promise<StageResult>)(
      { pipelineRunId: 'r', sourceIds: [] },
      activityContext(),
    );
  };

  beforeAll(async () => {
    sb = await startSandbox({ seed: 7, scale: 'small' });
    ws = await sandboxWorkspace(sb, ALL_PROVIDERS);
    await ingestAll(ws);
    truth = await fetchTruth(sb);
    store = await ws.runtime.env.store();
    first = await normalize();
  });
  afterAll(async () => {
    await ws?.dispose();
    await sb?.stop();
  });

  test('the activity reports a complete snapshot of every silver table', () => {
    expect(first.complete).toBe(true);
    expect(Object.keys(first.tables ?? {}).sort()).toEqual([
      'silver.assets',
      'silver.exposures',
      'silver.software',
      'silver.vulnerabilities',
    ]);
    expect(first.rowsWritten).toBeGreaterThan(0);
  });

  test('PostgreSQL builds the same silver from the same bronze', async () => {
    const pg = await openTestStore('postgres');
    try {
      await copyBronze(store, pg.store, ws.runtime.env.catalog);
      const result = await normalizeSilver(pg.store, ws.runtime.env.catalog);
      expect(result.complete).toBe(true);
      expect(await assetAssignments(pg.store)).toEqual(await assetAssignments(store));
      for (const t of ['assets', 'software', 'vulnerabilities', 'exposures']) {
        const [a] = await store.query(`SELECT count(*) AS n FROM silver.${t}`);
        const [b] = await pg.store.query(`SELECT count(*) AS n FROM silver.${t}`);
        expect(Number(b?.n), t).toBe(Number(a?.n));
      }
      const edr = await pg.store.query(
        `SELECT edr, count(*) AS n FROM silver.assets GROUP BY edr ORDER BY edr`,
      );
      const edrDuck = await store.query(
        `SELECT edr, count(*) AS n FROM silver.assets GROUP BY edr ORDER BY edr`,
      );
      expect(edr.map((r) => [r.edr, Number(r.n)])).toEqual(edrDuck.map((r) => [r.edr, Number(r.n)]));
    } finally {
      await pg.dispose();
    }
  });

  test('merges records of one machine and nothing else (pairwise precision and recall)', async () => {
    for (const trap of [
      'trap.shared_mac',
      'trap.cloned_vm_same_hostname',
      'trap.gke_node',
      'trap.agent_without_cloud_identity',
    ])
      expect(truth.traps[trap]?.length, trap).toBeGreaterThan(0);
    const score = await scoreMerge(store, truth.machines);
    console.log('small merge confusion', JSON.stringify(score));
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
  });

  test('cloud VMs without EDR are exactly the planted set', async () => {
    const d = await edrNoneDifference(store, truth);
    expect(d.missing).toEqual([]);
    expect(d.extra).toEqual([]);
    expect(d.planted).toBeGreaterThan(0);
  });

  test('every planted internet-reachable port is an exposure, and no blocked one is', async () => {
    const d = await exposureDifference(store, truth);
    expect(d.planted).toBeGreaterThan(0);
    expect(d.missing).toEqual([]);
    expect(d.blocked).toEqual([]);
  });

  test('every merge names its rule and evidence', async () => {
    const rows = await store.query(
      `SELECT rule, count(*) AS n, min(confidence) AS lo, max(confidence) AS hi FROM silver.asset_sources GROUP BY rule`,
    );
    const rules = new Map(rows.map((r) => [String(r.rule), r]));
    expect(rules.has('seed')).toBe(true);
    expect(rules.has('cloud_instance_id')).toBe(true);
    expect(rules.has('mac')).toBe(true);
    for (const r of rows) expect(Number(r.hi)).toBeLessThanOrEqual(1);
    const noId = truth.traps['trap.agent_without_cloud_identity']?.[0]?.key ?? '';
    const [joined] = await store.query(
      `SELECT s.rule, (SELECT count(*) FROM silver.asset_sources o WHERE o.resource_id = s.resource_id) AS members
         FROM silver.asset_sources s WHERE s.source_table = 'bronze.s1_agents' AND s.record_id = $1`,
      [noId],
    );
    expect(Number(joined?.members)).toBe(2);
    expect(['mac', 'hostname', 'private_ip']).toContain(joined?.rule);
  });

  test('an unchanged rerun writes no silver history', async () => {
    const again = await normalize();
    expect(again.rowsWritten).toBe(0);
  });

  test('asset ids survive unrelated changes; the timeline shows field-level changes', async () => {
    const before = await assetAssignments(store);
    const res = await fetch(`${sb.url}/_sandbox/mutate`, { method: 'POST' });
    expect(res.ok).toBe(true);
    await ingestAll(ws);
    await normalize();
    const after = await assetAssignments(store);
    let same = 0;
    const moved: string[] = [];
    for (const [record, asset] of before) {
      const now = after.get(record);
      if (now === undefined) continue;
      if (now === asset) same++;
      else moved.push(record);
    }
    expect(moved).toEqual([]);
    expect(same).toBeGreaterThan(before.size * 0.9);

    const [changed] = await store.query(
      `SELECT resource_id FROM silver_history.assets GROUP BY resource_id HAVING count(*) > 1 LIMIT 1`,
    );
    if (changed) {
      const timeline = await timelineOf(
        store,
        withSilver(ws.runtime.env.catalog),
        String(changed.resource_id),
      );
      expect(timeline?.subject.kind).toBe('asset');
      expect(timeline?.events.some((e) => e.change === 'changed' && e.table === 'silver.assets')).toBe(true);
    }
    const gcpRecord = [...after.keys()].find((k) => k.startsWith('bronze.gcp_compute_instances|'));
    const instanceId = gcpRecord?.split('|')[2] ?? '';
    const byRecord = await timelineOf(store, withSilver(ws.runtime.env.catalog), instanceId);
    expect(byRecord?.subject).toEqual({ kind: 'asset', id: after.get(gcpRecord ?? '') });
    expect(byRecord?.resources.some((r) => r.table === 'bronze.gcp_compute_instances')).toBe(true);
  });

  test('after a cut-short listing nothing is deleted from silver', async () => {
    const [victim] = await store.query(
      `SELECT source_id, resource_id, scope FROM bronze.gcp_compute_instances ORDER BY resource_id LIMIT 1`,
    );
    const assetsBefore = await store.query('SELECT count(*) AS n FROM silver.assets');
    await store.execute(`DELETE FROM bronze.gcp_compute_instances WHERE resource_id = $1`, [
      String(victim?.resource_id),
    ]);
    await store.execute(
      `UPDATE meta.sync_scopes SET complete = false WHERE table_name = 'bronze.gcp_compute_instances' AND scope = $1`,
      [String(victim?.scope)],
    );
    const result = await normalizeSilver(store, ws.runtime.env.catalog);
    expect(result.complete).toBe(false);
    for (const r of Object.values(result.tables)) expect(r.deleted).toBe(0);
    const assetsAfter = await store.query('SELECT count(*) AS n FROM silver.assets');
    expect(Number(assetsAfter[0]?.n)).toBeGreaterThanOrEqual(Number(assetsBefore[0]?.n));
  });

  test('hotpot history prints an asset timeline as JSON and as text', async () => {
    const [asset] = await store.query(
      `SELECT resource_id FROM silver_history.assets GROUP BY resource_id ORDER BY count(*) DESC, resource_id LIMIT 1`,
    );
    await ws.runtime.env.close(); // the command opens the DuckDB file read-only itself
    const out: string[] = [];
    const ctx: CliContext = {
      resolveHome: () => ws.home,
      printJson: (v) => out.push(JSON.stringify(v)),
      print: (t) => out.push(t),
      note: () => undefined,
    };
    const program = new Command().exitOverride();
    registerHistory(program, ctx);
    await program.parseAsync(['history', String(asset?.resource_id), '--json'], { from: 'user' });
    const timeline = JSON.parse(out[0] ?? '{}') as { subject: { kind: string }; events: unknown[] };
    expect(timeline.subject.kind).toBe('asset');
    expect(timeline.events.length).toBeGreaterThan(0);
    await program.parseAsync(['history', String(asset?.resource_id), '--since', '2999-01-01'], {
      from: 'user',
    });
    expect(out[1]).toMatch(/^asset a-[0-9a-f]+: \d+ resource\(s\), 0 change\(s\)$/);
    await expect(program.parseAsync(['history', 'no-such-thing'], { from: 'user' })).rejects.toThrow(
      /Nothing named/,
    );
    await expect(
      program.parseAsync(['history', 'x', '--since', 'yesterday-ish'], { from: 'user' }),
    ).rejects.toThrow(/is not a time/);
    store = await ws.runtime.env.store();
  });
});
