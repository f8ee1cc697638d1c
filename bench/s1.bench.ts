// SentinelOne: ingest every agent with its NICs (large world: ~110k agents) from the sandbox,
// end to end through the S1 workflow (client, converters, history engine) into DuckDB. Floor in
// the same run: the same /agents pages fetched with plain fetch, parsed and appended with the
// store's bulk path, no pipeline. The sandbox runs in a child process (`hotpot sandbox`), so the
// peak RSS reported is the pipeline's own. V8 old space is capped (default 512 MiB): without a
// cap V8 defers major GCs on a large-memory machine and RSS mostly measures garbage.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { S1_AGENTS, S1_AGENT_NICS } from '../db/catalog/tables/s1.ts';
import type { ColumnSpec, TableSpec } from '../db/catalog/types.ts';
import { migrate } from '../db/migrations/runner.ts';
import { openStore } from '../db/store/open.ts';
import type { BulkValue, Store } from '../db/store/types.ts';
import { s1InventoryWorkflow } from '../pipeline/sources/s1/workflows.ts';
import {
  S1_TEST_MIGRATIONS,
  inlineWorkflowContext,
  s1TestActivities,
  testEnv,
} from '../pipeline/sources/s1/testing.ts';
import { heapCapMiB, relaunchUnderHeapCap } from '../bin/heap-cap.js';
import { option, peakRssMiB, report, timed } from './harness.ts';

const SCALE = option('scale', 'large');
const SEED = option('seed', '1');
// Measured under the heap cap every hotpot process runs with (bin/heap-cap.js).
const relaunched = await relaunchUnderHeapCap(fileURLToPath(import.meta.url));
if (relaunched !== undefined) process.exit(relaunched);

interface Sandbox {
  child: ChildProcess;
  baseUrl: string;
  apiToken: string;
}

