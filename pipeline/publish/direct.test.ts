import { afterEach, describe, expect, it } from 'vitest';
import { applySnapshot } from '../../db/history/index.ts';
import type { SnapshotRecord } from '../../db/history/types.ts';
import { openStore } from '../../db/store/open.ts';
import type { Store, StoreKind } from '../../db/store/types.ts';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { TEST_MIGRATIONS, TEST_TABLES, WIDGETS, testCatalog } from '../../db/testing/test-catalog.ts';
import { publish } from './publish.ts';
import type { PublishResult } from './types.ts';
import {
  collect,
  currentXid,
  danglingVersions,
  dump,
  duplicateVersions,
  orphanChildVersions,
  rowsWrittenSince,
} from './testing/fixtures.ts';

const open: TestStore[] = [];
async function store(kind: StoreKind, migrations = TEST_MIGRATIONS): Promise<TestStore> {
  const s = await openTestStore(kind, migrations);
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
});

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-02T10:00:00.000Z';
const options = { publisherId: 'ws-a', migrations: TEST_MIGRATIONS, readerRole: false as const };
const WIDGETS_FAMILY = 'bronze.test_widgets';

const pathOf = (result: PublishResult): string | undefined =>
  result.tables.find((t) => t.table === WIDGETS_FAMILY)?.path;

/** Text that CSV and COPY treat specially, and values whose NULL-ness or precision can be lost. */
const TRICKY_TEXT = [
  'a,b"c\nd\\e\tf\r\ng',
  '',
  null,
  '\\N',
  '\\.',
  'ünïcødé 😀 中文',
  ' padded ',
  '"quoted"',
  'NULL',
];

function trickyRecord(i: number): SnapshotRecord {
  const text = TRICKY_TEXT[i % TRICKY_TEXT.length] ?? null;
  return {
    row: {
      resource_id: `r,${i}"\n`,
      name: text,
      size: i % 2 === 0 ? -i : null,
      big: i === 0 ? '9007199254740993' : i === 1 ? '-9223372036854775808' : null,
      ratio: [0.1, -0, 1e300, 123456.789012345, null][i % 5] ?? null,
      enabled: [true, false, null][i % 3] ?? null,
      created: ['2025-03-01T10:00:00.123Z', '1999-12-31T23:59:59.999Z', '0100-01-01T00:00:00.000Z', null][
        i % 4
      ],
      config_json:
        i % 3 === 0
          ? { s: text ?? '', quote: 'x,"y"\n\\', nested: { list: [1, 2.5, true, null, '😀'] }, empty: '' }
          : i % 3 === 1
            ? ['a\tb', { '': 'empty key' }]
            : null,
      heartbeat: i % 2 === 0 ? '2025-03-01T09:59:59.001Z' : null,
    },
    children: {
      test_widget_nics: [{ nic_name: `nic,${i}`, ip: text, mac: text === null ? '' : null }],
      test_widget_nic_addresses: [{ nic_name: `nic,${i}`, address: `a"${i}\n`, tier: text }],
      test_widget_labels: [
        { key: 'k\\1', value: text },
        { key: 'k\n2', value: '' },
      ],
    },
  };
}

async function collectTricky(local: Store, at: string, count: number): Promise<void> {
  await applySnapshot(
    local,
    testCatalog,
    WIDGETS,
    { sourceId: 'src,"1"', scope: 'p\n1', collectedAt: at, complete: true },
    Array.from({ length: count }, (_, i) => trickyRecord(i)),
  );
}

/** Every column of every test table as PostgreSQL prints it (exact JSON, microseconds), ids aside. */
async function centralText(central: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const spec of TEST_TABLES) {
    for (const schema of ['bronze', 'bronze_history']) {
      const [row] = await central.query<{ t: string | null }>(
        `SELECT string_agg(r::text, E'\\n' ORDER BY r::text) AS t
         FROM (SELECT to_jsonb(x) - 'history_id' - 'parent_history_id' AS r FROM ${schema}.${spec.name} x) s`,
      );
      out[`${schema}.${spec.name}`] = row?.t ?? null;
    }
  }
  return out;
}

