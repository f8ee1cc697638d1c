// GCP ingest end to end: every project's aggregated instances (with all their child tables) from
// the sandbox through the real @google-cloud/compute client, the converter and the history engine
// into a fresh DuckDB workspace. In the same run, a floor: the same pages fetched with plain
// fetch, parsed and appended as flat instance rows without the pipeline. The sandbox runs in its
// own process so that this process's peak RSS is the pipeline's (the floor, measured first,
// peaks lower and is reported on its own). The benchmark runs under the same V8 heap cap as
// every hotpot process (bin/heap-cap.js), re-executing itself if needed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { relaunchUnderHeapCap } from '../bin/heap-cap.js';
import { col, resourceTable } from '../db/catalog/define.ts';
import { Catalog } from '../db/catalog/catalog.ts';
import { META_TABLES } from '../db/catalog/tables/meta.ts';
import { ensureTables, MIGRATIONS } from '../db/migrations/index.ts';
import { migrate } from '../db/migrations/runner.ts';
import { openStore } from '../db/store/open.ts';
import type { BulkValue } from '../db/store/types.ts';
import { createPipelineEnv } from '../pipeline/env.ts';
import { createGcpActivities } from '../pipeline/sources/gcp/activities.ts';
import { Workspace } from '../pipeline/workspace.ts';
import type { ActivityContext } from '../pipeline/workflows/types.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const relaunched = await relaunchUnderHeapCap(fileURLToPath(import.meta.url));
if (relaunched !== undefined) process.exit(relaunched);

const SCALE = option('scale', 'large');
const CONCURRENCY = Number(option('concurrency', '4'));
const BIN = fileURLToPath(new URL('../bin/hotpot.js', import.meta.url));

const FLOOR_TABLE = resourceTable({
  layer: 'bronze',
  name: 'floor_instances',
  description: 'Benchmark floor.',
  history: false,
  columns: [
    col('name', 'text', 'n'),
    col('zone', 'text', 'z'),
    col('status', 'text', 's'),
    col('nics_json', 'json', 'n'),
  ],
});

// The floor stores the same child data as the pipeline (one row per NIC, access config, alias
// range, disk, label, metadata item, tag and service account), flattened generically.
const FLOOR_CHILDREN = resourceTable({
  layer: 'bronze',
  name: 'floor_instance_children',
  description: 'Benchmark floor.',
  history: false,
  columns: [col('kind', 'text', 'k'), col('key', 'text', 'k'), col('value_json', 'json', 'v')],
});

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** [kind, key, value] per child row of one instance, straight from the page JSON. */
function floorChildren(i: Json): [string, string, unknown][] {
  const out: [string, string, unknown][] = [];
  for (const [n, nic] of list(i.networkInterfaces).entries()) {
    out.push(['nic', String(n), nic]);
    for (const [a, ac] of list(nic.accessConfigs).entries()) out.push(['access_config', `${n}/${a}`, ac]);
    for (const [a, r] of list(nic.aliasIpRanges).entries()) out.push(['alias_range', `${n}/${a}`, r]);
  }
  for (const [n, d] of list(i.disks).entries()) out.push(['disk', String(n), d]);
  for (const [k, v] of Object.entries((i.labels as Json | undefined) ?? {})) out.push(['label', k, v]);
  for (const m of list((i.metadata as Json | undefined)?.items))
    out.push(['metadata', String(m.key), m.value]);
  for (const t of ((i.tags as Json | undefined)?.items as string[] | undefined) ?? [])
    out.push(['tag', t, t]);
  for (const sa of list(i.serviceAccounts)) out.push(['service_account', String(sa.email), sa]);
  return out;
}

async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

const actx: ActivityContext = {
  runId: 'bench',
  activityName: 'gcp.ingestResource',
  attempt: 1,
  signal: new AbortController().signal,
  heartbeatDetails: undefined,
  heartbeat: () => undefined,
  progress: () => undefined,
};