async function startSandboxProcess(): Promise<Sandbox> {
  const child = spawn(process.execPath, ['bin/hotpot.js', 'sandbox', '--scale', SCALE, '--seed', SEED], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const s1 = (JSON.parse(first) as { providers: { s1: { baseUrl: string; apiToken: string } } }).providers.s1;
  return { child, baseUrl: s1.baseUrl, apiToken: s1.apiToken };
}

const camel = (name: string): string =>
  name.replace(/_json$/, '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Column → API field, the way a hand-written loader would map them (cloud_* are nested; left null). */
function plainRow(
  spec: TableSpec,
  item: Record<string, unknown>,
  fixed: Record<string, BulkValue>,
): BulkValue[] {
  return spec.columns.map((c: ColumnSpec) => {
    if (c.name in fixed) return fixed[c.name] ?? null;
    const v = item[camel(c.name)];
    if (v === undefined || v === null) return null;
    return c.type === 'json' ? JSON.stringify(v) : (v as BulkValue);
  });
}

/** The floor: plain fetch + JSON.parse + bulk append of agents and NICs, page by page. */
async function floor(store: Store, sb: Sandbox): Promise<{ agents: number; nics: number }> {
  const headers = { authorization: `ApiToken ${sb.apiToken}` };
  const api = `${sb.baseUrl}/web/api/v2.1`;
  const sites = (
    (await (await fetch(`${api}/sites?limit=1000`, { headers })).json()) as {
      data: { sites: { id: string }[] };
    }
  ).data.sites;
  const now = new Date().toISOString();
  let agents = 0;
  let nics = 0;
  await store.transaction(async (tx) => {
    for (const site of sites)
      for (const decommissioned of ['false', 'true']) {
        let cursor: string | null = null;
        do {
          const url = `${api}/agents?siteIds=${site.id}&isDecommissioned=${decommissioned}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const page = (await (await fetch(url, { headers })).json()) as {
            data: Record<string, unknown>[];
            pagination: { nextCursor: string | null };
          };
          const agentRows: BulkValue[][] = [];
          const nicRows: BulkValue[][] = [];
          for (const a of page.data) {
            const id = a.id as string;
            agentRows.push(
              plainRow(S1_AGENTS, a, {
                source_id: 'bench',
                resource_id: id,
                scope: site.id,
                collected_at: now,
                first_collected_at: now,
                content_hash: 'h',
                tree_hash: 'h',
                history_id: 1,
              }),
            );
            for (const n of a.networkInterfaces as Record<string, unknown>[])
              nicRows.push(
                plainRow(S1_AGENT_NICS, n, {
                  source_id: 'bench',
                  resource_id: id,
                  nic_id: n.id as string,
                  content_hash: 'h',
                  history_id: 1,
                }),
              );
          }
          await tx.bulkInsert(
            { schema: 'bronze', table: S1_AGENTS.name, columns: S1_AGENTS.columns },
            agentRows,
          );
          await tx.bulkInsert(
            { schema: 'bronze', table: S1_AGENT_NICS.name, columns: S1_AGENT_NICS.columns },
            nicRows,
          );
          agents += agentRows.length;
          nics += nicRows.length;
          cursor = page.pagination.nextCursor;
        } while (cursor);
      }
  });
  return { agents, nics };
}

async function pipeline(store: Store, sb: Sandbox, collectedAt: string) {
  const env = testEnv(
    store,
    new Map([
      [
        's1-bench',
        {
          config: {
            baseUrl: sb.baseUrl,
            rateLimit: { ratePerSecond: 1000, burst: 1000 },
            collectApplications: false,
            collectRisks: false,
          },
          secrets: { apiToken: sb.apiToken },
        },
      ],
    ]),
  );
  const acts = s1TestActivities(env);
  return s1InventoryWorkflow.fn(inlineWorkflowContext(acts.defs), { sourceId: 's1-bench', collectedAt });
}

const sb = await startSandboxProcess();
const dir = mkdtempSync(join(tmpdir(), 'hotpot-bench-s1-'));
try {
  const floorStore = await openStore(join(dir, 'floor.duckdb'));
  await migrate(floorStore, S1_TEST_MIGRATIONS);
  const f = await timed(() => floor(floorStore, sb));
  await floorStore.close();
  const floorPeakRssMiB = peakRssMiB();

  const store = await openStore(join(dir, 'pipeline.duckdb'));
  await migrate(store, S1_TEST_MIGRATIONS);
  const first = await timed(() => pipeline(store, sb, '2025-01-06T09:00:00.000Z'));
  const again = await timed(() => pipeline(store, sb, '2025-01-07T09:00:00.000Z'));
  const [nicCount] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze.s1_agent_nics`);
  const [historyAgents] = await store.query<{ n: number }>(
    `SELECT count(*) AS n FROM bronze_history.s1_agents`,
  );
  await store.close();
  const agents = first.result.tables['bronze.s1_agents']?.seen ?? 0;
  report('s1-agents', {
    store: 'duckdb',
    scale: SCALE,
    agents,
    nics: Number(nicCount?.n),
    floorAgents: f.result.agents,
    floorNics: f.result.nics,
    floorMs: f.ms,
    floorAgentsPerSec: Math.round(f.result.agents / (f.ms / 1000)),
    firstLoadMs: first.ms,
    agentsPerSec: Math.round(agents / (first.ms / 1000)),
    firstLoadVsFloor: Math.round((first.ms / f.ms) * 100) / 100,
    unchangedReloadMs: again.ms,
    unchangedVsFloor: Math.round((again.ms / f.ms) * 100) / 100,
    historyVersionsAfterReload: Number(historyAgents?.n),
    failedScopes: first.result.failedScopes.length + again.result.failedScopes.length,
    v8HeapCapMiB: heapCapMiB(),
    floorPeakRssMiB,
    peakRssMiB: peakRssMiB(),
  });
} finally {
  sb.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
