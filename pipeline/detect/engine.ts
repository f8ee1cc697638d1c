// One detection run: evaluate every rule (a failing rule yields error rows, never a failed run),
// write gold.compliance per rule, move alerts through their lifecycle, rebuild asset summaries.
import { Catalog } from '../../db/catalog/catalog.ts';
import { EOL_TABLES, GOLD_TABLES } from '../../db/catalog/tables/gold.ts';
import type { Store } from '../../db/store/types.ts';
import { reconcileAlerts, type ReconcileSummary, type RuleOutcome } from './alerts/lifecycle.ts';
import { writeAssetSummary } from './asset-summary.ts';
import { writeCompliance } from './compliance.ts';
import { evaluateRule } from './evaluate.ts';
import type { ParamOverrides } from './render.ts';
import type { ControlStatus, Rule, RuleProblem } from './types.ts';

export interface DetectOptions {
  /** Reference time of the run (`{{now}}` in rules, alert times); defaults to the clock. */
  now?: Date;
  params?: ParamOverrides;
  /** Problems found while loading rules; reported with the run's result. */
  problems?: readonly RuleProblem[];
  onRule?: (done: number, total: number, ruleId: string) => void;
}

export interface RuleRunSummary {
  ruleId: string;
  counts: Partial<Record<ControlStatus, number>>;
  ms: number;
  error?: string;
}

export interface DetectResult {
  rules: RuleRunSummary[];
  errors: string[];
  alerts: ReconcileSummary;
  complianceRowsWritten: number;
  assets: number | null;
  ms: number;
  /** Where the time went: rule queries, compliance snapshots, alert lifecycle, asset summary. */
  phases: { rulesMs: number; complianceMs: number; alertsMs: number; summaryMs: number };
}

/** The catalog with the gold and end-of-life tables, whether or not the product catalog has them yet. */
export function withGoldTables(catalog: Catalog): Catalog {
  const missing = [...EOL_TABLES, ...GOLD_TABLES].filter((t) => !catalog.find(`${t.layer}.${t.name}`));
  return missing.length === 0 ? catalog : new Catalog([...catalog.tables, ...missing]);
}

export async function runDetection(
  store: Store,
  baseCatalog: Catalog,
  rules: readonly Rule[],
  options: DetectOptions = {},
): Promise<DetectResult> {
  const started = performance.now();
  const catalog = withGoldTables(baseCatalog);
  const now = options.now ?? new Date();
  const summaries: RuleRunSummary[] = [];
  const errors = (options.problems ?? []).map((p) => `${p.file}:${p.line}: ${p.message}`);
  const outcomes: RuleOutcome[] = [];
  let complianceRowsWritten = 0;
  const phases = { rulesMs: 0, complianceMs: 0, alertsMs: 0, summaryMs: 0 };
  const clock = async <T>(phase: keyof typeof phases, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      phases[phase] += Math.round(performance.now() - t0);
    }
  };
  for (const [i, rule] of rules.entries()) {
    const evaluation = await clock('rulesMs', () => evaluateRule(store, rule, now, options.params));
    complianceRowsWritten += await clock('complianceMs', () =>
      writeCompliance(store, catalog, evaluation, now),
    );
    const counts: Partial<Record<ControlStatus, number>> = {};
    for (const r of evaluation.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    summaries.push({
      ruleId: rule.id,
      counts,
      ms: Math.round(evaluation.ms),
      ...(evaluation.message ? { error: evaluation.message } : {}),
    });
    if (evaluation.message) errors.push(evaluation.message);
    outcomes.push({ rule, results: evaluation.results, errored: evaluation.errored });
    options.onRule?.(i + 1, rules.length, rule.id);
  }
  const alerts = await clock('alertsMs', () => reconcileAlerts(store, outcomes, now));
  const assets = await clock('summaryMs', () => writeAssetSummary(store, catalog, now));
  return {
    rules: summaries,
    errors,
    alerts,
    complianceRowsWritten,
    assets,
    ms: Math.round(performance.now() - started),
    phases,
  };
}
