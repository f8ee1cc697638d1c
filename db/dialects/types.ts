import type { ColumnSpec, ColumnType, TableKind } from '../catalog/types.ts';

export type DialectName = 'duckdb' | 'postgres';

/**
 * The only place where DuckDB and PostgreSQL SQL differ. Everything else writes portable SQL with
 * `$1`-style parameters, which both engines accept.
 */
export interface Dialect {
  readonly name: DialectName;
  sqlType(type: ColumnType): string;
  /** Whether history tables get a primary key and lookup indexes (costly for DuckDB appends). */
  readonly indexesHistory: boolean;
  /** `expr` is one of the values in the array parameter `param`. */
  inList(expr: string, param: string, type: ColumnType): string;
  /** SQL returning `count` blocks from an INCREMENT BY sequence, one row per block (`v`). */
  sequenceBlocks(sequence: string, count: number): string;
  /** Statement that serialises concurrent migrations of one store, or none. */
  migrationLock(): string | undefined;
  columnDefinition(column: ColumnSpec): string;
  /** Storage options appended to CREATE TABLE of a current table. */
  tableOptions(kind: TableKind): string;
  /**
   * SQL text of a typed, non-null value as set-based content hashes read it: the same value always
   * gives the same text on one engine, whatever the session's time zone.
   */
  hashText(expr: string, type: ColumnType): string;
  /** Statement that gathers planner statistics on a freshly filled temporary table, or none. */
  analyzeTemp(table: string): string | undefined;
  /** Schema under which `bulkInsert` reaches a temporary table of the session. */
  readonly tempSchema: string;
}

/** Double-quotes an identifier; identifiers come from the catalog, never from users. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function tableRef(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** Single-quoted SQL string literal, for DDL comments only (never for data). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
