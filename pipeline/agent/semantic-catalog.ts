import type { Catalog } from '../../db/catalog/catalog.ts';
import { historySchema, qualifiedName, type Layer, type TableSpec } from '../../db/catalog/types.ts';
import { CROSS_TABLE_LINKS, type TableLink } from './relationships.ts';

/** What the agent knows about one column. */
export interface SemanticColumn {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  /** Part of the table's primary key. */
  readonly key: boolean;
}

/** What the agent knows about one table: enough to write a correct query against it. */
export interface SemanticTable {
  /** `layer.name`, as SQL names it. */
  readonly name: string;
  readonly layer: Layer;
  readonly description: string;
  readonly columns: readonly SemanticColumn[];
  readonly primaryKey: readonly string[];
  /** `<layer>_history.<name>` when the table keeps every version. */
  readonly history?: string;
  /** For a child table: its parent and the join that reaches it. */
  readonly parent?: { readonly table: string; readonly join: string };
  /** Questions an analyst may ask of this table (from the schema catalog). */
  readonly examples: readonly string[];
}

export interface SemanticCatalog {
  readonly tables: readonly SemanticTable[];
  /** Joins between tables that no parent link expresses (cross-provider identities). */
  readonly links: readonly TableLink[];
  find(name: string): SemanticTable | undefined;
}

// Bookkeeping columns the model rarely needs; listing them in every prompt costs context a
// small local model does not have. They stay queryable and are named once in the rules.
const BOOKKEEPING = new Set(['first_collected_at', 'content_hash', 'tree_hash', 'history_id']);

function parentJoin(spec: TableSpec, parent: TableSpec): string {
  const shared = spec.parent?.naturalKey.filter((k) => parent.parent?.naturalKey.includes(k)) ?? [];
  const keys = ['source_id', 'resource_id', ...shared];
  return keys.map((k) => `c.${k} = p.${k}`).join(' AND ');
}

function describe(spec: TableSpec, catalog: Catalog): SemanticTable {
  const parentSpec = spec.parent ? catalog.find(`${spec.layer}.${spec.parent.table}`) : undefined;
  const columns = spec.columns
    .filter((c) => !BOOKKEEPING.has(c.name))
    .map((c) => ({
      name: c.name,
      type: c.type,
      description:
        c.name === 'resource_id' && spec.kind === 'child'
          ? 'Id of the root resource this row belongs to.'
          : c.description,
      key: spec.primaryKey.includes(c.name),
    }));
  return {
    name: qualifiedName(spec),
    layer: spec.layer,
    description: spec.description,
    columns,
    primaryKey: spec.primaryKey,
    ...(spec.history ? { history: `${historySchema(spec.layer)}.${spec.name}` } : {}),
    ...(parentSpec
      ? { parent: { table: qualifiedName(parentSpec), join: parentJoin(spec, parentSpec) } }
      : {}),
    examples: spec.examples ?? [],
  };
}

/**
 * The agent's view of the store, derived from the schema catalog so it can never drift from the
 * tables that exist: descriptions, keys, parent links, example questions, and the curated
 * cross-table links whose tables are all present. `meta` tables are bookkeeping and left out.
 */
export function buildSemanticCatalog(catalog: Catalog): SemanticCatalog {
  const tables = catalog.tables.filter((t) => t.layer !== 'meta').map((t) => describe(t, catalog));
  const byName = new Map(tables.map((t) => [t.name, t]));
  const links = CROSS_TABLE_LINKS.filter((l) => byName.has(l.from) && byName.has(l.to));
  return { tables, links, find: (name) => byName.get(name) };
}
