import { describe, expect, test } from 'vitest';
import { assertSingleSelect } from './read-only.ts';

const REFUSED = [
  'drop schema bronze cascade',
  'DELETE FROM meta.migrations',
  "INSERT INTO meta.migrations VALUES (1, 'x', 'y', now(), 'z')",
  "UPDATE meta.migrations SET id = 'x'",
  'CREATE TABLE x (a int)',
  'ALTER TABLE meta.migrations ADD COLUMN x int',
  "ATTACH 'other.duckdb' AS other",
  'DETACH other',
  "COPY (SELECT 1) TO '/tmp/x.csv'",
  "COPY meta.migrations FROM '/tmp/x.csv'",
  "EXPORT DATABASE '/tmp/x'",
  'INSTALL httpfs',
  'LOAD httpfs',
  'SET threads = 1',
  'SET enable_external_access = true',
  'RESET threads',
  'PRAGMA version',
  'CHECKPOINT',
  'VACUUM',
  'CALL pragma_version()',
  'SELECT 1; DROP TABLE meta.migrations',
  'SELECT 1; SELECT 2',
  'BEGIN TRANSACTION',
  'EXPLAIN SELECT 1',
  'CREATE MACRO m() AS 1',
  '/* harmless */ DROP TABLE meta.migrations -- SELECT',
  'WITH x AS (SELECT 1) DELETE FROM meta.migrations',
];

describe('the read-only guard', () => {
  test.each(REFUSED)('refuses %s', async (sql) => {
    await expect(assertSingleSelect(sql, 'hotpot query')).rejects.toThrow(/read-only|could not parse/);
  });

  test.each([
    'SELECT 1',
    'WITH a AS (SELECT 1 AS x) SELECT x FROM a',
    "SELECT ';DROP TABLE x' AS s",
    'select * from bronze.x -- DROP',
  ])('accepts %s', async (sql) => {
    await expect(assertSingleSelect(sql)).resolves.toBeUndefined();
  });
});
