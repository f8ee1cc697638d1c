import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { runGuardedSql } from './agent.ts';
import { openReadOnlyExecutor, type ReadOnlyExecutor } from './executor.ts';

const LIMITS = { rowLimit: 100, timeoutMs: 10_000 };
const HEAVY = 'SELECT count(*) AS n FROM range(200000) a(x), range(200000) b(y) WHERE (x * y) % 7 = 3';

async function seed(t: TestStore): Promise<void> {
  await t.store.execute(
    'INSERT INTO bronze.gcp_projects (source_id, resource_id, scope, collected_at, first_collected_at, content_hash, tree_hash, history_id) ' +
      "SELECT 's', 'p' || i, 'p' || i, now(), now(), 'h', 'h', i FROM generate_series(1, 250) AS g(i)",
  );
}

describe('the DuckDB read-only executor', () => {
  let t: TestStore;
  let executor: ReadOnlyExecutor;

  beforeAll(async () => {
    t = await openTestStore('duckdb');
    await seed(t);
    await t.store.close(); // the agent reads the file as another handle, like `hotpot ask` beside the app
    executor = await openReadOnlyExecutor(t.location);
  });
  afterAll(async () => {
    await executor?.close();
    await t?.dispose();
  });

  test('returns columns and rows, cut at the row limit', async () => {
    const all = await executor.execute(
      'SELECT resource_id FROM bronze.gcp_projects ORDER BY resource_id',
      LIMITS,
    );
    expect(all.columns).toEqual(['resource_id']);
    expect(all.rows).toHaveLength(100);
    expect(all.truncated).toBe(true);
    const few = await executor.execute('SELECT count(*) AS n FROM bronze.gcp_projects', LIMITS);
    expect(few).toMatchObject({ rows: [{ n: 250 }], truncated: false });
  });

  test('interrupts a statement at the timeout', async () => {
    const started = Date.now();
    await expect(executor.execute(HEAVY, { rowLimit: 10, timeoutMs: 200 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The connection is usable afterwards.
    await expect(executor.execute('SELECT 1 AS one', LIMITS)).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  // Even with the guard bypassed, the connection itself refuses writes, files and reconfiguration.
  test.each([
    'CREATE TABLE bronze.x (a INT)',
    "INSERT INTO bronze.gcp_projects (source_id, resource_id) VALUES ('a', 'b')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM '/etc/hostname'",
    "SELECT * FROM glob('/etc/*')",
    "COPY (SELECT 1) TO '/tmp/hotpot-agent-leak.csv'",
    "ATTACH '/tmp/hotpot-agent-other.duckdb' AS other",
    'SET enable_external_access = true',
    'SET lock_configuration = false',
    'INSTALL httpfs',
  ])('the connection refuses %s', async (sql) => {
    await expect(executor.execute(sql, LIMITS)).rejects.toMatchObject({ code: 'SQL' });
  });

  test('runGuardedSql refuses before executing and runs what passes', async () => {
    await expect(runGuardedSql(executor, "SELECT * FROM read_text('/etc/passwd')")).rejects.toMatchObject({
      code: 'GUARD',
    });
    await expect(
      runGuardedSql(executor, 'SELECT count(*) AS n FROM bronze.gcp_projects'),
    ).resolves.toMatchObject({
      rows: [{ n: 250 }],
    });
  });
});

describe('the PostgreSQL read-only executor', () => {
  let t: TestStore;
  let executor: ReadOnlyExecutor;

  beforeAll(async () => {
    t = await openTestStore('postgres');
    await seed(t);
    executor = await openReadOnlyExecutor(t.location, 10_000);
  });
  afterAll(async () => {
    await executor?.close();
    await t?.dispose();
  });

  test('returns rows, cut at the row limit', async () => {
    const r = await executor.execute(
      'SELECT resource_id FROM bronze.gcp_projects ORDER BY resource_id',
      LIMITS,
    );
    expect(r.rows).toHaveLength(100);
    expect(r.truncated).toBe(true);
    expect(r.columns).toEqual(['resource_id']);
  });

  test('runs in a read-only transaction', async () => {
    await expect(
      executor.execute("INSERT INTO bronze.gcp_projects (source_id, resource_id) VALUES ('a', 'b')", LIMITS),
    ).rejects.toMatchObject({ code: 'SQL', message: expect.stringMatching(/read-only/) });
    const [row] = await t.store.query<{ n: number }>('SELECT count(*) AS n FROM bronze.gcp_projects');
    expect(Number(row?.n)).toBe(250);
  });

  test('stops a statement at the timeout', async () => {
    await expect(
      executor.execute('SELECT pg_sleep(3)', { rowLimit: 1, timeoutMs: 200 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });
});
