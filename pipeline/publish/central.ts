import { PUBLISH_TABLES } from '../../db/catalog/tables/publish.ts';
import { SCHEMAS, ensureTableStatements } from '../../db/ddl.ts';
import { quoteIdent } from '../../db/dialects/types.ts';
import { HotpotError } from '../../db/errors.ts';
import { migrate, type MigrationResult } from '../../db/migrations/runner.ts';
import type { Migration } from '../../db/migrations/types.ts';
import type { SqlSession, Store } from '../../db/store/types.ts';

export const DEFAULT_READER_ROLE = 'hotpot_reader';

/** First key of the two-key advisory locks the publisher takes ("HPUB"). */
export const PUBLISH_LOCK_CLASS = 0x48505542;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Serialises one kind of central work across publishers for the rest of the transaction. */
export async function advisoryLock(tx: SqlSession, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [PUBLISH_LOCK_CLASS, key]);
}

/** Grants `role` read access to every layer schema, now and for tables created later. */
async function grantReader(tx: SqlSession, role: string): Promise<void> {
  const exists = await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  // NOLOGIN: the role carries privileges; Metabase and the agent log in as members of it.
  if (exists.length === 0) await tx.execute(`CREATE ROLE ${quoteIdent(role)} NOLOGIN`);
  for (const schema of SCHEMAS) {
    const s = quoteIdent(schema);
    const r = quoteIdent(role);
    await tx.execute(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
    await tx.execute(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
    // Tables a later migration creates (run by this same user) become readable too.
    await tx.execute(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${r}`);
  }
}

/**
 * Brings the central database to this version's catalog: the migrations (same schemas and names
 * as local, with COMMENT ON from the catalog), the publish bookkeeping tables, and the reader role.
 * Safe when several publishers prepare the same database at once (advisory lock).
 */
export async function prepareCentral(
  central: Store,
  migrations: readonly Migration[],
  readerRole: string | false,
): Promise<MigrationResult> {
  if (central.kind !== 'postgres') {
    throw new HotpotError(
      `The publish target must be PostgreSQL, not ${central.location}.`,
      'PUBLISH_TARGET',
    );
  }
  if (readerRole !== false && !ROLE_NAME.test(readerRole)) {
    throw new HotpotError(
      `"${readerRole}" is not a usable role name: use lower-case letters, digits and underscores.`,
      'PUBLISH_ROLE',
    );
  }
  const result = await migrate(central, migrations);
  await central.transaction(async (tx) => {
    await advisoryLock(tx, 'prepare');
    // Also created by the product migrations once wired; ensuring here keeps publish usable with
    // any migration list (tests pass TEST_MIGRATIONS).
    for (const table of PUBLISH_TABLES) {
      for (const statement of ensureTableStatements(table, tx.dialect)) await tx.execute(statement);
    }
    if (readerRole !== false) await grantReader(tx, readerRole);
  });
  return result;
}
