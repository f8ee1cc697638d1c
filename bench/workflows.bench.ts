// 10,000 no-op activities through the local engine with durable journaling.
// Run: node --import tsx bench/workflows.bench.ts  → one JSON object on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defineActivity, defineWorkflow } from '../pipeline/workflows/define.ts';
import { WorkflowEngine } from '../pipeline/workflows/local/engine.ts';

const N = Number(process.env.BENCH_ACTIVITIES ?? 10_000);
const FAN_OUT = 100;

const noop = defineActivity(
  'bench.noop',
  { taskQueue: 'bench', retry: { maximumAttempts: 1 } },
  async (i: number) => i,
);

const sequential = defineWorkflow('bench.sequential', async (ctx, n: number) => {
  for (let i = 0; i < n; i++) await ctx.activity(noop, i);
  return n;
});

// Waves of parallel activities, the shape of a per-source fan-out.
const fanOut = defineWorkflow('bench.fanOut', async (ctx, n: number) => {
  for (let i = 0; i < n; i += FAN_OUT) {
    await Promise.all(Array.from({ length: Math.min(FAN_OUT, n - i) }, (_, j) => ctx.activity(noop, i + j)));
  }
  return n;
});

async function measure(
  def: typeof sequential,
  dir: string,
  label: string,
): Promise<Record<string, number | string>> {
  const statePath = join(dir, `${label}.sqlite`);
  const engine = new WorkflowEngine({
    statePath,
    workflows: [def],
    activities: [noop],
    queues: { bench: FAN_OUT },
  });
  const t0 = performance.now();
  const handle = await engine.start(def, N);
  await handle.result();
  const ms = performance.now() - t0;
  await engine.close();
  // Durability check: every activity reported finished is in the journal after close.
  const db = new Database(statePath, { readonly: true });
  const journaled = db
    .prepare(`SELECT count(*) FROM wf_steps WHERE status = 'completed' AND kind = 'activity'`)
    .pluck()
    .get() as number;
  db.close();
  if (journaled !== N) throw new Error(`${label}: ${journaled} of ${N} activities journaled`);
  return { totalMs: Math.round(ms), activitiesPerSec: Math.round((N / ms) * 1000), journaled };
}

// Floor: the same number of rows written straight to SQLite with one prepared statement per row in
// one transaction, i.e. the cost of the journal rows alone.
function floor(dir: string): number {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    `CREATE TABLE t (run_id TEXT, seq INTEGER, result_json TEXT, PRIMARY KEY (run_id, seq)) WITHOUT ROWID`,
  );
  const insert = db.prepare(`INSERT INTO t VALUES ('r', ?, ?)`);
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < N; i++) insert.run(i, String(i));
  })();
  const ms = performance.now() - t0;
  db.close();
  return Math.round((N / ms) * 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'hotpot-wf-bench-'));
try {
  const seq = await measure(sequential, dir, 'sequential');
  const fan = await measure(fanOut, dir, 'fanout');
  process.stdout.write(
    JSON.stringify({
      benchmark: 'workflows.local-engine',
      activities: N,
      sequential: seq,
      fanOut: { width: FAN_OUT, ...fan },
      floorRawSqliteRowsPerSec: floor(dir),
      targetActivitiesPerSec: 2000,
      meetsTarget: Number(seq.activitiesPerSec) >= 2000 && Number(fan.activitiesPerSec) >= 2000,
      node: process.version,
    }) + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
