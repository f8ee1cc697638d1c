import type { TableSpec } from '../../../db/catalog/types.ts';
import { historyColumns } from '../../../db/catalog/define.ts';
import { applySnapshot } from '../../../db/history/index.ts';
import type { SqlSession, Store } from '../../../db/store/types.ts';
import { widget, type WidgetShape } from '../../../db/testing/history-fixtures.ts';
import { TEST_TABLES, WIDGETS, testCatalog } from '../../../db/testing/test-catalog.ts';

/** One complete listing of a scope in a workspace store. */
export async function collect(
  store: Store,
  at: string,
  shapes: readonly WidgetShape[],
  options: { sourceId?: string; scope?: string } = {},
): Promise<void> {
  await applySnapshot(
    store,
    testCatalog,
    WIDGETS,
    { sourceId: options.sourceId ?? 'src', scope: options.scope ?? 'p1', collectedAt: at, complete: true },
    shapes.map(widget),
  );
}

const order = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** Current rows of a table without local/central ids, in a stable order. */
export async function currentRows(s: SqlSession, spec: TableSpec): Promise<Record<string, unknown>[]> {
  const names = spec.columns.filter((c) => c.name !== 'history_id').map((c) => c.name);
  return s.query(`SELECT ${order(names)} FROM ${spec.layer}.${spec.name} ORDER BY ${order(spec.primaryKey)}`);
}

/** History versions without ids (central ids differ from local ones by design), stable order. */
export async function historyRows(s: SqlSession, spec: TableSpec): Promise<Record<string, unknown>[]> {
  const names = historyColumns(spec)
    .map((c) => c.name)
    .filter((n) => n !== 'history_id' && n !== 'parent_history_id');
  const key = ['source_id', 'resource_id', ...(spec.parent?.naturalKey ?? []), 'valid_from'];
  return s.query(`SELECT ${order(names)} FROM ${spec.layer}_history.${spec.name} ORDER BY ${order(key)}`);
}

/** Everything a publish can change, comparable between stores and runs. */
export async function dump(s: SqlSession): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const spec of TEST_TABLES) {
    out[spec.name] = await currentRows(s, spec);
    out[`${spec.name}_history`] = await historyRows(s, spec);
  }
  return out;
}

/** Duplicate versions (same business key and valid_from) across the test history tables. */
export async function duplicateVersions(s: SqlSession): Promise<number> {
  let total = 0;
  for (const spec of TEST_TABLES) {
    const key = order(['source_id', 'resource_id', ...(spec.parent?.naturalKey ?? []), 'valid_from']);
    const [row] = await s.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT ${key} FROM bronze_history.${spec.name} GROUP BY ${key} HAVING count(*) > 1) d`,
    );
    total += Number(row?.n ?? 0);
  }
  return total;
}

/** Current rows whose history_id does not name an open central version of the same row. */
export async function danglingVersions(s: SqlSession): Promise<number> {
  let total = 0;
  for (const spec of TEST_TABLES) {
    const key = ['source_id', 'resource_id', ...(spec.parent?.naturalKey ?? [])];
    const join = key.map((k) => `h."${k}" = c."${k}"`).join(' AND ');
    const [row] = await s.query<{ n: number }>(
      `SELECT count(*) AS n FROM bronze.${spec.name} c
       WHERE NOT EXISTS (SELECT 1 FROM bronze_history.${spec.name} h WHERE h.history_id = c.history_id AND ${join} AND h.valid_to IS NULL)`,
    );
    total += Number(row?.n ?? 0);
  }
  return total;
}

/** Child versions whose parent_history_id does not name a version of the same parent row. */
export async function orphanChildVersions(s: SqlSession): Promise<number> {
  let total = 0;
  for (const spec of TEST_TABLES) {
    if (!spec.parent) continue;
    const parent = testCatalog.get(`${spec.layer}.${spec.parent.table}`);
    const key = ['source_id', 'resource_id', ...(parent.parent?.naturalKey ?? [])];
    const join = key.map((k) => `p."${k}" = h."${k}"`).join(' AND ');
    const [row] = await s.query<{ n: number }>(
      `SELECT count(*) AS n FROM bronze_history.${spec.name} h
       WHERE NOT EXISTS (SELECT 1 FROM bronze_history.${parent.name} p WHERE p.history_id = h.parent_history_id AND ${join})`,
    );
    total += Number(row?.n ?? 0);
  }
  return total;
}

/** Rows of the data tables written by transactions at or after `sinceXid`. */
export async function rowsWrittenSince(s: SqlSession, sinceXid: number): Promise<number> {
  let total = 0;
  for (const spec of TEST_TABLES) {
    for (const schema of ['bronze', 'bronze_history']) {
      const [row] = await s.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${schema}.${spec.name} WHERE xmin::text::bigint >= $1`,
        [sinceXid],
      );
      total += Number(row?.n ?? 0);
    }
  }
  return total;
}

export async function currentXid(s: SqlSession): Promise<number> {
  const [row] = await s.query<{ x: string }>('SELECT txid_current()::text AS x');
  return Number(row?.x);
}
