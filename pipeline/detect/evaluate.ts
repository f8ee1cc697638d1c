// Runs one rule and holds its rows to the control contract. A failing query, or rows that break
// the contract, become `error` rows naming the rule file, so one bad rule never fails a run.
import { errorMessage } from '../../db/errors.ts';
import type { SqlSession } from '../../db/store/types.ts';
import { renderRuleSql, type ParamOverrides } from './render.ts';
import { CONTROL_STATUSES, type ControlResult, type ControlStatus, type Rule } from './types.ts';

export interface RuleEvaluation {
  rule: Rule;
  results: ControlResult[];
  /** The query failed or broke the contract; `message` says how, naming the file. */
  errored: boolean;
  message?: string;
  ms: number;
}

const RESERVED = new Set(['resource', 'status', 'reason', 'asset_id']);
/** When a rule names one resource twice, the most serious verdict is kept. */
const RANK: Record<ControlStatus, number> = { error: 4, alarm: 3, info: 2, skip: 1, ok: 0 };

function errorResult(rule: Rule, message: string): ControlResult {
  return {
    ruleId: rule.id,
    resource: rule.id,
    status: 'error',
    reason: message,
    assetId: null,
    dimensions: {},
  };
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

export async function evaluateRule(
  session: SqlSession,
  rule: Rule,
  now: Date,
  overrides: ParamOverrides = {},
): Promise<RuleEvaluation> {
  const started = performance.now();
  const fail = (message: string): RuleEvaluation => ({
    rule,
    results: [errorResult(rule, message)],
    errored: true,
    message,
    ms: performance.now() - started,
  });
  let rows: Record<string, unknown>[];
  try {
    rows = await session.query(`SELECT * FROM (\n${renderRuleSql(rule, now, overrides)}\n) hotpot_rule`);
  } catch (error) {
    return fail(
      `rule ${rule.id} (${rule.file}:${rule.sqlLine}) failed: ${errorMessage(error).split('\n')[0]}`,
    );
  }
  const byResource = new Map<string, ControlResult>();
  let bad = 0;
  for (const row of rows) {
    const resource = text(row.resource);
    const status = text(row.status)?.toLowerCase() as ControlStatus | undefined;
    if (resource === null || status === undefined || !CONTROL_STATUSES.includes(status)) {
      bad++;
      continue;
    }
    const dimensions: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row))
      if (!RESERVED.has(k) && v !== null && v !== undefined) dimensions[k] = v;
    const result: ControlResult = {
      ruleId: rule.id,
      resource,
      status,
      reason: text(row.reason),
      assetId: text(row.asset_id),
      dimensions,
    };
    const prev = byResource.get(resource);
    if (!prev || RANK[status] > RANK[prev.status]) byResource.set(resource, result);
  }
  if (bad > 0) {
    const first = rows[0] ?? {};
    const missing = ['resource', 'status'].filter((c) => !(c in first));
    return fail(
      `rule ${rule.id} (${rule.file}:${rule.sqlLine}) broke the control contract on ${bad} row(s): ` +
        (missing.length > 0
          ? `missing column(s) ${missing.join(', ')}`
          : `every row needs a resource and a status in ${CONTROL_STATUSES.join('|')}`),
    );
  }
  return { rule, results: [...byResource.values()], errored: false, ms: performance.now() - started };
}
