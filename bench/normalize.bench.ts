// Normalize (bronze → silver) on a sandbox world collected by the real inventory workflows into a
// DuckDB workspace: first build of silver (entity resolution, coverage, exposure, software,
// vulnerabilities, history), then an unchanged rebuild. Floor, same run: reading the bronze rows
// normalize reads, without resolving or writing anything. Also scores the merge against the
// world's truth, so a fast but wrong build shows.
//
//   npx tsx bench/normalize.bench.ts --scale medium [--home DIR]
// With --home, an already filled workspace (with truth.json beside it) is reused and its silver
// dropped first; a missing DIR is filled and kept, so the slow ingest happens once per scale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../db/catalog/index.ts';
import { openStore } from '../db/store/open.ts';
import type { Store } from '../db/store/types.ts';
import { normalizeSilver } from '../pipeline/normalize/normalize.ts';
import { loadDetails } from '../pipeline/normalize/load-details.ts';
import { loadIdentities } from '../pipeline/normalize/load-identities.ts';
import {
  ALL_PROVIDERS,
  edrNoneDifference,
  exposureDifference,
  fetchTruth,
  ingestAll,
  unthrottleS1,
  type WorldTruth,
} from '../pipeline/normalize/testing/fixture.ts';
import { scoreMerge } from '../pipeline/normalize/testing/score.ts';
import { sandboxWorkspace } from '../pipeline/sources/testing/sandbox-workspace.ts';
import { startSandbox } from '../sandbox/index.ts';
import { isScale } from '../sandbox/world/scales.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const scaleName = option('scale', 'medium');
const scale = isScale(scaleName) ? scaleName : 'medium';
const home = option('home', '');

async function fill(
  dir: string | undefined,
): Promise<{ storePath: string; truth: WorldTruth; ingestMs: number; cleanup: () => Promise<void> }> {
  const sb = await startSandbox({ seed: 1, scale });
  const ws = await sandboxWorkspace(sb, ALL_PROVIDERS);
  unthrottleS1(ws);
  const ingest = await timed(() => ingestAll(ws));
  const truth = await fetchTruth(sb);
  await ws.runtime.close();
  await sb.stop();
  if (dir) {
    const { cpSync } = await import('node:fs');
    cpSync(ws.home, dir, { recursive: true });
    writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth));
    await ws.dispose().catch(() => undefined);
    return {
      storePath: join(dir, 'store.duckdb'),
      truth,
      ingestMs: ingest.ms,
      cleanup: async () => undefined,
    };
  }
  return {
    storePath: join(ws.home, 'store.duckdb'),
    truth,
    ingestMs: ingest.ms,
    cleanup: () => ws.dispose(),
  };
}

async function dropSilver(store: Store): Promise<void> {
  await store.execute('DROP SCHEMA IF EXISTS silver CASCADE');
  await store.execute('DROP SCHEMA IF EXISTS silver_history CASCADE');
  await store.execute(`DELETE FROM meta.sync_scopes WHERE table_name LIKE 'silver.%'`);
}

const reuse = home !== '' && existsSync(join(home, 'truth.json'));
const filled = reuse
  ? {
      storePath: join(home, 'store.duckdb'),
      truth: JSON.parse(readFileSync(join(home, 'truth.json'), 'utf8')) as WorldTruth,
      ingestMs: null,
      cleanup: async () => undefined,
    }
  : await fill(home || undefined);

const store = await openStore(filled.storePath);
try {
  await dropSilver(store);
  const floor = await timed(async () => {
    await loadIdentities(store);
    await loadDetails(store);
    await store.query('SELECT * FROM bronze.s1_agent_applications');
    await store.query('SELECT * FROM bronze.s1_application_risks');
  });
  // CPU time next to wall time: on a shared machine the wall figure swings with other load.
  const cpu0 = process.cpuUsage();
  const first = await timed(() => normalizeSilver(store, catalog));
  const cpu1 = process.cpuUsage(cpu0);
  const rerun = await timed(() => normalizeSilver(store, catalog));
  const cpu2 = process.cpuUsage(cpu0);
  const cpuMs = (u: NodeJS.CpuUsage): number => Math.round((u.user + u.system) / 1000);
  const score = await scoreMerge(store, filled.truth.machines);
  const edr = await edrNoneDifference(store, filled.truth);
  const exposure = await exposureDifference(store, filled.truth);
  report('normalize', {
    scale,
    store: 'duckdb',
    ingest_ms: filled.ingestMs,
    floor_read_bronze_ms: floor.ms,
    first_ms: first.ms,
    first_x_floor: Math.round((first.ms / floor.ms) * 100) / 100,
    first_node_cpu_ms: cpuMs(cpu1),
    rerun_unchanged_ms: rerun.ms,
    rerun_node_cpu_ms: cpuMs(cpu2) - cpuMs(cpu1),
    rerun_rows_written: rerun.result.rowsWritten,
    assets: first.result.assets,
    rows: Object.fromEntries(Object.entries(first.result.tables).map(([t, r]) => [t, r.seen])),
    phases_ms: first.result.timingsMs,
    merge: score,
    edr_none: {
      planted: edr.planted,
      found: edr.found,
      missing: edr.missing.length,
      extra: edr.extra.length,
    },
    exposures: {
      planted: exposure.planted,
      missing: exposure.missing.length,
      blocked: exposure.blocked.length,
    },
    target_ms: scale === 'large' ? 60_000 : 10_000,
    peak_rss_mib: peakRssMiB(),
  });
} finally {
  await store.close();
  await filled.cleanup();
}
