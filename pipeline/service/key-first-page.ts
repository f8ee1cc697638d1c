// Pages for the UI, keys first: the store sorts and cuts the page carrying only the row key, then
// reads the full rows of that page by key. DuckDB's top-N otherwise drags every column of every
// matching row through the sort; on 100k alerts that was ~100 ms of a ~110 ms page (the key-only
// sort takes ~10 ms, the lookup of 200 keys a few more). Same result as `readPage`; identifiers
// are checked against the catalog (by `readPage` for the key query) and every value is bound.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { readPage, resolveTable, type Page, type PageRequest } from '../../db/query/page.ts';
import type { ColumnSpec } from '../../db/catalog/types.ts';
import { quoteIdent, tableRef } from '../../db/dialects/types.ts';
import type { SqlSession } from '../../db/store/types.ts';

/** The columns `readPage` reports: the requested ones in request order, else all. */
function pageColumns(all: readonly ColumnSpec[], requested: readonly string[] | undefined): ColumnSpec[] {
  if (!requested) return [...all];
  return requested.map((name) => all.find((c) => c.name === name)).filter((c) => c !== undefined);
}

export async function readPageKeysFirst(
  session: SqlSession,
  catalog: Catalog,
  request: PageRequest,
): Promise<Page> {
  const { schema, spec, columns } = resolveTable(catalog, request.table);
  const keys = schema.endsWith('_history') ? ['history_id'] : spec.primaryKey;
  const [key] = keys;
  // Composite keys (resource tables) would need tuple lookups, and the lookup compares keys as
  // text (an index on a non-text key would not serve it): those page the plain way.
  const text = columns.find((c) => c.name === key)?.type === 'text';
  if (keys.length !== 1 || key === undefined || !text || request.limit === 0)
    return readPage(session, catalog, request);
  const ids = await readPage(session, catalog, { ...request, columns: [key] });
  if (ids.rows.length === 0) return readPage(session, catalog, { ...request, limit: 0 });
  // One bound array of keys: `= ANY($1::TEXT[])` reads the same in DuckDB and PostgreSQL, and
  // DuckDB evaluates it as a scan filter (an `IN (SELECT unnest($1))` semi-join, or a long IN
  // list, measured 2-4x slower on 100k alerts).
  const selected = request.columns ? [...new Set([...request.columns, key])] : columns.map((c) => c.name);
  const unknown = selected.find((name) => !columns.some((c) => c.name === name));
  if (unknown !== undefined) return readPage(session, catalog, request); // readPage says which
  const full = await session.query(
    `SELECT ${selected.map(quoteIdent).join(', ')} FROM ${tableRef(schema, spec.name)}
      WHERE ${quoteIdent(key)} = ANY($1::TEXT[])`,
    [ids.rows.map((r) => String(r[key]))],
  );
  const byKey = new Map(full.map((r) => [String(r[key]), r]));
  const wanted = request.columns ? new Set(request.columns) : null;
  const rows = ids.rows
    .map((r) => byKey.get(String(r[key])))
    .filter((r) => r !== undefined)
    .map((r) =>
      wanted && !wanted.has(key) ? Object.fromEntries(Object.entries(r).filter(([c]) => wanted.has(c))) : r,
    );
  return { columns: pageColumns(columns, request.columns), rows, total: ids.total };
}
