// Runs the rules inside the store. Each rule's rows go straight into a temporary stage table and
// are held to the control contract there, so results never travel through JavaScript. A failing
// query, or rows that break the contract, leave one `error` row naming the rule file instead, so
// one bad rule never fails a run.
import { randomBytes } from 'node:crypto';
import { quoteIdent } from '../../db/dialects/types.ts';
import { errorMessage } from '../../db/errors.ts';
import type { SqlSession } from '../../db/store/types.ts';
import { renderRuleSql, type ParamOverrides } from './render.ts';
import { dimensionsJsonSql, hasSavepoints, viewColumnsSql } from './sql.ts';
import { CONTROL_STATUSES, type ControlStatus, type Rule } from './types.ts';

/** The rules of the run (metadata, and whether each errored), on the run's connection. */
export const STAGE_RULES = 'hotpot_detect_rules';
/** One row per (rule, resource) that a rule reported, already deduplicated. */
export const STAGE_RESULTS = 'hotpot_detect_results';

export interface StagedRule {
  rule: Rule;
  /** The query failed or broke the contract; `message` says how, naming the file. */
  errored: boolean;
  message?: string;
  ms: number;
}

/**
 * A rule failed while running and aborted the transaction (DuckDB has no savepoints); the run
 * starts over with this rule known to fail.
 */
export class RuleAbortedRun extends Error {
  constructor(
    readonly ruleId: string,
    readonly ruleMessage: string,
  ) {
    super(ruleMessage);
  }
}

const RESERVED = new Set(['resource', 'status', 'reason', 'asset_id']);
/** When a rule names one resource twice, the most serious verdict is kept. */
const RANK: Record<ControlStatus, number> = { error: 4, alarm: 3, info: 2, skip: 1, ok: 0 };
const RANK_SQL = `CASE status ${Object.entries(RANK)
  .map(([s, n]) => `WHEN '${s}' THEN ${n}`)
  .join(' ')} ELSE -1 END`;
const STATUS_LIST = CONTROL_STATUSES.map((s) => `'${s}'`).join(', ');
const SAVEPOINT = 'hotpot_detect_rule';

export async function createStage(tx: SqlSession): Promise<void> {
  const json = tx.dialect.sqlType('json');
  await dropStage(tx);
  await tx.execute(
    `CREATE TEMP TABLE ${STAGE_RULES} (rule_id TEXT NOT NULL, severity TEXT, title TEXT, pack TEXT,
       resource_type TEXT, frameworks_json ${json}, errored BOOLEAN NOT NULL)`,
  );
  await tx.execute(
    `CREATE TEMP TABLE ${STAGE_RESULTS} (rule_id TEXT NOT NULL, resource TEXT, status TEXT, reason TEXT,
       asset_id TEXT, dimensions_json ${json}, valid BOOLEAN NOT NULL)`,
  );
}

/** PostgreSQL keeps temporary tables for the life of a pooled connection, so the run drops them. */
export async function dropStage(tx: SqlSession): Promise<void> {
  await tx.execute(`DROP TABLE IF EXISTS ${STAGE_RESULTS}`);
  await tx.execute(`DROP TABLE IF EXISTS ${STAGE_RULES}`);
}

/**
 * Runs one rule into the stage; `knownFailure` is the message of a failure that aborted an
 * earlier attempt. The contract is checked for all rules at once by `finishStage`.
 */
