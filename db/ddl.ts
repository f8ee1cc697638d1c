import { historyColumns } from './catalog/define.ts';
import { historySchema, type ColumnSpec, type TableSpec } from './catalog/types.ts';
import { quoteIdent, quoteLiteral, tableRef, type Dialect } from './dialects/types.ts';

export const SCHEMAS = [
  'bronze',
  'bronze_history',
  'silver',
  'silver_history',
  'gold',
  'gold_history',
  'meta',
];

/** Name of the sequence that hands out history ids for a table, unquoted, schema-qualified. */
export function historySequence(spec: TableSpec): string {
  return `${historySchema(spec.layer)}.${spec.name}_hid`;
}

/** Number of ids one `nextval` reserves; ids are handed out in blocks to keep bulk loads cheap. */
export const HISTORY_ID_BLOCK = 1000;

function createTable(
  schema: string,
  name: string,
  columns: readonly ColumnSpec[],
  key: readonly string[] | undefined,
  dialect: Dialect,
  options = '',
): string {
  const defs = columns.map((c) => `  ${dialect.columnDefinition(c)}`);
  if (key && key.length > 0) defs.push(`  PRIMARY KEY (${key.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${tableRef(schema, name)} (\n${defs.join(',\n')}\n)${options}`;
}

function addMissingColumns(
  schema: string,
  name: string,
  columns: readonly ColumnSpec[],
  dialect: Dialect,
): string[] {
  // A column added to an existing table must be nullable: old rows have no value for it.
  return columns.map(
    (c) =>
      `ALTER TABLE ${tableRef(schema, name)} ADD COLUMN IF NOT EXISTS ${dialect.columnDefinition({ ...c, nullable: true })}`,
  );
}

function comments(
  schema: string,
  name: string,
  description: string,
  columns: readonly ColumnSpec[],
): string[] {
  const table = tableRef(schema, name);
  return [
    `COMMENT ON TABLE ${table} IS ${quoteLiteral(description)}`,
    ...columns.map(
      (c) => `COMMENT ON COLUMN ${table}.${quoteIdent(c.name)} IS ${quoteLiteral(c.description)}`,
    ),
  ];
}

/**
 * Statements that bring a store up to a table's declaration: create it (and its history table and
 * id sequence) when missing, add columns it lacks, refresh comments. Safe to run repeatedly.
 */
export function ensureTableStatements(spec: TableSpec, dialect: Dialect): string[] {
  const out = [
    createTable(
      spec.layer,
      spec.name,
      spec.columns,
      spec.primaryKey,
      dialect,
      dialect.tableOptions(spec.kind),
    ),
    ...addMissingColumns(spec.layer, spec.name, spec.columns, dialect),
    ...comments(spec.layer, spec.name, spec.description, spec.columns),
  ];
  if (!spec.history) return out;
  const hSchema = historySchema(spec.layer);
  const hColumns = historyColumns(spec);
  const hKey = dialect.indexesHistory ? ['history_id'] : undefined;
  out.push(
    createTable(hSchema, spec.name, hColumns, hKey, dialect),
    ...addMissingColumns(hSchema, spec.name, hColumns, dialect),
    ...comments(
      hSchema,
      spec.name,
      `Every version of ${spec.layer}.${spec.name}. ${spec.description}`,
      hColumns,
    ),
    `CREATE SEQUENCE IF NOT EXISTS ${historySequence(spec)} INCREMENT BY ${HISTORY_ID_BLOCK} START 1`,
  );
  if (dialect.indexesHistory) {
    out.push(
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${spec.name}_key_idx`)} ON ${tableRef(hSchema, spec.name)} (source_id, resource_id, valid_from)`,
    );
  }
  return out;
}