const home = mkdtempSync(join(tmpdir(), 'hotpot-bench-gcp-'));
const sandbox = spawn(
  process.execPath,
  [BIN, 'sandbox', '--scale', SCALE, '--seed', '3', '--configure', '--home', home],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
try {
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: sandbox.stdout }).once('line', resolve),
  );
  await new Promise<void>((resolve) =>
    sandbox.stderr.on('data', (d: Buffer) => /configured/.test(d.toString()) && resolve()),
  );
  const endpoints = JSON.parse(line) as {
    control: string;
    providers: { gcp: { baseUrl: string; accessToken: string } };
  };
  const { baseUrl, accessToken } = endpoints.providers.gcp;
  const projects = (
    (await (
      await fetch(`${baseUrl}/v1/projects`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as {
      projects: { projectId: string }[];
    }
  ).projects.map((p) => p.projectId);

  // Floor: plain HTTP pages, JSON.parse, the instance and its child rows flattened, appender.
  const floorStore = await openStore(join(home, 'floor.duckdb'));
  await migrate(floorStore, [
    ...MIGRATIONS,
    ensureTables('9200_floor', 'floor', [FLOOR_TABLE, FLOOR_CHILDREN]),
  ]);
  let floorVms = 0;
  let floorChildRows = 0;
  const floor = await timed(() =>
    pool(projects, CONCURRENCY, async (project) => {
      let token = '';
      do {
        const url = `${baseUrl}/compute/v1/projects/${project}/aggregated/instances?maxResults=500${token ? `&pageToken=${token}` : ''}`;
        const page = (await (
          await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } })
        ).json()) as {
          items: Record<string, { instances?: Record<string, unknown>[] }>;
          nextPageToken?: string;
        };
        const rows: BulkValue[][] = [];
        const childRows: BulkValue[][] = [];
        const now = new Date().toISOString();
        for (const scoped of Object.values(page.items)) {
          for (const i of scoped.instances ?? []) {
            for (const [kind, key, value] of floorChildren(i)) {
              childRows.push([
                'bench',
                `${String(i.id)}/${kind}/${key}`,
                project,
                kind,
                key,
                JSON.stringify(value),
                now,
                now,
                'h',
                'h',
                1,
              ]);
            }
            rows.push([
              'bench',
              String(i.id),
              project,
              String(i.name),
              String(i.zone),
              String(i.status),
              JSON.stringify(i.networkInterfaces),
              new Date().toISOString(),
              new Date().toISOString(),
              'h',
              'h',
              1,
            ]);
          }
        }
        await floorStore.bulkInsert(
          { schema: 'bronze', table: FLOOR_TABLE.name, columns: FLOOR_TABLE.columns },
          rows,
        );
        await floorStore.bulkInsert(
          { schema: 'bronze', table: FLOOR_CHILDREN.name, columns: FLOOR_CHILDREN.columns },
          childRows,
        );
        floorVms += rows.length;
        floorChildRows += childRows.length;
        token = page.nextPageToken ?? '';
      } while (token);
    }),
  );
  await floorStore.close();
  const floorPeakRss = peakRssMiB();

  // The pipeline: the instances listing activity per project, as a run does it.
  const workspace = Workspace.open(home);
  const env = createPipelineEnv(workspace, {
    catalog: new Catalog([...META_TABLES, ...(await import('../db/catalog/tables/gcp.ts')).GCP_TABLES]),
  });
  const [activity] = createGcpActivities(env).filter((a) => a.name === 'gcp.ingestResource');
  const collectedAt = new Date().toISOString();
  let vms = 0;
  const pipeline = await timed(() =>
    pool(projects, CONCURRENCY, async (project) => {
      const fn = (
        activity as unknown as {
          fn: (i: unknown, c: ActivityContext) => Promise<{ seen: number; error?: string }>;
        }
      ).fn;
      const summary = await fn(
        { sourceId: 'sandbox-gcp', collectedAt, project, resource: 'instances' },
        actx,
      );
      if (summary.error) throw new Error(summary.error);
      vms += summary.seen;
    }),
  );
  const store = await env.store();
  const [children] = await store.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM bronze.gcp_compute_instance_nics) + (SELECT count(*) FROM bronze.gcp_compute_instance_disks)
      + (SELECT count(*) FROM bronze.gcp_compute_instance_labels) + (SELECT count(*) FROM bronze.gcp_compute_instance_metadata)
      + (SELECT count(*) FROM bronze.gcp_compute_instance_nic_access_configs) + (SELECT count(*) FROM bronze.gcp_compute_instance_tags)
      + (SELECT count(*) FROM bronze.gcp_compute_instance_service_accounts)
      + (SELECT count(*) FROM bronze.gcp_compute_instance_nic_alias_ranges) AS n`,
  );
  await env.close();
  workspace.close();
  report('gcp-ingest', {
    scale: SCALE,
    projects: projects.length,
    concurrency: CONCURRENCY,
    vms,
    childRows: Number(children?.n ?? 0),
    floorVms,
    floorChildRows,
    floorMs: floor.ms,
    floorVmsPerSec: Math.round(floorVms / (floor.ms / 1000)),
    pipelineMs: pipeline.ms,
    pipelineVmsPerSec: Math.round(vms / (pipeline.ms / 1000)),
    pipelineVsFloor: Math.round((pipeline.ms / floor.ms) * 100) / 100,
    peakRssMiB: peakRssMiB(),
    floorPeakRssMiB: floorPeakRss,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 1048576),
  });
} finally {
  sandbox.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}
