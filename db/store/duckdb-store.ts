import { existsSync } from 'node:fs';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBType,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { duckdbDialect } from '../dialects/duckdb.ts';
import { quoteLiteral, tableRef } from '../dialects/types.ts';
import { HotpotError, errorMessage } from '../errors.ts';
import { Mutex } from './mutex.ts';
import { readRow } from './row-values.ts';
import { traced } from './trace.ts';
import type {
  BulkTarget,
  BulkValue,
  DedicatedSession,
  Row,
  SqlParam,
  SqlSession,
  Store,
  StoreOptions,
} from './types.ts';

/** DuckDB vectors hold 2048 rows; one data chunk per vector. */
const CHUNK_ROWS = 2048;

function toDuckParam(param: SqlParam): DuckDBValue {
  if (Array.isArray(param)) return listValue(param as DuckDBValue[]);
  return param as DuckDBValue;
}

/** DuckDB cannot infer the item type of an empty list; the SQL casts it anyway. */
function paramTypes(params: readonly SqlParam[]): (DuckDBType | undefined)[] | undefined {
  if (!params.some((p) => Array.isArray(p) && p.length === 0)) return undefined;
  return params.map((p) => (Array.isArray(p) && p.length === 0 ? LIST(VARCHAR) : undefined));
}

function toDuckValue(value: BulkValue, type: string): DuckDBValue {
  if (value === null) return null;
  if (type === 'timestamp') return new DuckDBTimestampTZValue(BigInt(Date.parse(value as string)) * 1000n);
  if (type === 'bigint' && typeof value !== 'bigint') return BigInt(value as number | string);
  return value;
}

/** Maps DuckDB's own error text to a sentence that names the file and says what to do. */
export function explainOpenError(path: string, error: unknown): HotpotError {
  const text = errorMessage(error);
  if (/lock/i.test(text)) {
    return new HotpotError(
      `The DuckDB store ${path} is in use by another process (${text.replace(/\s+/g, ' ').trim()}). ` +
        'Close the other Hotpot window or command, or use another --home.',
      'STORE_LOCKED',
      { cause: error },
    );
  }
  if (/not a valid DuckDB|corrupt|invalid|serializ|checksum/i.test(text)) {
    return new HotpotError(
      `The file ${path} is not a readable DuckDB store (${text}). Move it aside and run "hotpot init" to create a new one.`,
      'STORE_CORRUPT',
      { cause: error },
    );
  }
  return new HotpotError(`Cannot open the DuckDB store ${path}: ${text}`, 'STORE_OPEN', { cause: error });
}

class DuckSession implements SqlSession {
  readonly dialect = duckdbDialect;

  readonly exportCsv?: (sql: string, path: string) => Promise<number>;

  constructor(
    protected readonly conn: DuckDBConnection,
    private readonly mutex: Mutex,
    fileAccess = true,
  ) {
    // Read-only stores run with external access disabled: no file can be written.
    if (fileAccess) this.exportCsv = (sql, path) => this.writeCsv(sql, path);
  }

  /** DuckDB's parallel CSV writer; timestamps are rendered in UTC whatever the session zone. */
  private writeCsv(sql: string, path: string): Promise<number> {
    return this.mutex.run(async () => {
      const zone = await this.sessionTimeZone();
      const switchZone = zone !== null && zone !== 'UTC';
      if (switchZone) await this.conn.run("SET SESSION TimeZone = 'UTC'");
      try {
        const result = await this.conn.run(
          `COPY (${sql}) TO ${quoteLiteral(path)} (FORMAT csv, HEADER false)`,
        );
        return result.rowsChanged;
      } finally {
        if (switchZone) await this.conn.run(`SET SESSION TimeZone = ${quoteLiteral(zone)}`);
      }
    });
  }

  /** The session's time zone, or null without the ICU extension (timestamps then print in UTC). */
  private async sessionTimeZone(): Promise<string | null> {
    try {
      const reader = await this.conn.runAndReadAll("SELECT current_setting('TimeZone') AS tz");
      const [row] = reader.getRowObjectsJS();
      return typeof row?.tz === 'string' ? row.tz : null;
    } catch {
      return null;
    }
  }

