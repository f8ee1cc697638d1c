import { describe, expect, test } from 'vitest';
import { assertAgentSql } from './guard.ts';

// Statements a model (or a prompt injection in the data) might produce. Every one must be
// refused by the guard before it reaches any store.
const HOSTILE = [
  // writes
  "INSERT INTO bronze.gcp_compute_instances (source_id, resource_id) VALUES ('a', 'b')",
  'UPDATE bronze.s1_agents SET is_decommissioned = true',
  'DELETE FROM bronze.s1_agents',
  'TRUNCATE bronze.s1_agents',
  'MERGE INTO bronze.s1_agents t USING bronze.s1_agents s ON t.resource_id = s.resource_id WHEN MATCHED THEN DELETE',
  // DDL
  'DROP TABLE bronze.s1_agents',
  'DROP SCHEMA bronze CASCADE',
  'CREATE TABLE stolen AS SELECT * FROM bronze.s1_agents',
  'CREATE VIEW v AS SELECT 1',
  'ALTER TABLE bronze.s1_agents ADD COLUMN x INT',
  'CREATE MACRO m() AS 1',
  "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
  // other databases and files
  "ATTACH '/tmp/other.duckdb' AS other",
  "ATTACH 'postgres://u:p@host/db' AS pg (TYPE postgres)",
  'DETACH other',
  "COPY (SELECT * FROM bronze.s1_agents) TO '/tmp/agents.csv'",
  "COPY bronze.s1_agents FROM '/tmp/agents.csv'",
  "EXPORT DATABASE '/tmp/dump'",
  "IMPORT DATABASE '/tmp/dump'",
  "SELECT * FROM read_csv('/etc/passwd')",
  "SELECT * FROM read_csv_auto('/etc/passwd')",
  "SELECT * FROM read_json('/etc/hosts')",
  "SELECT * FROM read_ndjson_auto('/tmp/x.json')",
  "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
  "SELECT * FROM parquet_scan('/tmp/x.parquet')",
  "SELECT content FROM read_text('/etc/passwd')",
  "SELECT content FROM read_blob('/etc/shadow')",
  "SELECT * FROM glob('/home/*')",
  "SELECT * FROM sqlite_scan('/tmp/state.sqlite', 'secrets')",
  "SELECT * FROM postgres_scan('host=x', 'public', 't')",
  "SELECT * FROM query('SELECT 1')",
  'SELECT * FROM duckdb_secrets()',
  "SELECT * FROM '/etc/passwd'",
  "SELECT * FROM 'https://example.com/data.csv'",
  'SELECT * FROM "state.sqlite"',
  'SELECT * FROM other.main.secrets',
  // nested readers
  "SELECT * FROM bronze.s1_agents WHERE computer_name IN (SELECT content FROM read_text('/etc/hostname'))",
  "WITH f AS (SELECT * FROM read_csv('/etc/passwd')) SELECT count(*) FROM f",
  "SELECT (SELECT count(*) FROM glob('/*')) AS n",
  "SELECT * FROM bronze.s1_agents a JOIN read_json_auto('/tmp/x.json') j ON true",
  "SELECT * FROM (SELECT * FROM (SELECT * FROM read_parquet('/tmp/x.parquet')))",
  "SELECT * FROM bronze.s1_agents UNION ALL SELECT * FROM read_csv('/tmp/x.csv')",
  "SELECT pg_read_file('/etc/passwd')",
  "SELECT lo_import('/etc/passwd')",
  "SELECT set_config('default_transaction_read_only', 'off', false)",
  "SELECT nextval('bronze.seq')",
  'SELECT pg_sleep(100)',
  // extensions and configuration
  'INSTALL httpfs',
  'LOAD httpfs',
  "LOAD '/tmp/evil.duckdb_extension'",
  'SET enable_external_access = true',
  'SET lock_configuration = false',
  "SET memory_limit = '100GB'",
  'RESET ALL',
  'PRAGMA enable_profiling',
  'PRAGMA database_list',
  'CALL pragma_version()',
  'CHECKPOINT',
  'VACUUM',
  'BEGIN TRANSACTION',
  'EXPLAIN ANALYZE SELECT 1',
  // several statements
  'SELECT 1; SELECT 2',
  'SELECT 1; DROP TABLE bronze.s1_agents',
  "SELECT 1; COPY (SELECT 1) TO '/tmp/x'",
  'SELECT 1;;DELETE FROM bronze.s1_agents',
  // CTEs hiding DML
  'WITH x AS (SELECT 1) DELETE FROM bronze.s1_agents',
  'WITH x AS (DELETE FROM bronze.s1_agents RETURNING *) SELECT * FROM x',
  "WITH x AS (INSERT INTO bronze.s1_agents (source_id) VALUES ('a') RETURNING *) SELECT * FROM x",
  // comments and quoting tricks
  '/* SELECT */ DROP TABLE bronze.s1_agents',
  'SELECT 1 -- harmless\n; DROP TABLE bronze.s1_agents',
  "SELECT '; DROP TABLE x; --' AS s; DELETE FROM bronze.s1_agents",
  'SELECT 1 /* ; */ ; /* */ DELETE FROM bronze.s1_agents',
  'SELECT * FROM "read_text"(\'/etc/passwd\')',
  "SELECT * FROM READ_CSV('/etc/passwd')",
  "SELECT * FROM main.read_csv('/etc/passwd')",
  "sElEcT * fRoM ReAd_TeXt('/etc/passwd')",
  'SELECT * INTO stolen FROM bronze.s1_agents',
  "SELECT * FROM bronze.s1_agents; -- trailing\nATTACH 'x.db'",
];

describe('the agent guard', () => {
  test('the suite is large enough to mean something', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
  });

  test.each(HOSTILE)('refuses %s', async (sql) => {
    await expect(assertAgentSql(sql)).rejects.toMatchObject({ name: 'AgentError', code: 'GUARD' });
  });

  test.each([
    'SELECT 1',
    "SELECT name FROM bronze.gcp_compute_instances WHERE status = 'RUNNING' ORDER BY name",
    'WITH a AS (SELECT resource_id FROM bronze.s1_agents) SELECT count(*) FROM a',
    "SELECT ';DROP TABLE x' AS s, 'read_csv(''/etc/passwd'')' AS t",
    'SELECT f.name, p FROM bronze.gcp_compute_firewalls f, unnest(CAST(f.source_ranges_json AS VARCHAR[])) AS r(p)',
    'SELECT i FROM range(3) t(i)',
    "SELECT resource_id FROM bronze.gcp_compute_instances WHERE name ILIKE '%web%' -- comment",
  ])('accepts %s', async (sql) => {
    await expect(assertAgentSql(sql)).resolves.toBeUndefined();
  });

  test('names what it refused', async () => {
    await expect(
      assertAgentSql(
        "SELECT * FROM bronze.s1_agents WHERE x IN (SELECT content FROM read_text('/etc/passwd'))",
      ),
    ).rejects.toThrow(/read_text/);
    await expect(assertAgentSql('DELETE FROM bronze.s1_agents')).rejects.toThrow(/read-only/);
  });
});
