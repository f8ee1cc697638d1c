import { historyColumns } from '../../db/catalog/define.ts';
import type { ColumnSpec, TableSpec } from '../../db/catalog/types.ts';
import type { BulkValue, Row } from '../../db/store/types.ts';

// Staging layouts: what is sent for each table. Only catalog columns plus three bookkeeping
// columns ever leave the workspace; local history ids never do (central ids are assigned
// centrally), versions travel as their business key + valid_from instead.

const extra = (name: string, type: ColumnSpec['type'], description: string): ColumnSpec => ({
  name,
  type,
  nullable: true,
  description,
});

export const VERSION_FROM = extra('version_from', 'timestamp', 'valid_from of the current version.');
export const WITH_CHILDREN = extra('with_children', 'boolean', 'Child rows of this resource are staged.');
export const PARENT_VERSION_FROM = extra(
  'parent_version_from',
  'timestamp',
  'valid_from of the parent version.',
);
export const DELETED_AT = extra(
  'deleted_at',
  'timestamp',
  'When a complete listing no longer had the resource.',
);

/** Columns of a current table as staged (history_id replaced by the version's valid_from). */
export function currentStageColumns(spec: TableSpec): ColumnSpec[] {
  if (!spec.history) return [...spec.columns, ...(spec.kind === 'resource' ? [WITH_CHILDREN] : [])];
  const own = spec.columns.filter((c) => c.name !== 'history_id');
  return spec.kind === 'resource' ? [...own, VERSION_FROM, WITH_CHILDREN] : [...own, VERSION_FROM];
}

/** Columns of a history table as staged (ids replaced by the parent version's valid_from). */
export function historyStageColumns(spec: TableSpec): ColumnSpec[] {
  const cols = historyColumns(spec).filter((c) => c.name !== 'history_id' && c.name !== 'parent_history_id');
  return spec.kind === 'child' ? [...cols, PARENT_VERSION_FROM] : cols;
}

export const GONE_COLUMNS: readonly ColumnSpec[] = [
  extra('source_id', 'text', 'Source.'),
  extra('resource_id', 'text', 'Resource.'),
  DELETED_AT,
];

/** Every column name that can ever be sent for a table (for the "nothing outside the catalog" check). */
export function sendableColumns(spec: TableSpec): Set<string> {
  const names = new Set(
    [...currentStageColumns(spec), ...(spec.history ? historyStageColumns(spec) : [])].map((c) => c.name),
  );
  return names;
}

function toBulk(value: unknown, type: ColumnSpec['type']): BulkValue {
  if (value === null || value === undefined) return null;
  if (type === 'json') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  // String(-0) is "0": the sign of a negative zero would be lost on the way.
  if (Object.is(value, -0)) return '-0';
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  )
    return value;
  return JSON.stringify(value);
}

/** Rows read from the local store (shared row shape) as COPY values in staging-column order. */
export function toStageRows(rows: readonly Row[], columns: readonly ColumnSpec[]): BulkValue[][] {
  const out: BulkValue[][] = new Array<BulkValue[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    const values = new Array<BulkValue>(columns.length);
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j] as ColumnSpec;
      values[j] = toBulk(row[c.name], c.type);
    }
    out[i] = values;
  }
  return out;
}
