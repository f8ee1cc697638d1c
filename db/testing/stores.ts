import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../migrations/runner.ts';
import type { Migration } from '../migrations/index.ts';
import { openStore } from '../store/open.ts';
import type { Store, StoreKind } from '../store/types.ts';

export const STORE_KINDS: readonly StoreKind[] = ['duckdb', 'postgres'];

let counter = 0;

/** A fresh, empty PostgreSQL database on the test server; returns its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client(base);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestStore {
  store: Store;
  /** DuckDB file path or PostgreSQL URL, for reopening. */
  location: string;
  dispose(): Promise<void>;
}

/** A new store of the given kind, migrated with `migrations` unless it is `[]`. */
export async function openTestStore(kind: StoreKind, migrations?: readonly Migration[]): Promise<TestStore> {
  let location: string;
  let dir: string | undefined;
  if (kind === 'duckdb') {
    dir = mkdtempSync(join(tmpdir(), 'hotpot-duck-'));
    location = join(dir, 'store.duckdb');
  } else {
    location = await freshPostgresDatabase();
  }
  const store = await openStore(location);
  if (migrations === undefined || migrations.length > 0) await migrate(store, migrations);
  return {
    store,
    location,
    async dispose() {
      await store.close().catch(() => undefined);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
