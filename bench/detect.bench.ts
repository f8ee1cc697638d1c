// Detection over a sandbox world: GCP, VNG and FortiGate bronze collected from `hotpot sandbox`
// (a separate process) with `hotpot run --stage ingest`, silver filled from the same world (the
// fixture of pipeline/detect/testing, until the silver stage lands), then every built-in rule
// timed end to end (rules, gold.compliance snapshots, alert lifecycle, asset summary): a first
// run into empty gold tables and an unchanged rerun. Target: < 30 s at `large`.
// Floor in the same run: the rule queries alone, results read and dropped (no gold writes).
// Flags: --scale small|medium|large (default large), --seed N, --fresh (rebuild the cached
// prepared store), --keep (keep the working copy).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { catalog as productCatalog } from '../db/catalog/index.ts';
import { openStore } from '../db/store/open.ts';
import { generateWorld } from '../sandbox/world/generate.ts';
import { computeTruth } from '../sandbox/world/truth.ts';
import type { Scale } from '../sandbox/world/types.ts';
import { runDetection } from '../pipeline/detect/engine.ts';
import { ensureEolReference } from '../pipeline/detect/eol/reference.ts';
import { loadRules } from '../pipeline/detect/loader.ts';
import { renderRuleSql } from '../pipeline/detect/render.ts';
import { ensureGoldTables } from '../pipeline/detect/testing/gold-tables.ts';
import { writeSilverFixture } from '../pipeline/detect/testing/silver-fixture.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const SCALE = option('scale', 'large') as Scale;
const SEED = Number(option('seed', '1'));

function hotpot(args: string[]): void {
  const r = spawnSync(process.execPath, ['bin/hotpot.js', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`hotpot ${args.join(' ')} exited with ${r.status}`);
}

async function startSandbox(home: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/hotpot.js', 'sandbox', '--scale', SCALE, '--seed', String(SEED), '--configure', '--home', home],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return child;
}

/**
 * Bench convenience, not product behaviour: the prepared store (bronze ingested, silver fixture,
 * end-of-life reference, empty gold) is cached under /tmp per scale and seed, because preparing
 * `large` takes minutes and GBs. `--fresh` rebuilds it.
 */
const CACHE_DIR = join(tmpdir(), 'hotpot-detect-bench-cache');
const cacheBase = join(CACHE_DIR, `${SCALE}-seed${SEED}`);

interface Prepared {
  home: string;
  now: Date;
}

async function prepare(): Promise<Prepared> {
  const home = mkdtempSync(join(tmpdir(), 'hotpot-detect-bench-'));
  const storePath = join(home, 'store.duckdb');
  if (!process.argv.includes('--fresh') && existsSync(`${cacheBase}.json`)) {
    copyFileSync(`${cacheBase}.duckdb`, storePath);
    const { now } = JSON.parse(readFileSync(`${cacheBase}.json`, 'utf8')) as { now: string };
    return { home, now: new Date(now) };
  }
  hotpot(['init', '--home', home]);
  const sandbox = await startSandbox(home);
  try {
    for (const source of ['gcp', 'vng', 'fortinet'])
      hotpot(['run', '--home', home, '--source', source, '--stage', 'ingest']);
  } finally {
    sandbox.kill();
  }
  const world = generateWorld(SEED, SCALE);
  const truth = computeTruth(world);
  const now = new Date(truth.now);
  const store = await openStore(storePath);
  try {
    await ensureGoldTables(store);
    await writeSilverFixture(store, world, truth, new Date(now.getTime() - 60_000));
    await ensureEolReference(store, catalog, now);
  } finally {
    await store.close();
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  copyFileSync(storePath, `${cacheBase}.duckdb`);
  writeFileSync(`${cacheBase}.json`, JSON.stringify({ now: now.toISOString() }));
  return { home, now };
}

// The product catalog holds the real silver tables the fixture fills.
const catalog = productCatalog;

async function main(): Promise<void> {
  const { home, now } = await prepare();
  const store = await openStore(join(home, 'store.duckdb'));
  try {
    const { rules } = loadRules();
    const floor = await timed(async () => {
      let rows = 0;
      for (const rule of rules)
        rows += (await store.query(`SELECT * FROM (\n${renderRuleSql(rule, now)}\n) hotpot_rule`)).length;
      return rows;
    });
    const first = await timed(() => runDetection(store, catalog, rules, { now }));
    const rerun = await timed(() =>
      runDetection(store, catalog, rules, { now: new Date(now.getTime() + 3_600_000) }),
    );
    const slowest = [...first.result.rules].sort((a, b) => b.ms - a.ms).slice(0, 3);
    report('detect', {
      scale: SCALE,
      rules: rules.length,
      results: floor.result,
      alarms: first.result.alerts.alarming,
      assets: first.result.assets,
      errors: first.result.errors.length,
      floor_ms: floor.ms,
      first_ms: first.ms,
      rerun_ms: rerun.ms,
      first_phases: first.result.phases,
      rerun_phases: rerun.result.phases,
      target_ms: 30_000,
      met: first.ms < 30_000 && rerun.ms < 30_000,
      slowest_rules: slowest.map((r) => `${r.ruleId}:${r.ms}ms`),
      peak_rss_mib: peakRssMiB(),
    });
  } finally {
    await store.close();
    if (process.argv.includes('--keep')) process.stderr.write(`kept ${home}\n`);
    else rmSync(home, { recursive: true, force: true });
  }
}

await main();
