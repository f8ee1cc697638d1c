/** The layers of the medallion model plus `meta` (migrations, sync scopes, watermarks). */
export type Layer = 'bronze' | 'silver' | 'gold' | 'meta';

/** Portable column types; each dialect maps them to its own SQL types. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'date' | 'json';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** One line, shown in the data dictionary, PostgreSQL comments, the explorer and the agent. */
  readonly description: string;
  /**
   * Changes on every collection without meaning a real change (e.g. a heartbeat time). Excluded
   * from `content_hash`, so it never opens a history version, but kept current.
   */
  readonly volatile?: boolean;
  /** Added by the catalog (identity, lineage, history bookkeeping), not declared by the table. */
  readonly standard?: boolean;
}

/**
 * - `resource`: one row per API object, keyed by (source_id, resource_id), versioned by the
 *   history engine as a snapshot per scope.
 * - `child`: rows of an array or map inside a resource, keyed by the root resource key plus a
 *   natural key; versioned one row at a time.
 * - `plain`: an ordinary table with its own primary key and no history (meta, reference data).
 */
export type TableKind = 'resource' | 'child' | 'plain';

export interface ParentLink {
  /** Name (without layer) of the parent table: the root resource or an intermediate child. */
  readonly table: string;
  /** Columns that identify this row among its siblings. Includes the parent's natural key. */
  readonly naturalKey: readonly string[];
}

export interface TableSpec {
  readonly layer: Layer;
  readonly name: string;
  readonly description: string;
  readonly kind: TableKind;
  /** Full, ordered column list including standard columns. */
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey: readonly string[];
  readonly parent?: ParentLink;
  /** Keeps every version in `<layer>_history.<name>`. */
  readonly history: boolean;
  /** Questions an analyst may ask of this table; they feed the agent's semantic catalog. */
  readonly examples?: readonly string[];
}

/** Schema-qualified name, e.g. `bronze.gcp_compute_instances`. */
export function qualifiedName(spec: Pick<TableSpec, 'layer' | 'name'>): string {
  return `${spec.layer}.${spec.name}`;
}

export function historySchema(layer: Layer): string {
  return `${layer}_history`;
}
