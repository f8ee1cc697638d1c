import {
  CHILD_TRAILING_COLUMNS,
  CURRENT_ONLY_COLUMNS,
  HISTORY_ID_COLUMN,
  PARENT_HISTORY_ID_COLUMN,
  RESOURCE_KEY_COLUMNS,
  RESOURCE_SCOPE_COLUMN,
  RESOURCE_TRAILING_COLUMNS,
  VALID_FROM_COLUMN,
  VALID_TO_COLUMN,
} from './standard-columns.ts';
import type { ColumnSpec, ColumnType, Layer, TableSpec } from './types.ts';

/** Shorthand for declaring a column: `col('name', 'text', 'What it is')`, nullable by default. */
export function col(
  name: string,
  type: ColumnType,
  description: string,
  options: { nullable?: boolean; volatile?: boolean } = {},
): ColumnSpec {
  return {
    name,
    type,
    description,
    nullable: options.nullable ?? true,
    ...(options.volatile ? { volatile: true } : {}),
  };
}

interface CommonInput {
  layer: Layer;
  name: string;
  description: string;
  columns: readonly ColumnSpec[];
  history?: boolean;
  examples?: readonly string[];
}

/** A table of API objects keyed by (source_id, resource_id) with standard bookkeeping columns. */
export function resourceTable(input: CommonInput): TableSpec {
  return {
    layer: input.layer,
    name: input.name,
    description: input.description,
    kind: 'resource',
    columns: [...RESOURCE_KEY_COLUMNS, RESOURCE_SCOPE_COLUMN, ...input.columns, ...RESOURCE_TRAILING_COLUMNS],
    primaryKey: ['source_id', 'resource_id'],
    history: input.history ?? true,
    ...(input.examples ? { examples: input.examples } : {}),
  };
}

/**
 * Rows of an array or map inside a resource. `naturalKey` names the declared columns that tell
 * siblings apart; a grandchild's natural key starts with its parent's natural key.
 */
export function childTable(
  input: CommonInput & { parent: string; naturalKey: readonly string[] },
): TableSpec {
  const keyed = input.columns.map((c) => (input.naturalKey.includes(c.name) ? { ...c, nullable: false } : c));
  return {
    layer: input.layer,
    name: input.name,
    description: input.description,
    kind: 'child',
    columns: [...RESOURCE_KEY_COLUMNS, ...keyed, ...CHILD_TRAILING_COLUMNS],
    primaryKey: ['source_id', 'resource_id', ...input.naturalKey],
    parent: { table: input.parent, naturalKey: input.naturalKey },
    history: input.history ?? true,
    ...(input.examples ? { examples: input.examples } : {}),
  };
}

/** An ordinary table with its own primary key and no history. */
export function plainTable(input: CommonInput & { primaryKey: readonly string[] }): TableSpec {
  return {
    layer: input.layer,
    name: input.name,
    description: input.description,
    kind: 'plain',
    columns: input.columns,
    primaryKey: input.primaryKey,
    history: false,
    ...(input.examples ? { examples: input.examples } : {}),
  };
}

/** Columns declared by the table itself (neither identity nor bookkeeping). */
export function ownColumns(spec: TableSpec): readonly ColumnSpec[] {
  return spec.columns.filter((c) => !c.standard);
}

/** Columns of `<layer>_history.<name>`: the version id, the parent link, content, validity. */
export function historyColumns(spec: TableSpec): readonly ColumnSpec[] {
  const content = spec.columns.filter((c) => !CURRENT_ONLY_COLUMNS.has(c.name) && c.name !== 'history_id');
  const link = spec.kind === 'child' ? [PARENT_HISTORY_ID_COLUMN] : [];
  return [HISTORY_ID_COLUMN, ...link, ...content, VALID_FROM_COLUMN, VALID_TO_COLUMN];
}
