import { historySchema, type TableSpec } from '../../db/catalog/types.ts';
import { quoteIdent, tableRef } from '../../db/dialects/types.ts';
import type { SqlSession } from '../../db/store/types.ts';
import type { TableFamily } from './families.ts';
import { currentStageColumns, historyStageColumns } from './staging.ts';

// Portable SQL (DuckDB and PostgreSQL) that reads what changed locally since a watermark.
// `$1` is always the watermark; NO_WATERMARK stands for "never published" so no NULL parameter
// has to be typed by either engine.

export const NO_WATERMARK = '0001-01-01T00:00:00.000Z';

const cur = (t: TableSpec): string => tableRef(t.layer, t.name);
const hist = (t: TableSpec): string => tableRef(historySchema(t.layer), t.name);
const pick = (alias: string, names: readonly string[]): string =>
  names.map((n) => `${alias}.${quoteIdent(n)}`).join(', ');

/** Latest change time in the family (collections, version starts and ends). */
export async function highMark(local: SqlSession, family: TableFamily): Promise<string | null> {
  const { root } = family;
  const parts: string[] = [];
  if (root.columns.some((c) => c.name === 'collected_at'))
    parts.push(`SELECT max(collected_at) AS t FROM ${cur(root)}`);
  if (root.history) {
    for (const t of [root, ...family.children]) {
      parts.push(`SELECT max(valid_from) AS t FROM ${hist(t)}`, `SELECT max(valid_to) AS t FROM ${hist(t)}`);
    }
  }
  if (parts.length === 0) return null;
  const [row] = await local.query<{ t: string | null }>(
    `SELECT max(t) AS t FROM (${parts.join(' UNION ALL ')}) m`,
  );
  return row?.t ?? null;
}

/** Child tables whose volatile columns change without history: their rows are always resent. */
function hasVolatileChildren(family: TableFamily): boolean {
  return family.children.some((c) => c.columns.some((col) => col.volatile));
}

/**
 * Resources whose child rows changed since the watermark (a child version opened or closed), or
 * undefined when every resource must send its children (first publish, volatile child columns).
 */
function changedResources(family: TableFamily, watermark: string): string | undefined {
  if (watermark === NO_WATERMARK || hasVolatileChildren(family) || family.children.length === 0)
    return undefined;
  return family.children
    .map(
      (c) =>
        `SELECT source_id, resource_id FROM ${hist(c)} WHERE valid_from > $1::timestamptz OR valid_to > $1::timestamptz`,
    )
    .join(' UNION ');
}

export interface LocalQuery {
  readonly sql: string;
  readonly params: readonly string[];
}

/** Current rows of the root collected since the watermark, with their version start. */
export function rootCurrentQuery(family: TableFamily, watermark: string): LocalQuery {
  const { root } = family;
  if (!root.history) {
    const names = currentStageColumns(root)
      .filter((c) => c.name !== 'with_children')
      .map((c) => c.name);
    return {
      sql: `SELECT ${pick('c', names)}, true AS with_children FROM ${cur(root)} c WHERE c.collected_at > $1::timestamptz`,
      params: [watermark],
    };
  }
  const names = root.columns.filter((c) => c.name !== 'history_id').map((c) => c.name);
  const changed = changedResources(family, watermark);
  const withChildren = changed
    ? `EXISTS (SELECT 1 FROM (${changed}) x WHERE x.source_id = c.source_id AND x.resource_id = c.resource_id)`
    : 'true';
  return {
    sql: `SELECT ${pick('c', names)}, h.valid_from AS version_from, ${withChildren} AS with_children
      FROM ${cur(root)} c JOIN ${hist(root)} h ON h.history_id = c.history_id
      WHERE c.collected_at > $1::timestamptz`,
    params: [watermark],
  };
}

/** Current rows of a child table for resources whose children changed since the watermark. */
export function childCurrentQuery(family: TableFamily, child: TableSpec, watermark: string): LocalQuery {
  const names = child.columns.filter((c) => c.name !== 'history_id').map((c) => c.name);
  const changed = changedResources(family, watermark);
  const rootFilter = changed
    ? `EXISTS (SELECT 1 FROM (${changed}) x WHERE x.source_id = c.source_id AND x.resource_id = c.resource_id)`
    : `EXISTS (SELECT 1 FROM ${cur(family.root)} r WHERE r.source_id = c.source_id AND r.resource_id = c.resource_id AND r.collected_at > $1::timestamptz)`;
  return {
    sql: `SELECT ${pick('c', names)}, h.valid_from AS version_from
      FROM ${cur(child)} c JOIN ${hist(child)} h ON h.history_id = c.history_id
      WHERE ${rootFilter}`,
    params: [watermark],
  };
}

/** Current child rows of named resources of one source (children the central side asked for). */
export function childrenOfQuery(child: TableSpec, inList: string): string {
  const names = child.columns.filter((c) => c.name !== 'history_id').map((c) => c.name);
  return `SELECT ${pick('c', names)}, h.valid_from AS version_from
    FROM ${cur(child)} c JOIN ${hist(child)} h ON h.history_id = c.history_id
    WHERE c.source_id = $1 AND ${inList}`;
}

/** Versions opened or closed since the watermark; children carry their parent version's start. */
export function historyQuery(
  spec: TableSpec,
  catalogParent: TableSpec | undefined,
  watermark: string,
): LocalQuery {
  const names = historyStageColumns(spec)
    .filter((c) => c.name !== 'parent_version_from')
    .map((c) => c.name);
  const changed = 'h.valid_from > $1::timestamptz OR h.valid_to > $1::timestamptz';
  if (spec.kind !== 'child' || !catalogParent) {
    return { sql: `SELECT ${pick('h', names)} FROM ${hist(spec)} h WHERE ${changed}`, params: [watermark] };
  }
  return {
    sql: `SELECT ${pick('h', names)}, p.valid_from AS parent_version_from
      FROM ${hist(spec)} h JOIN ${hist(catalogParent)} p ON p.history_id = h.parent_history_id
      WHERE ${changed}`,
    params: [watermark],
  };
}

/** Resources deleted since the watermark (version closed, no current row any more). */
export function goneQuery(family: TableFamily, watermark: string): LocalQuery {
  const { root } = family;
  return {
    sql: `SELECT h.source_id, h.resource_id, max(h.valid_to) AS deleted_at FROM ${hist(root)} h
      WHERE h.valid_to > $1::timestamptz
        AND NOT EXISTS (SELECT 1 FROM ${cur(root)} c WHERE c.source_id = h.source_id AND c.resource_id = h.resource_id)
      GROUP BY h.source_id, h.resource_id`,
    params: [watermark],
  };
}

/** Every row of a plain table (no change time to filter on; the merge writes only differences). */
export function plainQuery(spec: TableSpec): LocalQuery {
  return {
    sql: `SELECT ${pick(
      'c',
      spec.columns.map((c) => c.name),
    )} FROM ${cur(spec)} c`,
    params: [],
  };
}