export async function stageRule(
  tx: SqlSession,
  rule: Rule,
  now: Date,
  overrides: ParamOverrides,
  knownFailure?: string,
): Promise<StagedRule> {
  const started = performance.now();
  const view = `hotpot_detect_rule_${randomBytes(6).toString('hex')}`;
  const savepoints = hasSavepoints(tx.dialect);
  let failure = knownFailure;
  if (failure === undefined) {
    if (savepoints) await tx.execute(`SAVEPOINT ${SAVEPOINT}`);
    try {
      failure = await insertResults(tx, rule, view, now, overrides);
    } catch (error) {
      failure = `rule ${rule.id} (${rule.file}:${rule.sqlLine}) failed: ${errorMessage(error).split('\n')[0]}`;
      if (savepoints) await tx.execute(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      else if (!(await usable(tx))) throw new RuleAbortedRun(rule.id, failure);
    }
    if (savepoints) await tx.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    await tx.execute(`DROP VIEW IF EXISTS ${view}`);
  }
  if (failure !== undefined) await replaceWithError(tx, rule.id, failure);
  return {
    rule,
    errored: failure !== undefined,
    ...(failure !== undefined ? { message: failure } : {}),
    ms: performance.now() - started,
  };
}

async function replaceWithError(tx: SqlSession, ruleId: string, message: string): Promise<void> {
  await tx.execute(`DELETE FROM ${STAGE_RESULTS} WHERE rule_id = $1`, [ruleId]);
  await tx.execute(
    `INSERT INTO ${STAGE_RESULTS} (rule_id, resource, status, reason, asset_id, dimensions_json, valid)
     VALUES ($1, $1, 'error', $2, NULL, CAST('{}' AS ${tx.dialect.sqlType('json')}), TRUE)`,
    [ruleId, message],
  );
}

type StatusCounts = Partial<Record<ControlStatus, number>>;

export interface FinishedStage {
  staged: StagedRule[];
  /** Rows per status of every rule. */
  counts: Map<string, StatusCounts>;
}

/**
 * Holds every staged rule to the contract in two passes over the stage (a pass per rule would
 * rescan a stage of millions of rows each time): rows without a resource or with an unknown
 * status turn their rule into an error, and a rule that names one resource twice keeps one row.
 * Then records the rules' metadata for the writes that follow.
 */
export async function finishStage(tx: SqlSession, staged: readonly StagedRule[]): Promise<FinishedStage> {
  const out = staged.map((s) => ({ ...s }));
  let counts = await countRows(tx);
  let fixed = false;
  for (const s of out) {
    const bad = counts.bad.get(s.rule.id) ?? 0;
    if (s.errored || bad === 0) continue;
    s.errored = true;
    s.message =
      `rule ${s.rule.id} (${s.rule.file}:${s.rule.sqlLine}) broke the control contract on ${bad} row(s): ` +
      `every row needs a resource and a status in ${CONTROL_STATUSES.join('|')}`;
    await replaceWithError(tx, s.rule.id, s.message);
    fixed = true;
  }
  const repeated = await tx.query<{ rule_id: string }>(
    `SELECT DISTINCT rule_id FROM (SELECT rule_id FROM ${STAGE_RESULTS}
       GROUP BY rule_id, resource HAVING count(*) > 1) d`,
  );
  for (const r of repeated) await keepOnePerResource(tx, r.rule_id);
  if (fixed || repeated.length > 0) counts = await countRows(tx);
  const json = tx.dialect.sqlType('json');
  for (const { rule, errored } of out)
    await tx.execute(
      `INSERT INTO ${STAGE_RULES} (rule_id, severity, title, pack, resource_type, frameworks_json, errored)
       VALUES ($1, $2, $3, $4, $5, CAST($6 AS ${json}), $7)`,
      [
        rule.id,
        rule.severity,
        rule.title,
        rule.pack,
        rule.resourceType,
        JSON.stringify(rule.frameworks),
        errored,
      ],
    );
  return { staged: out, counts: counts.byStatus };
}

async function countRows(
  tx: SqlSession,
): Promise<{ byStatus: Map<string, StatusCounts>; bad: Map<string, number> }> {
  const rows = await tx.query<{ rule_id: string; status: ControlStatus; valid: boolean; n: number }>(
    `SELECT rule_id, status, valid, count(*) AS n FROM ${STAGE_RESULTS} GROUP BY rule_id, status, valid`,
  );
  const byStatus = new Map<string, StatusCounts>();
  const bad = new Map<string, number>();
  for (const r of rows) {
    if (!r.valid) {
      bad.set(r.rule_id, (bad.get(r.rule_id) ?? 0) + Number(r.n));
      continue;
    }
    let counts = byStatus.get(r.rule_id);
    if (!counts) byStatus.set(r.rule_id, (counts = {}));
    counts[r.status] = Number(r.n);
  }
  return { byStatus, bad };
}

async function usable(tx: SqlSession): Promise<boolean> {
  try {
    await tx.query('SELECT 1 AS ok');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the rule into the stage; returns why it broke the contract, if it lacks its columns. The rule becomes a
 * view first: that names its columns (the dimensions are all but the contract's own) and catches
 * SQL that does not bind before anything runs.
 */
async function insertResults(
  tx: SqlSession,
  rule: Rule,
  view: string,
  now: Date,
  overrides: ParamOverrides,
): Promise<string | undefined> {
  const where = `rule ${rule.id} (${rule.file}:${rule.sqlLine})`;
  await tx.execute(
    `CREATE TEMP VIEW ${view} AS SELECT * FROM (\n${renderRuleSql(rule, now, overrides)}\n) hotpot_rule`,
  );
  const columns = (await tx.query<{ column_name: string }>(viewColumnsSql(tx.dialect, view))).map(
    (c) => c.column_name,
  );
  const missing = ['resource', 'status'].filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return `${where} broke the control contract: missing column(s) ${missing.join(', ')}`;
  const text = (c: string): string =>
    columns.includes(c) ? `CAST(v.${quoteIdent(c)} AS TEXT)` : 'CAST(NULL AS TEXT)';
  const dimensions = dimensionsJsonSql(
    tx.dialect,
    'v',
    columns.filter((c) => !RESERVED.has(c)),
  );
  await tx.execute(
    `INSERT INTO ${STAGE_RESULTS} (rule_id, resource, status, reason, asset_id, dimensions_json, valid)
     SELECT CAST($1 AS TEXT), resource, status, reason, asset_id, dimensions_json,
            (resource IS NOT NULL AND status IN (${STATUS_LIST}))
       FROM (SELECT ${text('resource')} AS resource, lower(${text('status')}) AS status,
                    ${text('reason')} AS reason, ${text('asset_id')} AS asset_id, ${dimensions} AS dimensions_json
               FROM ${view} v) r`,
    [rule.id],
  );
  return undefined;
}

/** A rule named some resource twice (rare): keep its most serious row, the same one every run. */
async function keepOnePerResource(tx: SqlSession, ruleId: string): Promise<void> {
  const kept = `hotpot_detect_kept_${randomBytes(6).toString('hex')}`;
  await tx.execute(
    `CREATE TEMP TABLE ${kept} AS
     SELECT rule_id, resource, status, reason, asset_id, dimensions_json, valid FROM (
       SELECT s.*, row_number() OVER (
                PARTITION BY resource ORDER BY ${RANK_SQL} DESC, reason, CAST(dimensions_json AS TEXT)) AS n
         FROM ${STAGE_RESULTS} s WHERE rule_id = $1) d
      WHERE n = 1`,
    [ruleId],
  );
  await tx.execute(`DELETE FROM ${STAGE_RESULTS} WHERE rule_id = $1`, [ruleId]);
  await tx.execute(`INSERT INTO ${STAGE_RESULTS} SELECT * FROM ${kept}`);
  await tx.execute(`DROP TABLE ${kept}`);
}
