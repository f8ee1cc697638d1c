import type { ColumnSpec } from '../catalog/types.ts';
import type { Dialect } from '../dialects/types.ts';

/** A value bound to a `$n` parameter. Arrays bind as SQL arrays/lists (used with `inList`). */
export type SqlParam =
  string | number | bigint | boolean | null | readonly string[] | readonly number[] | readonly bigint[];

/**
 * A row as read back from either store, in one shape: timestamps as ISO-8601 strings (UTC, ms),
 * 64-bit integers as numbers when safe (strings otherwise), JSON columns parsed.
 */
export type Row = Record<string, unknown>;

/**
 * A value ready for bulk insert, already normalised by `normalizeValue`: timestamps are ISO
 * strings, JSON is canonical text, bigint columns hold `bigint`.
 */
export type BulkValue = string | number | bigint | boolean | null;

export interface BulkTarget {
  schema: string;
  table: string;
  columns: readonly ColumnSpec[];
}

/** What one connection (or one transaction) can do. */
export interface SqlSession {
  readonly dialect: Dialect;
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed (0 for DDL). */
  execute(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Reads a large result in batches without holding it whole. */
  stream(sql: string, params?: readonly SqlParam[], batchRows?: number): AsyncIterable<Row[]>;
  /** Appends rows with the engine's bulk path (DuckDB appender chunks, PostgreSQL COPY). */
  bulkInsert(target: BulkTarget, rows: readonly (readonly BulkValue[])[]): Promise<void>;
  /**
   * Writes a query's result to a file as CSV in the dialect PostgreSQL's `COPY … (FORMAT csv)`
   * reads: no header, `,` between fields, `"` quoting with `""` inside, NULL as an unquoted empty
   * field and '' as `""`, timestamps with an explicit UTC offset, JSON as its text. Returns the
   * number of rows written. Absent when the session cannot write files (read-only DuckDB store).
   */
  readonly exportCsv?: (sql: string, path: string) => Promise<number>;
  /**
   * Loads CSV in the format `exportCsv` writes into existing columns of a table with the engine's
   * bulk path, inside this session's transaction. Returns the number of rows loaded. PostgreSQL only.
   */
  readonly importCsv?: (target: CsvTarget, csv: NodeJS.ReadableStream) => Promise<number>;
}

export interface CsvTarget {
  schema: string;
  table: string;
  /** Column names in the order of the CSV fields. */
  columns: readonly string[];
}

/** One connection of its own, in autocommit mode between the transactions it runs. */
export interface DedicatedSession extends SqlSession {
  /**
   * Runs `fn` in one transaction on this connection (`fn` gets this same session); commits, or
   * rolls back if it throws. Data written in a committed transaction, temporary tables included,
   * is what later statements read: on DuckDB a transaction's own uncommitted rows are scanned by
   * one thread, committed ones in parallel.
   */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

export type StoreKind = 'duckdb' | 'postgres';

export interface Store extends SqlSession {
  readonly kind: StoreKind;
  /** Where the store lives, safe to print: a file path or a URL without its password. */
  readonly location: string;
  readonly readOnly: boolean;
  /** Runs `fn` in one transaction on a dedicated connection; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on a dedicated connection, closed when `fn` settles. Its temporary tables outlive
   * the transactions it runs, so work can be prepared in one transaction and written in another.
   */
  connection<T>(fn: (session: DedicatedSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  readOnly?: boolean;
  /** Statement timeout for read-only stores, in milliseconds. */
  statementTimeoutMs?: number;
  /** DuckDB buffer memory limit, e.g. '512MB' (default, or $HOTPOT_DUCKDB_MEMORY_LIMIT). */
  memoryLimit?: string;
}
