// The few detection expressions whose SQL differs between DuckDB and PostgreSQL: the JSON object
// of a rule's dimension columns, the columns of a view, the alert fingerprint, and whether one failed statement can be
// undone without losing the transaction. They are detection-specific, so they live here rather
// than in the store dialects (publish does the same for its one engine-specific statement).
import { quoteIdent, type Dialect } from '../../db/dialects/types.ts';

/** PostgreSQL functions take at most 100 arguments: 50 key/value pairs per jsonb_build_object. */
const PG_PAIRS_PER_CALL = 50;

function keyLiteral(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

/**
 * JSON object of the given columns of `alias`, keys in sorted order and null values left out,
 * typed as the store's JSON column type.
 */
export function dimensionsJsonSql(dialect: Dialect, alias: string, columns: readonly string[]): string {
  const sorted = [...columns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = sorted.map((c) => `${keyLiteral(c)}, ${alias}.${quoteIdent(c)}`);
  if (dialect.name === 'duckdb') {
    if (pairs.length === 0) return "CAST('{}' AS JSON)";
    // A merge patch onto {} drops the keys whose value is null.
    return `json_merge_patch('{}', json_object(${pairs.join(', ')}))`;
  }
  if (pairs.length === 0) return "CAST('{}' AS jsonb)";
  const calls: string[] = [];
  for (let i = 0; i < pairs.length; i += PG_PAIRS_PER_CALL)
    calls.push(`jsonb_build_object(${pairs.slice(i, i + PG_PAIRS_PER_CALL).join(', ')})`);
  return `jsonb_strip_nulls(${calls.join(' || ')})`;
}

/** Names of the columns of a (temporary) view, in order, as `column_name`; `view` is a plain identifier. */
export function viewColumnsSql(dialect: Dialect, view: string): string {
  // DuckDB's information_schema walks the whole catalog (tens of milliseconds per call).
  if (dialect.name === 'duckdb')
    return `SELECT name AS column_name FROM pragma_table_info('${view}') ORDER BY cid`;
  return `SELECT column_name FROM information_schema.columns WHERE table_name = '${view}' ORDER BY ordinal_position`;
}

/** The SQL twin of `alertFingerprint` (first 24 hex digits of sha256 of rule, NUL, resource). */
export function alertFingerprintSql(dialect: Dialect, ruleExpr: string, resourceExpr: string): string {
  if (dialect.name === 'duckdb') return `substr(sha256(${ruleExpr} || chr(0) || ${resourceExpr}), 1, 24)`;
  // PostgreSQL text cannot hold NUL, so the digest is taken over bytes.
  return (
    `substr(encode(sha256(convert_to(${ruleExpr}, 'UTF8') || decode('00', 'hex') || ` +
    `convert_to(${resourceExpr}, 'UTF8')), 'hex'), 1, 24)`
  );
}

/**
 * Whether a failed statement can be rolled back to a savepoint. PostgreSQL can; DuckDB has no
 * savepoints, and a statement failing while it runs (not while it binds) aborts the transaction.
 */
export function hasSavepoints(dialect: Dialect): boolean {
  return dialect.name === 'postgres';
}