  query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.mutex.run(async () => {
      const reader = await traced(sql, () =>
        this.conn.runAndReadAll(sql, params.map(toDuckParam), paramTypes(params) as DuckDBType[] | undefined),
      );
      const json = new Set(reader.columnNames().filter((_, i) => reader.columnTypes()[i]?.alias === 'JSON'));
      return reader.getRowObjectsJS().map((r) => readRow(r, json) as T);
    });
  }

  execute(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.mutex.run(async () => {
      const result = await traced(sql, () =>
        this.conn.run(sql, params.map(toDuckParam), paramTypes(params) as DuckDBType[] | undefined),
      );
      return result.rowsChanged;
    });
  }

  async *stream(sql: string, params: readonly SqlParam[] = [], batchRows = 10_000): AsyncIterable<Row[]> {
    // Holding the mutex for the whole iteration keeps other statements off this connection
    // while the result is still being fetched.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let acquired!: () => void;
    const ready = new Promise<void>((resolve) => (acquired = resolve));
    void this.mutex.run(() => {
      acquired();
      return held;
    });
    await ready;
    try {
      const result = await this.conn.stream(
        sql,
        params.map(toDuckParam),
        paramTypes(params) as DuckDBType[] | undefined,
      );
      const names = result.columnNames();
      const json = new Set(names.filter((_, i) => result.columnTypes()[i]?.alias === 'JSON'));
      let batch: Row[] = [];
      for await (const rows of result.yieldRowObjectJs()) {
        for (const r of rows) {
          batch.push(readRow(r, json));
          if (batch.length === batchRows) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      release();
    }
  }

  bulkInsert(target: BulkTarget, rows: readonly (readonly BulkValue[])[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.mutex.run(async () => {
      let appender: DuckDBAppender;
      try {
        appender = await this.conn.createAppender(target.table, target.schema);
      } catch (error) {
        throw new HotpotError(
          `Cannot append to ${tableRef(target.schema, target.table)}: ${errorMessage(error)}`,
          'BULK_WRITE',
          { cause: error },
        );
      }
      try {
        const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
        if (types.length !== target.columns.length) {
          throw new HotpotError(
            `${target.schema}.${target.table} has ${types.length} columns in the store but ${target.columns.length} in the catalog; run "hotpot migrate".`,
            'SCHEMA_DRIFT',
          );
        }
        for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
          const slice = rows.slice(start, start + CHUNK_ROWS);
          const columns = target.columns.map((c, ci) =>
            slice.map((row) => toDuckValue(row[ci] ?? null, c.type)),
          );
          const chunk = DuckDBDataChunk.create(types, slice.length);
          chunk.setColumns(columns);
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }
}

class DuckDedicatedSession extends DuckSession implements DedicatedSession {
  async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    await this.execute('BEGIN TRANSACTION');
    try {
      const result = await fn(this);
      await this.execute('COMMIT');
      return result;
    } catch (error) {
      await this.execute('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** The embedded store: one DuckDB file in the workspace. */
export class DuckDBStore extends DuckSession implements Store {
  readonly kind = 'duckdb' as const;

  private constructor(
    private readonly instance: DuckDBInstance,
    connection: DuckDBConnection,
    readonly location: string,
    readonly readOnly: boolean,
  ) {
    super(connection, new Mutex(), !readOnly);
  }

  static async open(path: string, options: StoreOptions = {}): Promise<DuckDBStore> {
    const readOnly = options.readOnly ?? false;
    if (readOnly && path !== ':memory:' && !existsSync(path)) {
      throw new HotpotError(`No DuckDB store at ${path}. Run "hotpot init" first.`, 'STORE_MISSING');
    }
    const settings: Record<string, string> = readOnly
      ? {
          access_mode: 'READ_ONLY',
          enable_external_access: 'false',
          autoload_known_extensions: 'false',
          autoinstall_known_extensions: 'false',
        }
      : { autoinstall_known_extensions: 'false' };
    // DuckDB caches up to 80% of RAM by default; a laptop workbench shares the machine, and large
    // ingests stay well inside this bound (DuckDB spills to disk past it).
    settings.memory_limit = options.memoryLimit ?? process.env.HOTPOT_DUCKDB_MEMORY_LIMIT ?? '512MB';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, settings);
    } catch (error) {
      throw explainOpenError(path, error);
    }
    const connection = await instance.connect();
    if (readOnly) await connection.run('SET lock_configuration = true');
    return new DuckDBStore(instance, connection, path, readOnly);
  }

  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.connection((session) => session.transaction(fn));
  }

  async connection<T>(fn: (session: DedicatedSession) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await fn(new DuckDedicatedSession(connection, new Mutex(), !this.readOnly));
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
