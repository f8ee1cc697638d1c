// History engine: first load, unchanged reload and a 1% change of 100k resources with three child
// tables (~300k child rows, one grandchild level), on DuckDB and PostgreSQL, against a floor of
// raw bulk writes (appender / COPY) of the same current rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySnapshot } from '../db/history/index.ts';
import type { SnapshotRecord } from '../db/history/types.ts';
import { migrate } from '../db/migrations/runner.ts';
import { openStore } from '../db/store/open.ts';
import type { BulkValue, Store } from '../db/store/types.ts';
import type { TableSpec } from '../db/catalog/types.ts';
import { startTestPostgres } from '../db/testing/postgres-server.ts';
import { TEST_MIGRATIONS, TEST_TABLES, WIDGETS, testCatalog } from '../db/testing/test-catalog.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const PARENTS = Number(option('parents', '100000'));

function widget(i: number, generation: number): SnapshotRecord {
  // One resource in a hundred changes per generation: its label value and one NIC address tier.
  const touched = generation > 0 && i % 100 === 0;
  const tag = touched ? `g${generation}` : 'g0';
  return {
    row: {
      resource_id: String(4_000_000_000_000_000_000n + BigInt(i)),
      name: `vm-${i}`,
      size: i % 64,
      big: String(1_000_000_000_000 + i),
      ratio: (i % 100) / 100,
      enabled: i % 3 !== 0,
      created: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      config_json: { machineType: `e2-standard-${(i % 4) + 2}`, tags: ['web', `t${i % 7}`] },
      heartbeat: null,
    },
    children: {
      test_widget_nics: [
        {
          nic_name: 'nic0',
          ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          mac: `42:01:0a:${(i >> 16) & 255}:${(i >> 8) & 255}:${i & 255}`,
        },
      ],
      test_widget_nic_addresses: [
        {
          nic_name: 'nic0',
          address: `34.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          tier: touched ? 'STANDARD' : 'PREMIUM',
        },
      ],
      test_widget_labels: [{ key: 'env', value: i % 2 ? 'prod' : tag }],
    },
  };
}

// Generated before timing, so neither the floor nor the engine pays for making the input.
const GENERATIONS = [0, 1].map((g) => Array.from({ length: PARENTS }, (_, i) => widget(i, g)));
const snapshot = (generation: number): readonly SnapshotRecord[] => GENERATIONS[generation] ?? [];

/**
 * The floor: the same records written as the same current rows with the store's raw bulk path
 * (appender / COPY) in the same batch size, with only the conversion the bulk path itself needs
 * (no validation, hashing or history).
 */
async function floor(store: Store, records: readonly SnapshotRecord[]): Promise<number> {
  const convert = (spec: TableSpec, row: Record<string, unknown>): BulkValue[] =>
    spec.columns.map((c) => {
      const v = row[c.name];
      if (v === undefined || v === null) return null;
      if (c.type === 'json') return JSON.stringify(v);
      return v as BulkValue;
    });
  const { ms } = await timed(async () => {
    await store.transaction(async (tx) => {
      const rows = new Map(TEST_TABLES.map((t) => [t.name, [] as BulkValue[][]]));
      const flush = async (): Promise<void> => {
        for (const spec of TEST_TABLES) {
          await tx.bulkInsert(
            { schema: 'bronze', table: spec.name, columns: spec.columns },
            rows.get(spec.name) ?? [],
          );
          rows.set(spec.name, []);
        }
      };
      let n = 0;
      for (const record of records) {
        const parentRow: Record<string, unknown> = {
          ...record.row,
          source_id: 'bench',
          scope: 'p',
          collected_at: '2026-01-01T00:00:00Z',
          first_collected_at: '2026-01-01T00:00:00Z',
          content_hash: 'h',
          tree_hash: 'h',
          history_id: 1,
        };
        rows.get(WIDGETS.name)?.push(convert(WIDGETS, parentRow));
        for (const [table, children] of Object.entries(record.children ?? {})) {
          const spec = testCatalog.get(`bronze.${table}`);
          for (const child of children) {
            const full = {
              ...child,
              source_id: 'bench',
              resource_id: record.row.resource_id,
              content_hash: 'h',
              history_id: 1,
            };
            rows.get(table)?.push(convert(spec, full));
          }
        }
        if (++n % 5000 === 0) await flush();
      }
      await flush();
    });
  });
  return ms;
}

async function historyRowCount(store: Store): Promise<number> {
  let total = 0;
  for (const spec of TEST_TABLES) {
    const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze_history.${spec.name}`);
    total += Number(row?.n ?? 0);
  }
  return total;
}

async function run(kind: 'duckdb' | 'postgres', location: () => Promise<string>): Promise<void> {
  const floorStore = await openStore(await location());
  await migrate(floorStore, TEST_MIGRATIONS);
  const floorMs = await floor(floorStore, snapshot(0));
  await floorStore.close();

  const store = await openStore(await location());
  await migrate(store, TEST_MIGRATIONS);
  const scope = (day: number) => ({
    sourceId: 'bench',
    scope: 'p',
    collectedAt: new Date(Date.UTC(2026, 0, day)),
    complete: true,
  });
  const first = await timed(() => applySnapshot(store, testCatalog, WIDGETS, scope(1), snapshot(0)));
  const afterFirst = await historyRowCount(store);
  const unchanged = await timed(() => applySnapshot(store, testCatalog, WIDGETS, scope(2), snapshot(0)));
  const afterUnchanged = await historyRowCount(store);
  const changed = await timed(() => applySnapshot(store, testCatalog, WIDGETS, scope(3), snapshot(1)));
  const afterChanged = await historyRowCount(store);
  await store.close();
  report('history-apply', {
    store: kind,
    parents: PARENTS,
    childRows: PARENTS * 3,
    floorMs,
    firstLoadMs: first.ms,
    firstLoadVsFloor: Math.round((first.ms / floorMs) * 100) / 100,
    firstLoadHistoryRows: afterFirst,
    unchangedReloadMs: unchanged.ms,
    unchangedVsFirstLoad: Math.round((unchanged.ms / first.ms) * 100) / 100,
    unchangedHistoryRows: afterUnchanged - afterFirst,
    changedReloadMs: changed.ms,
    changedResources: changed.result.changed,
    changedHistoryRows: afterChanged - afterUnchanged,
    peakRssMiB: peakRssMiB(),
  });
}

const only = option('store', 'all');
if (only === 'all' || only === 'duckdb') {
  const dir = mkdtempSync(join(tmpdir(), 'hotpot-bench-'));
  let n = 0;
  await run('duckdb', async () => join(dir, `b${n++}.duckdb`));
  rmSync(dir, { recursive: true, force: true });
}
if (only === 'all' || only === 'postgres') {
  const server = await startTestPostgres();
  const pg = await import('pg');
  let n = 0;
  try {
    await run('postgres', async () => {
      const name = `bench${n++}`;
      const admin = new pg.default.Client(server.url);
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return server.url.replace(/\/hotpot$/, `/${name}`);
    });
  } finally {
    await server.stop();
  }
}
