import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { freshPostgresDatabase } from '../../db/testing/stores.ts';
import { openStore } from '../../db/store/open.ts';
import { runCli } from './run-cli.ts';

const LAYERS = ['bronze', 'bronze_history', 'silver', 'silver_history', 'gold', 'gold_history', 'meta'];

describe('hotpot init / query / migrate', { timeout: 240_000 }, () => {
  let home: string;
  beforeAll(async () => {
    home = join(mkdtempSync(join(tmpdir(), 'hotpot-cli-')), 'ws');
    const init = await runCli(['init', '--home', home]);
    expect(init.code).toBe(0);
  });

  test('a new workspace lists every layer schema', async () => {
    const run = await runCli([
      'query',
      'select schema_name from information_schema.schemata',
      '--home',
      home,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const names = (JSON.parse(run.stdout) as { schema_name: string }[]).map((r) => r.schema_name);
    expect(names).toEqual(expect.arrayContaining(LAYERS));
  });

  test('query refuses anything but one SELECT, says it is read-only, and changes nothing', async () => {
    for (const sql of [
      'drop schema bronze cascade',
      "COPY (SELECT 1) TO '/tmp/out.csv'",
      'SET threads = 1',
    ]) {
      const run = await runCli(['query', sql, '--home', home]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/read-only/);
      expect(run.stdout).toBe('');
    }
    const check = await runCli([
      'query',
      "select count(*) as n from information_schema.schemata where schema_name = 'bronze'",
      '--home',
      home,
      '--json',
    ]);
    expect(JSON.parse(check.stdout)).toEqual([{ n: 1 }]);
  });

  test('a query that reads files outside the store fails', async () => {
    const run = await runCli(['query', "select * from read_text('/etc/hostname')", '--home', home]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/The query failed: .*disabled/);
  });

  test('CSV output quotes what needs quoting', async () => {
    const run = await runCli(['query', `select 1 as a, 'x,"y' as b`, '--home', home, '--csv']);
    expect(run.stdout).toBe('a,b\n1,"x,""y"\n');
  });

  test('a missing workspace says how to create one', async () => {
    const run = await runCli(['query', 'select 1', '--home', '/tmp/no-such-hotpot-home']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('hotpot init --home /tmp/no-such-hotpot-home');
  });

  test('a DuckDB store held by another process is named, not a crash', async () => {
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const {DuckDBInstance}=require('@duckdb/node-api');DuckDBInstance.create(${JSON.stringify(join(home, 'store.duckdb'))}).then(()=>{console.log('held');setInterval(()=>{},1000)})`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const run = await runCli(['query', 'select 1', '--home', home]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `The DuckDB store ${join(home, 'store.duckdb')} is in use by another process`,
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('migrate --store postgres://… creates the same schemas, tables and columns as DuckDB', async () => {
    const url = await freshPostgresDatabase();
    const run = await runCli(['migrate', '--store', url, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).applied.length).toBeGreaterThan(0);
    const shape = `SELECT table_schema || '.' || table_name || '.' || column_name AS c FROM information_schema.columns
                   WHERE table_schema IN (${LAYERS.map((l) => `'${l}'`).join(', ')}) ORDER BY 1`;
    const pg = await openStore(url);
    const duck = await openStore(join(home, 'store.duckdb'), { readOnly: true });
    try {
      const pgSchemas = await pg.query<{ schema_name: string }>(
        'SELECT schema_name FROM information_schema.schemata',
      );
      expect(pgSchemas.map((r) => r.schema_name)).toEqual(expect.arrayContaining(LAYERS));
      const [a, b] = [await pg.query(shape), await duck.query(shape)];
      expect(a.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    } finally {
      await pg.close();
      await duck.close();
    }
  });
});
