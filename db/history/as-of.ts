import type { Catalog } from '../catalog/catalog.ts';
import { ownColumns } from '../catalog/define.ts';
import { historySchema, type TableSpec } from '../catalog/types.ts';
import { quoteIdent, tableRef } from '../dialects/types.ts';
import type { Row, SqlSession } from '../store/types.ts';

export interface ResourceKey {
  readonly sourceId: string;
  readonly resourceId: string;
}

/** One resource as it stood at a point in time: its row and its child rows per table. */
export interface ResourceVersion {
  readonly row: Row;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly children: Readonly<Record<string, Row[]>>;
}

function toIso(at: Date | string): string {
  return new Date(at).toISOString();
}

async function rowsAt(session: SqlSession, spec: TableSpec, key: ResourceKey, at: string): Promise<Row[]> {
  const order = (spec.parent?.naturalKey ?? []).map(quoteIdent).join(', ');
  return session.query(
    `SELECT * FROM ${tableRef(historySchema(spec.layer), spec.name)}
     WHERE source_id = $1 AND resource_id = $2 AND valid_from <= $3::timestamptz AND (valid_to IS NULL OR valid_to > $3::timestamptz)
     ${order ? `ORDER BY ${order}` : ''}`,
    [key.sourceId, key.resourceId, at],
  );
}

/** The resource as it was at `at` (half-open validity: [valid_from, valid_to)), or null if absent. */
export async function asOf(
  session: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  key: ResourceKey,
  at: Date | string,
): Promise<ResourceVersion | null> {
  const iso = toIso(at);
  const [row] = await rowsAt(session, root, key, iso);
  if (!row) return null;
  const children: Record<string, Row[]> = {};
  for (const child of catalog.descendantsOf(root))
    children[child.name] = await rowsAt(session, child, key, iso);
  return {
    row,
    validFrom: row.valid_from as string,
    validTo: (row.valid_to as string | null) ?? null,
    children,
  };
}

/** Declared content of a row, without identity and bookkeeping columns: what a diff compares. */
export function contentOf(spec: TableSpec, row: Row): Row {
  const out: Row = {};
  if (spec.kind === 'resource') out.scope = row.scope;
  for (const c of ownColumns(spec)) out[c.name] = row[c.name] ?? null;
  return out;
}
