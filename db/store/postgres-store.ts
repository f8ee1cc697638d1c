import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { postgresDialect } from '../dialects/postgres.ts';
import { quoteIdent, tableRef } from '../dialects/types.ts';
import { HotpotError, errorMessage } from '../errors.ts';
import { copyText } from './copy-text.ts';
import { readRow } from './row-values.ts';
import { traced } from './trace.ts';
import type {
  BulkTarget,
  BulkValue,
  CsvTarget,
  DedicatedSession,
  Row,
  SqlParam,
  SqlSession,
  Store,
  StoreOptions,
} from './types.ts';

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/** Type parsers that give rows the same shape as the DuckDB store. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) {
      return (text) => {
        const iso = text.replace(' ', 'T');
        const withZone = oid === TIMESTAMP || !/[+-]\d\d(:?\d\d)?$/.test(iso) ? `${iso}Z` : iso;
        return new Date(withZone.replace(/([+-]\d\d)$/, '$1:00')).toISOString();
      };
    }
    if (oid === INT8) return (text) => (Number.isSafeInteger(Number(text)) ? Number(text) : text);
    if (oid === DATE) return (text) => text;
    if (oid === NUMERIC) return (text) => Number(text);
    return pg.types.getTypeParser(oid, format ?? 'text') as (text: string) => unknown;
  },
};

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Turns a connection failure into a sentence naming host:port and the cause. */
export function explainConnectError(url: string, error: unknown): HotpotError {
  let where = 'the configured server';
  let user = '';
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname}:${parsed.port || '5432'}`;
    user = decodeURIComponent(parsed.username);
  } catch {
    /* keep the generic description */
  }
  const code = (error as { code?: string }).code ?? '';
  const cause = errorMessage(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
    return new HotpotError(
      `Cannot reach PostgreSQL at ${where} (${code}: ${cause}). Check that the server is running and the URL is right.`,
      'STORE_UNREACHABLE',
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new HotpotError(`PostgreSQL at ${where} rejected user "${user}": ${cause}.`, 'STORE_AUTH', {
      cause: error,
    });
  }
  if (code === '3D000') {
    return new HotpotError(`PostgreSQL at ${where}: ${cause}. Create the database first.`, 'STORE_MISSING', {
      cause: error,
    });
  }
  return new HotpotError(`PostgreSQL at ${where} failed: ${cause}`, 'STORE_OPEN', { cause: error });
}

function toPgParams(params: readonly SqlParam[]): unknown[] {
  return params.map((p) =>
    typeof p === 'bigint'
      ? p.toString()
      : Array.isArray(p)
        ? p.map((v) => (typeof v === 'bigint' ? v.toString() : v))
        : p,
  );
}

class PgSession implements SqlSession {
  readonly dialect = postgresDialect;

  readonly exportCsv = (sql: string, path: string): Promise<number> =>
    this.withClient(async (client) => {
      // Sessions run with TimeZone=UTC (see open), so timestamps print with a +00 offset.
      const source = client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT csv)`));
      await pipeline(source, createWriteStream(path));
      return source.rowCount;
    });

  readonly importCsv = (target: CsvTarget, csv: NodeJS.ReadableStream): Promise<number> =>
    this.withClient(async (client) => {
      const columns = target.columns.map(quoteIdent).join(', ');
      const sink = client.query(
        copyFrom(`COPY ${tableRef(target.schema, target.table)} (${columns}) FROM STDIN (FORMAT csv)`),
      );
      try {
        await pipeline(csv, sink);
      } catch (error) {
        throw new HotpotError(
          `Bulk load into ${target.schema}.${target.table} failed: ${errorMessage(error)}`,
          'BULK_WRITE',
          { cause: error },
        );
      }
      return sink.rowCount;
    });

  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  /** A dedicated client for a COPY: this transaction's, or one borrowed from the pool. */
  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!('totalCount' in this.client)) return fn(this.client);
    const client = await this.client.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    const result = await traced(sql, () =>
      this.client.query({ text: sql, values: toPgParams(params), types: typeParsers }),
    );
    return result.rows.map((r: Record<string, unknown>) => readRow(r, new Set()) as T);
  }

  async execute(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    const result = await traced(sql, () =>
      this.client.query({ text: sql, values: toPgParams(params), types: typeParsers }),
    );
    return result.rowCount ?? 0;
  }

  async *stream(sql: string, params: readonly SqlParam[] = [], batchRows = 10_000): AsyncIterable<Row[]> {
    const pooled = 'totalCount' in this.client;
    const client = pooled ? await (this.client as pg.Pool).connect() : (this.client as pg.PoolClient);
    const cursor = client.query(new Cursor(sql, toPgParams(params), { types: typeParsers }));
    try {
      for (;;) {
        const rows = (await cursor.read(batchRows)) as Record<string, unknown>[];
        if (rows.length === 0) break;
        yield rows.map((r) => readRow(r, new Set()));
      }
    } finally {
      await cursor.close();
      if (pooled) (client as pg.PoolClient).release();
    }
  }

  async bulkInsert(target: BulkTarget, rows: readonly (readonly BulkValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    const pooled = 'totalCount' in this.client;
    const client = pooled ? await (this.client as pg.Pool).connect() : (this.client as pg.PoolClient);
    const columns = target.columns.map((c) => quoteIdent(c.name)).join(', ');
    try {
      const sink = client.query(
        copyFrom(`COPY ${tableRef(target.schema, target.table)} (${columns}) FROM STDIN`),
      );
      await pipeline(Readable.from(copyText(rows)), sink);
    } catch (error) {
      throw new HotpotError(
        `Bulk load into ${target.schema}.${target.table} failed: ${errorMessage(error)}`,
        'BULK_WRITE',
        {
          cause: error,
        },
      );
    } finally {
      if (pooled) (client as pg.PoolClient).release();
    }
  }
}

