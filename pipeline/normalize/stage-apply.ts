// Writes large silver snapshots through the set-based history apply: whatever JavaScript computed
// is bulk-loaded once into temporary stage tables (DuckDB appender, PostgreSQL COPY) and merged in
// SQL, so the rows skip the per-record engine's JavaScript work (hashing, two appends per row).
import type { Catalog } from '../../db/catalog/catalog.ts';
import { ownColumns } from '../../db/catalog/define.ts';
import { qualifiedName, type ColumnSpec, type TableSpec } from '../../db/catalog/types.ts';
import { quoteIdent } from '../../db/dialects/types.ts';
import {
  applyStagedSnapshot,
  type ApplyResult,
  type Rejection,
  type SnapshotRecord,
  type StagedSnapshot,
} from '../../db/history/index.ts';
import type { BulkValue, SqlSession, Store } from '../../db/store/types.ts';
import { ValueError, normalizeValue } from '../../db/values.ts';

export interface SilverScope {
  readonly sourceId: string;
  readonly scope: string;
  readonly collectedAt: Date;
  readonly complete: boolean;
}

export interface StageTable {
  /** Unique among the stages of one call. */
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly (readonly BulkValue[])[];
}

export const textColumn = (name: string): ColumnSpec => ({
  name,
  type: 'text',
  nullable: true,
  description: `${name} (stage).`,
});

/**
 * Creates and fills temporary tables for `fn`, inside its transaction, and drops them afterwards:
 * other sessions never see them and the store never logs their rows.
 */
export async function withStageTables<T>(
  tx: SqlSession,
  stages: readonly StageTable[],
  fn: (refs: ReadonlyMap<string, string>) => Promise<T>,
): Promise<T> {
  const refs = new Map<string, string>();
  for (const stage of stages) {
    const table = `hotpot_stage_${stage.name}_${process.pid}`;
    const ref = quoteIdent(table);
    const columns = stage.columns.map((c) => tx.dialect.columnDefinition(c)).join(', ');
    await tx.execute(`CREATE TEMP TABLE ${ref} (${columns})`);
    await tx.bulkInsert({ schema: tx.dialect.tempSchema, table, columns: stage.columns }, stage.rows);
    refs.set(stage.name, ref);
  }
  const result = await fn(refs);
  for (const ref of refs.values()) await tx.execute(`DROP TABLE ${ref}`);
  return result;
}

export function stagedSnapshot(scope: SilverScope, complete = scope.complete): StagedSnapshot {
  return {
    sourceId: scope.sourceId,
    collectedAt: scope.collectedAt,
    completeScopes: complete ? [scope.scope] : [],
    partialScopes: complete ? [] : [scope.scope],
  };
}

/**
 * Applies `records` as one scope's snapshot of a resource table (and its direct child tables)
 * through stage tables. A record whose values do not fit is rejected, and then the snapshot
 * deletes nothing, so a bad value never reads as a deletion.
 */
export async function applyRecordsStaged(
  store: Store,
  catalog: Catalog,
  spec: TableSpec,
  scope: SilverScope,
  records: Iterable<SnapshotRecord>,
): Promise<ApplyResult> {
  const own = ownColumns(spec);
  const children = catalog.descendantsOf(spec).map((c) => ({ spec: c, own: ownColumns(c) }));
  const rejected: Rejection[] = [];
  const rows: BulkValue[][] = [];
  const childRows = children.map((): BulkValue[][] => []);
  for (const record of records) {
    const id = record.row.resource_id;
    try {
      if (typeof id !== 'string' || id === '') throw new ValueError('has no resource_id');
      const values = [scope.scope, id, ...own.map((c) => normalizeValue(c, record.row[c.name]))];
      const kids = children.map((c) =>
        (record.children?.[c.spec.name] ?? []).map((r) => [
          id,
          ...c.own.map((col) => normalizeValue(col, r[col.name])),
        ]),
      );
      rows.push(values);
      kids.forEach((k, i) => childRows[i]?.push(...k));
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      const resourceId = typeof id === 'string' && id !== '' ? id : undefined;
      rejected.push({
        table: qualifiedName(spec),
        ...(resourceId ? { resourceId } : {}),
        reason: `${qualifiedName(spec)} ${resourceId ?? ''}: ${error.message}`,
      });
    }
  }
  const stages: StageTable[] = [
    { name: spec.name, columns: [textColumn('scope'), textColumn('resource_id'), ...own], rows },
    ...children.map((c, i) => ({
      name: c.spec.name,
      columns: [textColumn('resource_id'), ...c.own],
      rows: childRows[i] ?? [],
    })),
  ];
  const result = await store.transaction((tx) =>
    withStageTables(tx, stages, (refs) =>
      applyStagedSnapshot(
        tx,
        catalog,
        spec,
        stagedSnapshot(scope, scope.complete && rejected.length === 0),
        refs.get(spec.name) as string,
        Object.fromEntries(children.map((c) => [c.spec.name, refs.get(c.spec.name) as string])),
      ),
    ),
  );
  return { ...result, rejected: [...rejected, ...result.rejected] };
}
