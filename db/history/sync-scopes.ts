import { HotpotError } from '../errors.ts';
import type { SqlSession } from '../store/types.ts';

/** What one snapshot did to one scope, as `meta.sync_scopes` records it. */
export interface ScopeOutcome {
  readonly scope: string;
  /** Missing rows of the scope were deleted. */
  readonly complete: boolean;
  readonly seen: number;
  readonly inserted: number;
  readonly changed: number;
  readonly deleted: number;
  readonly rejected: number;
}

/** Throws unless `collectedAt` is at or after the latest stored snapshot of every given scope. */
export async function refuseOlderSnapshot(
  tx: SqlSession,
  table: string,
  sourceId: string,
  scopes: readonly string[],
  collectedAt: string,
): Promise<void> {
  if (scopes.length === 0) return;
  const rows = await tx.query<{ scope: string; collected_at: string }>(
    `SELECT scope, collected_at FROM meta.sync_scopes WHERE table_name = $1 AND source_id = $2 AND ${tx.dialect.inList('scope', '$3', 'text')}`,
    [table, sourceId, scopes],
  );
  for (const { scope, collected_at: latest } of rows) {
    if (latest && latest > collectedAt) {
      throw new HotpotError(
        `Snapshot of ${table} for ${sourceId}/${scope} was collected at ${collectedAt}, ` +
          `before the stored one (${latest}); refusing to roll history back.`,
        'SNAPSHOT_TOO_OLD',
      );
    }
  }
}

export async function recordSyncScope(
  tx: SqlSession,
  table: string,
  sourceId: string,
  collectedAt: string,
  outcome: ScopeOutcome,
): Promise<void> {
  await tx.execute(
    `INSERT INTO meta.sync_scopes (table_name, source_id, scope, collected_at, complete, last_complete_at, seen, inserted, changed, deleted, rejected)
     VALUES ($1, $2, $3, $4::timestamptz, $5, $6::timestamptz, $7, $8, $9, $10, $11)
     ON CONFLICT (table_name, source_id, scope) DO UPDATE SET
       collected_at = excluded.collected_at, complete = excluded.complete,
       last_complete_at = COALESCE(excluded.last_complete_at, sync_scopes.last_complete_at),
       seen = excluded.seen, inserted = excluded.inserted, changed = excluded.changed,
       deleted = excluded.deleted, rejected = excluded.rejected`,
    [
      table,
      sourceId,
      outcome.scope,
      collectedAt,
      outcome.complete,
      outcome.complete ? collectedAt : null,
      outcome.seen,
      outcome.inserted,
      outcome.changed,
      outcome.deleted,
      outcome.rejected,
    ],
  );
}
