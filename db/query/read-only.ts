import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { HotpotError } from '../errors.ts';

interface SerializedSql {
  error?: boolean;
  error_message?: string;
  statements?: unknown[];
}

let parser: Promise<DuckDBConnection> | undefined;

/** An in-memory DuckDB used only as a SQL parser; it never sees the store. */
function parserConnection(): Promise<DuckDBConnection> {
  parser ??= DuckDBInstance.create(':memory:', { enable_external_access: 'false' }).then((db) =>
    db.connect(),
  );
  return parser;
}

/**
 * Accepts exactly one SELECT statement, judged by DuckDB's own parser (`json_serialize_sql` only
 * serialises SELECT). Everything else (DDL, DML, ATTACH, COPY, INSTALL, SET, PRAGMA, several
 * statements) is refused before any store is touched. The store connection is read-only as well.
 */
export async function assertSingleSelect(sql: string, what = 'This command'): Promise<void> {
  const connection = await parserConnection();
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS s', [sql]);
  const text = reader.getRowObjectsJS()[0]?.s;
  const parsed = JSON.parse(typeof text === 'string' ? text : '{}') as SerializedSql;
  if (parsed.error) {
    const detail = parsed.error_message ?? 'not a SELECT statement';
    const notSelect = /Only SELECT/i.test(detail);
    throw new HotpotError(
      notSelect
        ? `${what} is read-only: it runs a single SELECT (or WITH … SELECT) statement and nothing else. Nothing was changed.`
        : `${what} could not parse the SQL: ${detail}`,
      notSelect ? 'READ_ONLY' : 'SQL_SYNTAX',
    );
  }
  if ((parsed.statements?.length ?? 0) !== 1) {
    throw new HotpotError(
      `${what} is read-only and runs exactly one SELECT statement; got ${parsed.statements?.length ?? 0}.`,
      'READ_ONLY',
    );
  }
}