/** Carries the error that made a transaction roll back, when the rollback failed as well. */
class RollbackFailed extends Error {
  constructor(readonly original: unknown) {
    super('ROLLBACK failed');
  }
}

class PgDedicatedSession extends PgSession implements DedicatedSession {
  constructor(private readonly own: pg.PoolClient) {
    super(own);
  }

  async transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    await this.own.query('BEGIN');
    try {
      const result = await fn(this);
      await this.own.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await this.own.query('ROLLBACK');
      } catch {
        throw new RollbackFailed(error);
      }
      throw error;
    }
  }
}

/** A PostgreSQL store: a local instance or the central database. */
export class PostgresStore extends PgSession implements Store {
  readonly kind = 'postgres' as const;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    readonly readOnly: boolean,
  ) {
    super(pool);
  }

  static async open(url: string, options: StoreOptions = {}): Promise<PostgresStore> {
    const readOnly = options.readOnly ?? false;
    const flags = ['-c TimeZone=UTC'];
    if (readOnly) flags.push('-c default_transaction_read_only=on');
    if (options.statementTimeoutMs)
      flags.push(`-c statement_timeout=${Math.trunc(options.statementTimeoutMs)}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: 4,
      options: flags.join(' '),
      connectionTimeoutMillis: 10_000,
    });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw explainConnectError(url, error);
    }
    return new PostgresStore(pool, redactUrl(url), readOnly);
  }

  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.connection((session) => session.transaction(fn));
  }

  async connection<T>(fn: (session: DedicatedSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(new PgDedicatedSession(client));
    } catch (error) {
      // A connection whose transaction could not even roll back is not handed out again.
      if (error instanceof RollbackFailed) broken = error;
      throw error instanceof RollbackFailed ? error.original : error;
    } finally {
      // Temporary tables live as long as the pooled connection; the next borrower starts clean.
      if (!broken) await client.query('DISCARD TEMP').catch(() => undefined);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
