import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { SCHEMAS } from '../../db/ddl.ts';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { TEST_MIGRATIONS, TEST_TABLES, testCatalog } from '../../db/testing/test-catalog.ts';
import { publish } from './publish.ts';
import { collect } from './testing/fixtures.ts';

const open: TestStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
});

describe('central database for readers', () => {
  it('has catalog comments and a reader role that can SELECT every layer and cannot write', async () => {
    const local = await openTestStore('postgres', TEST_MIGRATIONS);
    const central = await openTestStore('postgres', []);
    open.push(local, central);
    await collect(local.store, '2025-03-01T10:00:00.000Z', [{ id: 'a' }]);
    await publish(local.store, central.store, testCatalog, {
      publisherId: 'ws',
      migrations: TEST_MIGRATIONS,
      readerRole: 'metabase_ro',
    });

    const [comment] = await central.store.query<{ d: string }>(
      "SELECT obj_description('bronze.test_widgets'::regclass) AS d",
    );
    expect(comment?.d).toBe('Test resource.');
    const [colComment] = await central.store.query<{ d: string }>(
      "SELECT col_description('bronze.test_widgets'::regclass, 4) AS d",
    );
    expect(colComment?.d).toBe('Name.');

    const client = new pg.Client(central.location);
    await client.connect();
    try {
      await client.query('SET ROLE metabase_ro');
      const tables = await client.query<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema = ANY($1)`,
        [SCHEMAS],
      );
      // Every table of every layer is listed and read below, whatever the catalog holds today.
      expect([...new Set(tables.rows.map((r) => r.s))]).toEqual(
        expect.arrayContaining(['bronze', 'bronze_history', 'meta']),
      );
      for (const { s, t } of tables.rows) await client.query(`SELECT * FROM "${s}"."${t}" LIMIT 1`);
      const attempts = [
        "INSERT INTO bronze.test_widget_labels (source_id, resource_id, key, content_hash, history_id) VALUES ('s', 'r', 'k', 'h', 1)",
        "UPDATE bronze.test_widgets SET name = 'x'",
        'DELETE FROM bronze_history.test_widgets',
        'CREATE TABLE bronze.intruder (x int)',
        'CREATE TABLE silver.intruder (x int)',
        'TRUNCATE meta.publish_log',
      ];
      for (const sql of attempts) {
        await expect(client.query(sql)).rejects.toThrow(/permission denied/);
      }
      // Tables created after the grant (a later migration) are readable too.
      await client.query('RESET ROLE');
      await client.query('CREATE TABLE gold.later (x int)');
      await client.query('SET ROLE metabase_ro');
      await client.query('SELECT * FROM gold.later');
    } finally {
      await client.end();
    }
    expect(TEST_TABLES.length).toBeGreaterThan(0);
  });
});
