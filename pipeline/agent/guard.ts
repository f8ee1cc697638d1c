import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { errorMessage } from '../../db/errors.ts';
import { assertSingleSelect } from '../../db/query/read-only.ts';
import { AgentError } from './errors.ts';

/**
 * Table functions a question may use. Everything else in a FROM clause is refused: DuckDB's
 * table functions are how SQL reaches files, URLs and other databases (read_csv, glob,
 * sqlite_scan, postgres_scan, query, …), and an allowlist cannot miss a new one.
 */
const ALLOWED_TABLE_FUNCTIONS = new Set(['unnest', 'range', 'generate_series', 'json_each', 'json_tree']);

/**
 * Scalar functions refused anywhere in the statement: file and URL readers, other databases,
 * PostgreSQL's server-file and admin functions, sequence writers and configuration setters.
 */
const FORBIDDEN_FUNCTION =
  /^(read_|glob$|.*_scan$|sqlite_|postgres_|mysql_|httpfs|http_|iceberg_|delta_|parquet_|st_read|query$|query_table$|getenv$|which_secret$|duckdb_secrets$|load_extension$|pg_read|pg_ls_|pg_stat_file$|pg_file_|lo_|dblink|set_config$|nextval$|setval$|currval$|pg_sleep|pg_terminate_backend$|pg_cancel_backend$|pg_advisory|pg_try_advisory|pg_reload_conf$|pg_rotate_logfile$|pg_logdir_ls$|pg_switch_wal$|pg_promote$)/i;

/** A plain identifier: anything else in a table position (a quoted path, a URL) is a file read. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Finding {
  readonly problem: string;
}

function inspect(node: unknown, out: Finding[]): void {
  if (Array.isArray(node)) {
    for (const item of node) inspect(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.type === 'TABLE_FUNCTION') {
    const fn = n.function as { function_name?: unknown } | undefined;
    const name = String(fn?.function_name ?? '').toLowerCase();
    if (!ALLOWED_TABLE_FUNCTIONS.has(name))
      out.push({
        problem: `the table function ${name}() (only ${[...ALLOWED_TABLE_FUNCTIONS].join(', ')} are allowed)`,
      });
  }
  if (
    n.class === 'FUNCTION' &&
    typeof n.function_name === 'string' &&
    FORBIDDEN_FUNCTION.test(n.function_name)
  )
    out.push({ problem: `the function ${n.function_name}()` });
  if (n.type === 'BASE_TABLE') {
    const table = String(n.table_name ?? '');
    const schema = String(n.schema_name ?? '');
    const catalog = String(n.catalog_name ?? '');
    if (!IDENTIFIER.test(table) || (schema !== '' && !IDENTIFIER.test(schema)))
      out.push({ problem: `"${table}" in a FROM clause (only tables of the store, not files or URLs)` });
    if (catalog !== '')
      out.push({ problem: `the database prefix "${catalog}." (query the store's own schemas)` });
  }
  for (const value of Object.values(n)) if (value !== null && typeof value === 'object') inspect(value, out);
}

let parser: Promise<DuckDBConnection> | undefined;

/** A private in-memory DuckDB used only to serialise SQL; it never sees the store. */
function parserConnection(): Promise<DuckDBConnection> {
  parser ??= DuckDBInstance.create(':memory:', {
    enable_external_access: 'false',
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
  }).then((db) => db.connect());
  return parser;
}

/** The statement as DuckDB's parser tree (json_serialize_sql); the caller checked it parses. */
async function parseTree(sql: string): Promise<unknown> {
  const connection = await parserConnection();
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS s', [sql]);
  const text = reader.getRowObjectsJS()[0]?.s;
  return JSON.parse(typeof text === 'string' ? text : '{}') as unknown;
}

/**
 * The agent's guard: exactly one read-only SELECT (the shared `assertSingleSelect`, judged by
 * DuckDB's parser), and, walking the whole parse tree so nesting cannot hide them, no table
 * functions that read files, URLs or other databases, no quoted paths in FROM, and no
 * functions that touch server files, sequences or settings. The executor is locked down too;
 * the guard exists so a hostile statement is refused with a reason before it reaches a store.
 */
export async function assertAgentSql(sql: string): Promise<void> {
  try {
    await assertSingleSelect(sql, 'The agent');
  } catch (error) {
    throw new AgentError(errorMessage(error), 'GUARD', { cause: error });
  }
  const findings: Finding[] = [];
  inspect(await parseTree(sql), findings);
  if (findings.length > 0) {
    const problems = [...new Set(findings.map((f) => f.problem))];
    throw new AgentError(
      `The agent only reads the store's tables; this SQL uses ${problems.join('; ')}. Nothing was run.`,
      'GUARD',
    );
  }
}
