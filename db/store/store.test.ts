import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SCHEMAS } from '../ddl.ts';
import { HotpotError } from '../errors.ts';
import { migrate, migrationStatus } from '../migrations/runner.ts';
import { MIGRATIONS } from '../migrations/index.ts';
import { readPage } from '../query/page.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../testing/stores.ts';
import { TEST_MIGRATIONS, WIDGETS, testCatalog } from '../testing/test-catalog.ts';
import { normalizeValue } from '../values.ts';
import { openStore } from './open.ts';

const target = { schema: 'bronze', table: WIDGETS.name, columns: WIDGETS.columns };

function widgetRow(i: number, extra: Record<string, unknown> = {}): ReturnType<typeof normalizeValue>[] {
  const row: Record<string, unknown> = {
    source_id: 's1',
    resource_id: `r${String(i).padStart(3, '0')}`,
    scope: i % 2 ? 'odd' : 'even',
    name: i === 7 ? 'tab\there\nnew "quoted" \\ back' : `widget-${i}`,
    size: i,
    big: 9007199254740993n + BigInt(i),
    ratio: i / 4,
    enabled: i % 3 === 0,
    created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    config_json: { z: 1, a: { list: [i, null, 'x'] } },
    heartbeat: null,
    collected_at: '2026-01-01T00:00:00Z',
    first_collected_at: '2026-01-01T00:00:00Z',
    content_hash: 'h',
    tree_hash: 't',
    history_id: i,
    ...extra,
  };
  return WIDGETS.columns.map((c) => normalizeValue(c, row[c.name]));
}

describe.each(STORE_KINDS)('%s store', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind, TEST_MIGRATIONS);
    await t.store.bulkInsert(
      target,
      Array.from({ length: 40 }, (_, i) => widgetRow(i)),
    );
  });
  afterAll(async () => t.dispose());

  test('migrating creates every layer schema, and again changes nothing', async () => {
    const rows = await t.store.query<{ schema_name: string }>(
      'SELECT schema_name FROM information_schema.schemata',
    );
    expect(rows.map((r) => r.schema_name)).toEqual(expect.arrayContaining(SCHEMAS));
    const again = await migrate(t.store, TEST_MIGRATIONS);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(TEST_MIGRATIONS.length);
  });

  test('bulk-written values read back in one shape, special characters included', async () => {
    const [row] = await t.store.query('SELECT * FROM bronze.test_widgets WHERE resource_id = $1', ['r007']);
    expect(row).toMatchObject({
      name: 'tab\there\nnew "quoted" \\ back',
      size: 7,
      big: '9007199254741000',
      ratio: 1.75,
      enabled: false,
      created: '2026-01-01T00:00:07.000Z',
      config_json: { a: { list: [7, null, 'x'] }, z: 1 },
      heartbeat: null,
      history_id: 7,
    });
  });

  test('a failed transaction leaves nothing behind', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await tx.bulkInsert(target, [widgetRow(100)]);
        await tx.execute('DELETE FROM bronze.test_widgets WHERE resource_id = $1', ['r001']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await t.store.query(
      'SELECT resource_id FROM bronze.test_widgets WHERE resource_id IN ($1, $2)',
      ['r100', 'r001'],
    );
    expect(rows.map((r) => r.resource_id)).toEqual(['r001']);
  });

  test('a dedicated connection keeps its temporary tables across its transactions, and no further', async () => {
    const seen = await t.store.connection(async (session) => {
      await session.transaction((tx) =>
        tx.execute('CREATE TEMP TABLE hotpot_test_kept AS SELECT 1 AS n UNION ALL SELECT 2'),
      );
      await expect(
        session.transaction(async (tx) => {
          await tx.execute('INSERT INTO hotpot_test_kept VALUES (3)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      return session.transaction((tx) =>
        tx.query<{ n: number }>('SELECT n FROM hotpot_test_kept ORDER BY n'),
      );
    });
    // The rolled-back row is gone; the committed temporary rows were there for the later transaction.
    expect(seen.map((r) => Number(r.n))).toEqual([1, 2]);
    // Every connection, pooled ones included, starts without another's temporary tables.
    for (let i = 0; i < 5; i++) {
      await t.store.connection(async (session) => {
        await expect(session.query('SELECT n FROM hotpot_test_kept')).rejects.toThrow(/hotpot_test_kept/);
      });
    }
  });

  test('streams a large result in batches', async () => {
    const sizes: number[] = [];
    for await (const batch of t.store.stream(
      'SELECT resource_id FROM bronze.test_widgets ORDER BY resource_id',
      [],
      15,
    ))
      sizes.push(batch.length);
    expect(sizes).toEqual([15, 15, 10]);
  });

  test('pages sort, filter and count on the store with bound values', async () => {
    const page = await readPage(t.store, testCatalog, {
      table: 'bronze.test_widgets',
      columns: ['resource_id', 'size', 'scope'],
      filters: [
        { column: 'scope', op: 'eq', value: 'odd' },
        { column: 'size', op: 'gte', value: 10 },
        { column: 'name', op: 'contains', value: "'; DROP TABLE x; --" },
      ],
      sort: [{ column: 'size', direction: 'desc' }],
      limit: 5,
      offset: 0,
    });
    expect(page.total).toBe(0);
    const odd = await readPage(t.store, testCatalog, {
      table: 'bronze.test_widgets',
      filters: [
        { column: 'scope', op: 'eq', value: 'odd' },
        { column: 'created', op: 'lt', value: '2026-01-01T00:00:20Z' },
        { column: 'name', op: 'startsWith', value: 'widget-1' },
      ],
      sort: [{ column: 'size', direction: 'desc' }],
      limit: 2,
      offset: 1,
    });
    expect(odd.total).toBe(6); // widget-1 and widget-11 … widget-19, odd and created before :20
    expect(odd.rows.map((r) => r.size)).toEqual([17, 15]);
    await expect(
      readPage(t.store, testCatalog, {
        table: 'bronze.test_widgets',
        columns: ['nope'],
        limit: 1,
        offset: 0,
      }),
    ).rejects.toThrow('has no column "nope"');
  });

  test('refuses a store migrated by a newer version and changes nothing', async () => {
    const other = await openTestStore(kind, MIGRATIONS);
    try {
      await other.store.execute(
        "INSERT INTO meta.migrations (seq, id, description, applied_at, applied_by) VALUES (99, '9999_future', 'from the future', now(), '9.9.9')",
      );
      const error = await migrate(other.store, MIGRATIONS).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HotpotError);
      expect((error as Error).message).toMatch(
        /newer or different Hotpot version.*9999_future.*Upgrade Hotpot/,
      );
      await expect(migrationStatus(other.store)).rejects.toThrow('9999_future');
    } finally {
      await other.dispose();
    }
  });
});

describe('store errors name the problem', () => {
  test('an unreachable PostgreSQL names host:port and the cause', async () => {
    const error = await openStore('postgres://u:secret@127.0.0.1:1/db').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED/);
    expect((error as Error).message).not.toContain('secret');
  });

  test('a corrupt DuckDB file names its path', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'hotpot-bad-')), 'store.duckdb');
    writeFileSync(path, 'this is not a database'.repeat(500));
    const error = await openStore(path).catch((e: unknown) => e);
    expect((error as Error).message).toContain(path);
    expect((error as HotpotError).code).toBe('STORE_CORRUPT');
  });
});
