import { MIGRATIONS_TABLE } from '../catalog/tables/meta.ts';
import { ensureTableStatements } from '../ddl.ts';
import { HotpotError } from '../errors.ts';
import type { SqlSession, Store } from '../store/types.ts';
import { HOTPOT_VERSION } from '../version.ts';
import { MIGRATIONS, type Migration } from './index.ts';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

async function appliedIds(session: SqlSession): Promise<string[] | undefined> {
  const exists = await session.query(
    "SELECT 1 FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'migrations'",
  );
  if (exists.length === 0) return undefined;
  const rows = await session.query<{ id: string }>('SELECT id FROM meta.migrations ORDER BY seq');
  return rows.map((r) => r.id);
}

/** Compares a store's applied list with the known list; refuses a store from a newer version. */
function compare(location: string, applied: readonly string[], known: readonly Migration[]): MigrationStatus {
  const knownIds = known.map((m) => m.id);
  const divergeAt = applied.findIndex((id, i) => knownIds[i] !== id);
  if (divergeAt >= 0 || applied.length > knownIds.length) {
    const foreign = applied.filter((id) => !knownIds.includes(id));
    throw new HotpotError(
      `The store ${location} was migrated by a newer or different Hotpot version ` +
        `(it has ${foreign.length > 0 ? `unknown migrations ${foreign.join(', ')}` : 'migrations in another order'}; ` +
        `this version ${HOTPOT_VERSION} knows up to ${knownIds.at(-1) ?? 'none'}). ` +
        'Upgrade Hotpot, or point it at another store; nothing was changed.',
      'STORE_TOO_NEW',
    );
  }
  return { applied: [...applied], pending: knownIds.slice(applied.length) };
}

/** What is applied and what is pending, without changing anything. */
export async function migrationStatus(
  store: Store,
  known: readonly Migration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  return compare(store.location, (await appliedIds(store)) ?? [], known);
}

/** Applies every pending migration in one transaction, serialised against other migrators. */
export async function migrate(
  store: Store,
  known: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  if (store.readOnly)
    throw new HotpotError(
      `The store ${store.location} is open read-only; cannot migrate it.`,
      'STORE_READ_ONLY',
    );
  return store.transaction(async (tx) => {
    const lock = tx.dialect.migrationLock();
    if (lock) await tx.query(lock);
    await tx.execute('CREATE SCHEMA IF NOT EXISTS meta');
    if ((await appliedIds(tx)) === undefined) {
      for (const statement of ensureTableStatements(MIGRATIONS_TABLE, tx.dialect))
        await tx.execute(statement);
    }
    const status = compare(store.location, (await appliedIds(tx)) ?? [], known);
    const pending = known.slice(status.applied.length);
    for (const [offset, migration] of pending.entries()) {
      try {
        await migration.up(tx);
      } catch (error) {
        throw new HotpotError(
          `Migration ${migration.id} (${migration.description}) failed on ${store.location}: ${(error as Error).message}. Nothing was applied.`,
          'MIGRATION_FAILED',
          { cause: error },
        );
      }
      await tx.execute(
        'INSERT INTO meta.migrations (seq, id, description, applied_at, applied_by) VALUES ($1, $2, $3, $4::timestamptz, $5)',
        [
          status.applied.length + offset + 1,
          migration.id,
          migration.description,
          new Date().toISOString(),
          HOTPOT_VERSION,
        ],
      );
    }
    return { applied: pending.map((m) => m.id), alreadyApplied: status.applied.length };
  });
}
