import type { ColumnSpec, TableSpec } from '../catalog/types.ts';
import { HISTORY_ID_BLOCK, historySequence } from '../ddl.ts';
import { quoteIdent, quoteLiteral } from '../dialects/types.ts';
import type { SqlSession } from '../store/types.ts';

// SQL pieces shared by the staged apply of a resource and of its child rows.

export function asSubquery(stageSql: string): string {
  return /^\s*(select|with|values|\()/i.test(stageSql) ? `(${stageSql})` : stageSql;
}

/** `CAST(src."c" AS type) AS "c", …` for the given columns of a stage aliased `src`. */
export function typedColumns(session: SqlSession, columns: readonly ColumnSpec[]): string {
  return columns
    .map(
      (c) => `CAST(src.${quoteIdent(c.name)} AS ${session.dialect.sqlType(c.type)}) AS ${quoteIdent(c.name)}`,
    )
    .join(', ');
}

/**
 * Canonical text of the non-volatile, non-null columns (null columns are left out, so adding a
 * column re-versions nothing), and of the full state (volatile columns appended).
 */
export function hashTexts(
  session: SqlSession,
  own: readonly ColumnSpec[],
  /** Qualifier of the column references, e.g. `typed.`. */
  prefix = '',
): { content: string; state: string; hasVolatile: boolean } {
  const d = session.dialect;
  const ref = (c: ColumnSpec): string => `${prefix}${quoteIdent(c.name)}`;
  const stable = own.filter((c) => !c.volatile);
  const volatile = own.filter((c) => c.volatile);
  const content =
    stable.length > 0
      ? stable
          .map(
            (c) =>
              `CASE WHEN ${ref(c)} IS NULL THEN '' ELSE ${quoteLiteral(`${c.name}=`)} || ${d.hashText(ref(c), c.type)} || chr(1) END`,
          )
          .join(' || ')
      : `''`;
  const state = [
    content,
    ...volatile.map(
      (c) => `chr(2) || CASE WHEN ${ref(c)} IS NULL THEN 'N' ELSE 'V' || ${d.hashText(ref(c), c.type)} END`,
    ),
  ].join(' || ');
  return { content, state, hasVolatile: volatile.length > 0 };
}

/** Block starts from a table's history sequence, as `HistoryIds` takes them: ids never collide. */
export async function historyBlocks(session: SqlSession, spec: TableSpec, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await session.query<{ v: number }>(
    session.dialect.sequenceBlocks(historySequence(spec), Math.ceil(count / HISTORY_ID_BLOCK)),
  );
  return rows.map((r) => Number(r.v));
}

/** SQL for the history id of the `k`-th new version (0-based): block k / 1000 at offset k % 1000. */
export function newHistoryId(session: SqlSession, k: string, blocksParam: string): string {
  const type = session.dialect.sqlType('bigint');
  const n = HISTORY_ID_BLOCK;
  return `(${blocksParam}::${type}[])[CAST((${k} - ${k} % ${n}) / ${n} AS ${type}) + 1] + ${k} % ${n}`;
}

let tempSerial = 0;

function rawTempName(purpose: string): string {
  return `hotpot_${purpose}_${process.pid}_${tempSerial++}`;
}

/** A name for a temporary table, unique within this process. */
export function tempName(purpose: string): string {
  return quoteIdent(rawTempName(purpose));
}

/**
 * A temporary sequence counting 0, 1, 2, … : numbers the new versions of a staged apply without
 * a window over millions of rows (order does not matter, only that the numbers have no gaps).
 */
export async function tempCounter(session: SqlSession): Promise<{ next: string; drop(): Promise<void> }> {
  const name = rawTempName('counter');
  await session.execute(`CREATE TEMP SEQUENCE ${name} MINVALUE 0 START 0`);
  return {
    next: `nextval('${name}')`,
    drop: async () => void (await session.execute(`DROP SEQUENCE IF EXISTS ${name}`)),
  };
}

export async function analyzeTemp(session: SqlSession, table: string): Promise<void> {
  const sql = session.dialect.analyzeTemp(table);
  if (sql) await session.execute(sql);
}