describe('publish: direct copy of a first publish', () => {
  it.each(['duckdb', 'postgres'] as const)(
    'from %s: gives the central state of the staged merge, tricky values included',
    async (kind) => {
      const local = await store(kind);
      const direct = await store('postgres', []);
      const merged = await store('postgres', []);
      await collectTricky(local.store, T1, 24);
      // A second collection gives closed versions and children whose parent version changed.
      await collectTricky(local.store, T2, 18);

      const viaDirect = await publish(local.store, direct.store, testCatalog, options);
      const viaMerge = await publish(local.store, merged.store, testCatalog, {
        ...options,
        directCopy: false,
      });
      expect(pathOf(viaDirect)).toBe('direct');
      expect(pathOf(viaMerge)).toBe('merge');
      const written = (r: PublishResult): unknown =>
        r.tables.map(({ table, currentWritten, historyWritten, skippedOlder, collectedAt }) => ({
          table,
          currentWritten,
          historyWritten,
          skippedOlder,
          collectedAt,
        }));
      expect(written(viaDirect)).toEqual(written(viaMerge));

      expect(await dump(direct.store)).toEqual(await dump(merged.store));
      expect(await dump(direct.store)).toEqual(await dump(local.store));
      expect(await centralText(direct.store)).toEqual(await centralText(merged.store));
      for (const central of [direct.store, merged.store]) {
        expect(await danglingVersions(central)).toBe(0);
        expect(await duplicateVersions(central)).toBe(0);
        expect(await orphanChildVersions(central)).toBe(0);
      }
      const [nulls] = await direct.store.query<{ empty: number; missing: number }>(
        `SELECT count(*) FILTER (WHERE name = '') AS empty, count(*) FILTER (WHERE name IS NULL) AS missing
         FROM bronze.test_widgets`,
      );
      expect(nulls).toEqual({ empty: 2, missing: 2 });

      // The watermark committed with the direct copy: nothing is sent again.
      const before = await currentXid(direct.store);
      const again = await publish(local.store, direct.store, testCatalog, options);
      expect(again.rowsWritten).toBe(0);
      expect(await rowsWrittenSince(direct.store, before)).toBe(0);
    },
  );

  it('later merges continue from the copied versions (central ids do not collide)', async () => {
    const local = await store('duckdb');
    const central = await store('postgres', []);
    const reference = await store('postgres', []);
    await collect(local.store, T1, [
      { id: 'a', nics: { nic0: { ip: '10.0.0.1', addresses: { '34.1.1.1': 'PREMIUM' } } } },
      { id: 'b', labels: { env: 'prod' } },
    ]);
    expect(pathOf(await publish(local.store, central.store, testCatalog, options))).toBe('direct');
    await collect(local.store, T2, [
      { id: 'a', nics: { nic0: { ip: '10.0.0.2', addresses: { '34.1.1.2': 'STANDARD' } } } },
      { id: 'c' },
    ]);
    expect(pathOf(await publish(local.store, central.store, testCatalog, options))).toBe('merge');
    await publish(local.store, reference.store, testCatalog, { ...options, directCopy: false });
    expect(await dump(central.store)).toEqual(await dump(reference.store));
    expect(await dump(central.store)).toEqual(await dump(local.store));
    expect(await danglingVersions(central.store)).toBe(0);
    expect(await orphanChildVersions(central.store)).toBe(0);
  });

  it('merges when the central side holds a source already, copies a new source directly', async () => {
    const first = await store('duckdb');
    const sameSource = await store('duckdb');
    const otherSource = await store('postgres');
    const central = await store('postgres', []);
    await collect(first.store, T2, [{ id: 'a', name: 'newer' }]);
    await collect(sameSource.store, T1, [{ id: 'a', name: 'older' }, { id: 'b' }]);
    await collect(otherSource.store, T1, [{ id: 'a', name: 'elsewhere' }], { sourceId: 'other' });

    expect(pathOf(await publish(first.store, central.store, testCatalog, options))).toBe('direct');
    const older = await publish(sameSource.store, central.store, testCatalog, {
      ...options,
      publisherId: 'ws-b',
    });
    expect(pathOf(older)).toBe('merge');
    expect(older.tables.find((t) => t.table === WIDGETS_FAMILY)?.skippedOlder).toBe(1);
    const other = await publish(otherSource.store, central.store, testCatalog, {
      ...options,
      publisherId: 'ws-c',
    });
    expect(pathOf(other)).toBe('direct');

    const rows = await central.store.query<{ source_id: string; resource_id: string; name: string }>(
      'SELECT source_id, resource_id, name FROM bronze.test_widgets ORDER BY source_id, resource_id',
    );
    expect(rows).toEqual([
      { source_id: 'other', resource_id: 'a', name: 'elsewhere' },
      { source_id: 'src', resource_id: 'a', name: 'newer' },
      { source_id: 'src', resource_id: 'b', name: 'name-b' },
    ]);
    expect(await duplicateVersions(central.store)).toBe(0);
    expect(await danglingVersions(central.store)).toBe(0);
  });

  it('two first publishers of one source at once: one copies, the other merges, the newer wins', async () => {
    const a = await store('duckdb');
    const b = await store('duckdb');
    const central = await store('postgres', []);
    await collect(a.store, T1, [
      { id: 'w1', name: 'a1', labels: { k: 'a' } },
      { id: 'w2', name: 'a1' },
    ]);
    await collect(b.store, T2, [
      { id: 'w2', name: 'b2', labels: { k: 'b' } },
      { id: 'w3', name: 'b2' },
    ]);
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
    const results = await Promise.all([
      publish(a.store, central.store, testCatalog, { ...options, publisherId: 'a', afterStage: pause }),
      publish(b.store, central.store, testCatalog, { ...options, publisherId: 'b', afterStage: pause }),
    ]);
    expect(results.map(pathOf).sort()).toEqual(['direct', 'merge']);
    const rows = await central.store.query<{ resource_id: string; name: string }>(
      'SELECT resource_id, name FROM bronze.test_widgets ORDER BY resource_id',
    );
    expect(rows).toEqual([
      { resource_id: 'w1', name: 'a1' },
      { resource_id: 'w2', name: 'b2' },
      { resource_id: 'w3', name: 'b2' },
    ]);
    const labels = await central.store.query(
      'SELECT resource_id, key, value FROM bronze.test_widget_labels ORDER BY 1',
    );
    expect(labels).toEqual([
      { resource_id: 'w1', key: 'k', value: 'a' },
      { resource_id: 'w2', key: 'k', value: 'b' },
    ]);
    expect(await duplicateVersions(central.store)).toBe(0);
    expect(await danglingVersions(central.store)).toBe(0);
    expect(await orphanChildVersions(central.store)).toBe(0);
  });

  it('a read-only DuckDB workspace (no file access) publishes through the merge', async () => {
    const local = await store('duckdb');
    const central = await store('postgres', []);
    await collect(local.store, T1, [{ id: 'a', labels: { env: 'prod' } }]);
    await local.store.close();
    const readOnly = await openStore(local.location, { readOnly: true });
    try {
      const result = await publish(readOnly, central.store, testCatalog, options);
      expect(pathOf(result)).toBe('merge');
      expect(await dump(central.store)).toEqual(await dump(readOnly));
    } finally {
      await readOnly.close();
    }
  });
});
