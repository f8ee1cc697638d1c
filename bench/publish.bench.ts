// Publish: 250k resources + 750k child rows (1M current rows, plus their 1M history versions) from
// a local DuckDB to an empty central PostgreSQL, against a floor measured in the same run: raw
// COPY of the same current and history rows into empty, migrated tables of another database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { historyColumns } from '../db/catalog/define.ts';
import { historySchema } from '../db/catalog/types.ts';
import { applySnapshot } from '../db/history/index.ts';
import type { SnapshotRecord } from '../db/history/types.ts';
import { migrate } from '../db/migrations/runner.ts';
import { openStore } from '../db/store/open.ts';
import type { BulkValue, Store } from '../db/store/types.ts';
import { startTestPostgres } from '../db/testing/postgres-server.ts';
import { TEST_MIGRATIONS, TEST_TABLES, WIDGETS, testCatalog } from '../db/testing/test-catalog.ts';
import { publish } from '../pipeline/publish/publish.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const PARENTS = Number(option('parents', '250000'));

function record(i: number): SnapshotRecord {
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
        { nic_name: 'nic0', ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, mac: null },
      ],
      test_widget_nic_addresses: [
        { nic_name: 'nic0', address: `34.${(i >> 8) & 255}.${i & 255}.1`, tier: 'PREMIUM' },
      ],
      test_widget_labels: [{ key: 'env', value: i % 2 ? 'prod' : 'dev' }],
    },
  };
}

async function database(base: string, name: string): Promise<string> {
  const admin = new pg.Client(base);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Every current and history row of the test tables, as COPY values, read before timing. */
async function materialize(local: Store): Promise<{ schema: string; table: string; rows: BulkValue[][] }[]> {
  const out: { schema: string; table: string; rows: BulkValue[][] }[] = [];
  for (const spec of TEST_TABLES) {
    for (const [schema, columns] of [
      [spec.layer, spec.columns],
      [historySchema(spec.layer), historyColumns(spec)],
    ] as const) {
      const rows: BulkValue[][] = [];
      const sql = `SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM ${schema}.${spec.name}`;
      for await (const batch of local.stream(sql)) {
        for (const r of batch)
          rows.push(
            columns.map((c) => {
              const v = r[c.name];
              return v === null || v === undefined
                ? null
                : c.type === 'json'
                  ? JSON.stringify(v)
                  : (v as BulkValue);
            }),
          );
      }
      out.push({ schema, table: spec.name, rows });
    }
  }
  return out;
}

/**
 * Runs `fn` sampling the resident set size: the process peak (maxRSS) also counts the floor's
 * rows materialised before, this shows what publishing itself holds.
 */
async function withRss<T>(fn: () => Promise<T>): Promise<{ result: T; beforeMiB: number; peakMiB: number }> {
  const mib = (): number => Math.round(process.memoryUsage.rss() / 2 ** 20);
  const beforeMiB = mib();
  let peakMiB = beforeMiB;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, mib())), 50);
  try {
    const result = await fn();
    return { result, beforeMiB, peakMiB: Math.max(peakMiB, mib()) };
  } finally {
    clearInterval(sampler);
  }
}

const server = await startTestPostgres();
const dir = mkdtempSync(join(tmpdir(), 'hotpot-bench-publish-'));
try {
  const local = await openStore(join(dir, 'local.duckdb'));
  await migrate(local, TEST_MIGRATIONS);
  await applySnapshot(
    local,
    testCatalog,
    WIDGETS,
    { sourceId: 'src', scope: 'p1', collectedAt: '2025-03-01T00:00:00Z', complete: true },
    Array.from({ length: PARENTS }, (_, i) => record(i)),
  );
  const tables = await materialize(local);
  const currentRows = tables.filter((t) => t.schema === 'bronze').reduce((n, t) => n + t.rows.length, 0);
  const historyRowCount = tables.filter((t) => t.schema !== 'bronze').reduce((n, t) => n + t.rows.length, 0);

  const floorStore = await openStore(await database(server.url, 'floor'));
  await migrate(floorStore, TEST_MIGRATIONS);
  const floor = await timed(() =>
    floorStore.transaction(async (tx) => {
      for (const t of tables) {
        const spec = testCatalog.get(`bronze.${t.table}`);
        const columns = t.schema === 'bronze' ? spec.columns : historyColumns(spec);
        for (let i = 0; i < t.rows.length; i += 20_000)
          await tx.bulkInsert({ schema: t.schema, table: t.table, columns }, t.rows.slice(i, i + 20_000));
      }
    }),
  );
  await floorStore.close();
  tables.splice(0); // the floor's rows are not needed any more; publishing reads the store

  const central = await openStore(await database(server.url, 'central'));
  // Migrated before timing, like the floor's tables: both measure moving the rows only.
  await migrate(central, TEST_MIGRATIONS);
  const sampled = await withRss(() =>
    timed(() =>
      publish(local, central, testCatalog, {
        publisherId: 'bench',
        migrations: TEST_MIGRATIONS,
        readerRole: false,
      }),
    ),
  );
  const first = sampled.result;
  const again = await timed(() =>
    publish(local, central, testCatalog, {
      publisherId: 'bench',
      migrations: TEST_MIGRATIONS,
      readerRole: false,
    }),
  );
  await central.close();
  await local.close();

  report('publish', {
    parents: PARENTS,
    currentRows,
    historyRows: historyRowCount,
    floorCopyMs: floor.ms,
    publishMs: first.ms,
    ratio: Math.round((first.ms / floor.ms) * 100) / 100,
    target: 1.43,
    rowsWritten: first.result.rowsWritten,
    paths: [...new Set(first.result.tables.map((t) => t.path))],
    republishMs: again.ms,
    republishRowsWritten: again.result.rowsWritten,
    peakRssMiB: peakRssMiB(),
    rssBeforePublishMiB: sampled.beforeMiB,
    publishPeakRssMiB: sampled.peakMiB,
  });
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
