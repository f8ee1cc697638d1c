import { DuckDBStore } from './duckdb-store.ts';
import { PostgresStore } from './postgres-store.ts';
import type { Store, StoreOptions } from './types.ts';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens a store from a DuckDB file path or a `postgres://` URL. */
export async function openStore(location: string, options: StoreOptions = {}): Promise<Store> {
  return isPostgresUrl(location)
    ? PostgresStore.open(location, options)
    : DuckDBStore.open(location, options);
}
