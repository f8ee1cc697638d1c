import type { Catalog } from '../../../db/catalog/catalog.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import { applySnapshot, type ApplyResult, type SnapshotRecord } from '../../../db/history/index.ts';
import type { Store } from '../../../db/store/types.ts';
import { AuthError } from './errors.ts';

export interface ListingOutcome {
  readonly table: string;
  readonly scope: string;
  readonly result?: ApplyResult;
  /** Why the listing stopped early (nothing was deleted for this scope), if it did. */
  readonly error?: string;
}

/**
 * Applies one scope's listing to its table. A listing that fails halfway still applies what it
 * fetched, marked incomplete, so nothing is deleted and nothing fetched is lost; the error is
 * reported instead of thrown. Auth errors are rethrown: they mean every other scope fails too.
 */
export async function applyListing(
  store: Store,
  catalog: Catalog,
  table: TableSpec,
  scope: { sourceId: string; scope: string; collectedAt: Date | string },
  listing: AsyncIterable<SnapshotRecord>,
): Promise<ListingOutcome> {
  let failure: unknown;
  async function* guarded(): AsyncGenerator<SnapshotRecord> {
    try {
      yield* listing;
    } catch (error) {
      if (error instanceof AuthError) throw error;
      failure = error;
    }
  }
  const result = await applySnapshot(
    store,
    catalog,
    table,
    { ...scope, complete: () => failure === undefined },
    guarded(),
  );
  const name = `${table.layer}.${table.name}`;
  return failure === undefined
    ? { table: name, scope: scope.scope, result }
    : {
        table: name,
        scope: scope.scope,
        result,
        error: failure instanceof Error ? failure.message : String(failure),
      };
}
