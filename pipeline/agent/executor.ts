import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { errorMessage } from '../../db/errors.ts';
import { readRow } from '../../db/store/row-values.ts';
import { isPostgresUrl } from '../../db/store/open.ts';
import { PostgresStore } from '../../db/store/postgres-store.ts';
import type { Row } from '../../db/store/types.ts';
import { AgentError } from './errors.ts';

export type AgentDialect = 'duckdb' | 'postgres';

export interface ExecuteOptions {
  /** Rows kept; one more is read to tell whether the result was cut. */
  readonly rowLimit: number;
  readonly timeoutMs: number;
}

export interface QueryResult {
  readonly columns: string[];
  readonly rows: Row[];
  /** True when the statement produced more than `rowLimit` rows. */
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

/**
 * Runs statements the guard accepted on a connection that could not write, read files or change
 * its own configuration even if the guard missed something.
 */
export interface ReadOnlyExecutor {
  readonly dialect: AgentDialect;
  /** Where the store lives, safe to print. */
  readonly location: string;
  execute(sql: string, options: ExecuteOptions): Promise<QueryResult>;
  close(): Promise<void>;
}

function sqlError(error: unknown): AgentError {
  return new AgentError(`The SQL failed: ${errorMessage(error).replace(/\s+/g, ' ').trim()}`, 'SQL', {
    cause: error,
  });
}

function timeoutError(ms: number): AgentError {
  return new AgentError(
    `The SQL ran longer than ${ms} ms and was stopped. Filter earlier or aggregate instead of listing everything.`,
    'TIMEOUT',
  );
}

/**
 * DuckDB: its own instance on the store file, opened READ_ONLY with external access and
 * extension autoloading off and the configuration locked (as `hotpot query` does), so that
 * `connection.interrupt()` can stop a runaway statement at the timeout.
 */
class DuckDBReadOnlyExecutor implements ReadOnlyExecutor {
  readonly dialect = 'duckdb' as const;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly location: string,
  ) {}

  static async open(path: string): Promise<DuckDBReadOnlyExecutor> {
    if (!existsSync(path))
      throw new AgentError(`No DuckDB store at ${path}. Run "hotpot init" and "hotpot run" first.`, 'SQL');
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        access_mode: 'READ_ONLY',
        enable_external_access: 'false',
        autoload_known_extensions: 'false',
        autoinstall_known_extensions: 'false',
        memory_limit: process.env.HOTPOT_DUCKDB_MEMORY_LIMIT ?? '512MB',
      });
    } catch (error) {
      throw new AgentError(`Cannot open the DuckDB store ${path} read-only: ${errorMessage(error)}`, 'SQL', {
        cause: error,
      });
    }
    const connection = await instance.connect();
    await connection.run('SET lock_configuration = true');
    return new DuckDBReadOnlyExecutor(instance, connection, path);
  }

  async execute(sql: string, { rowLimit, timeoutMs }: ExecuteOptions): Promise<QueryResult> {
    const started = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.connection.interrupt();
    }, timeoutMs);
    try {
      // Streaming and stopping after rowLimit + 1 rows keeps a huge result out of memory
      // without rewriting the statement (a LIMIT around it could reorder an ORDER BY).
      const result = await this.connection.stream(sql);
      const columns = result.columnNames();
      const json = new Set(columns.filter((_, i) => result.columnTypes()[i]?.alias === 'JSON'));
      const rows: Row[] = [];
      let truncated = false;
      for await (const batch of result.yieldRowObjectJs()) {
        for (const raw of batch) {
          if (rows.length === rowLimit) {
            truncated = true;
            break;
          }
          rows.push(readRow(raw, json));
        }
        if (truncated) break;
      }
      return { columns, rows, truncated, elapsedMs: Math.round(performance.now() - started) };
    } catch (error) {
      throw timedOut ? timeoutError(timeoutMs) : sqlError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * PostgreSQL: the store opened read-only (`default_transaction_read_only`, a server-side
 * `statement_timeout`), and each statement in its own READ ONLY transaction that is rolled back.
 */
class PostgresReadOnlyExecutor implements ReadOnlyExecutor {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly store: PostgresStore) {}

  get location(): string {
    return this.store.location;
  }

  static async open(url: string, timeoutMs: number): Promise<PostgresReadOnlyExecutor> {
    return new PostgresReadOnlyExecutor(
      await PostgresStore.open(url, { readOnly: true, statementTimeoutMs: timeoutMs }),
    );
  }

  async execute(sql: string, { rowLimit, timeoutMs }: ExecuteOptions): Promise<QueryResult> {
    const started = performance.now();
    const rollback = new Error('read-only: roll back');
    let result: QueryResult | undefined;
    try {
      await this.store.transaction(async (tx) => {
        await tx.execute('SET TRANSACTION READ ONLY');
        await tx.execute(`SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(timeoutMs))}`);
        const rows: Row[] = [];
        let truncated = false;
        for await (const batch of tx.stream(sql, [], Math.min(rowLimit + 1, 5_000))) {
          for (const row of batch) {
            if (rows.length === rowLimit) {
              truncated = true;
              break;
            }
            rows.push(row);
          }
          if (truncated) break;
        }
        result = {
          columns: rows[0] ? Object.keys(rows[0]) : [],
          rows,
          truncated,
          elapsedMs: Math.round(performance.now() - started),
        };
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) {
        if (/statement timeout/i.test(errorMessage(error))) throw timeoutError(timeoutMs);
        throw sqlError(error);
      }
    }
    if (!result) throw sqlError(new Error('no result'));
    return result;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** The read-only executor for a workspace store: a DuckDB file path or a `postgres://` URL. */
export function openReadOnlyExecutor(location: string, timeoutMs = 30_000): Promise<ReadOnlyExecutor> {
  return isPostgresUrl(location)
    ? PostgresReadOnlyExecutor.open(location, timeoutMs)
    : DuckDBReadOnlyExecutor.open(location);
}
