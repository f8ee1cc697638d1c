// One detection run: evaluate every rule (a failing rule yields error rows, never a failed run),
// write gold.compliance per rule, move alerts through their lifecycle, rebuild asset summaries.
// Results stay in the store: rules run into a temporary stage and every write is set-based SQL.
import { Catalog } from '../../db/catalog/catalog.ts';
import type { PreparedStagedSnapshot } from '../../db/history/apply-staged.ts';
import { EOL_TABLES, GOLD_TABLES } from '../../db/catalog/tables/gold.ts';
import type { DedicatedSession, SqlSession, Store } from '../../db/store/types.ts';
import { reconcileAlerts, stageAlarms, type ReconcileSummary } from './alerts/lifecycle.ts';
import { writeAssetSummary } from './asset-summary.ts';
import { complianceRowsWritten, prepareCompliance } from './compliance.ts';
import type { ParamOverrides } from './render.ts';
import {
  createStage,
  dropStage,
  finishStage,
  RuleAbortedRun,
  stageRule,
  type FinishedStage,
  type StagedRule,
} from './stage.ts';
import type { ControlStatus, Rule, RuleProblem } from './types.ts';

export interface DetectOptions {
  /** Reference time of the run (`{{now}}` in rules, alert times); defaults to the clock. */
  now?: Date;
  params?: ParamOverrides;
  /** Problems found while loading rules; reported with the run's result. */
  problems?: readonly RuleProblem[];
  onRule?: (done: number, total: number, ruleId: string) => void;
  /** Called when the rules have run ('staged') and when gold's writes are planned ('planned'). */
  onPhase?: (phase: 'staged' | 'planned') => void | Promise<void>;
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
  // Two rules with one id: the later one wins, as it would overwrite the earlier one's results.
  const unique = [...new Map(rules.map((r) => [r.id, r])).values()];
  const result = await store.connection((session) =>
    detectOnConnection(session, catalog, unique, now, options),
  );
  return { ...result, ms: Math.round(performance.now() - started) };
}

type Phases = DetectResult['phases'];

/**
 * Three transactions on one connection: the rules run into a stage; the compliance snapshot is
 * planned against the stored results; then all of gold is written at once, or not at all. Each
 * reads what the one before committed to the connection's temporary tables, which DuckDB scans
 * in parallel (a transaction's own rows it scans with one thread).
 */
async function detectOnConnection(
  session: DedicatedSession,
  catalog: Catalog,
  rules: readonly Rule[],
  now: Date,
  options: DetectOptions,
): Promise<Omit<DetectResult, 'ms'>> {
  const phases: Phases = { rulesMs: 0, complianceMs: 0, alertsMs: 0, summaryMs: 0 };
  const clock = async <T>(phase: keyof Phases, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      phases[phase] += Math.round(performance.now() - t0);
    }
  };
  const { staged, counts } = await clock('rulesMs', () => stageAllRules(session, rules, now, options));
  const summaries: RuleRunSummary[] = staged.map((s) => ({
    ruleId: s.rule.id,
    counts: counts.get(s.rule.id) ?? {},
    ms: Math.round(s.ms),
    ...(s.message ? { error: s.message } : {}),
  }));
  const errors = (options.problems ?? []).map((p) => `${p.file}:${p.line}: ${p.message}`);
  for (const s of staged) if (s.message) errors.push(s.message);
  // Planned outside the writing transaction: the writes then read committed rows.
  const plan = async (tx: SqlSession): Promise<PreparedStagedSnapshot> => {
    const compliance = await clock('complianceMs', () => prepareCompliance(tx, catalog, staged, now));
    await clock('alertsMs', () => stageAlarms(tx));
    return compliance;
  };
  await options.onPhase?.('staged');
  let compliance = await session.transaction(plan);
  await options.onPhase?.('planned');
  return session.transaction(async (tx) => {
    // Another run wrote gold since the plan was made: plan again, inside this transaction.
    if (!(await compliance.isCurrent())) {
      await compliance.discard();
      compliance = await plan(tx);
    }
    const written = await clock('complianceMs', async () => complianceRowsWritten(await compliance.write()));
    const alerts = await clock('alertsMs', () => reconcileAlerts(tx, now));
    const assets = await clock('summaryMs', () => writeAssetSummary(tx, catalog, now));
    await dropStage(tx);
    return { rules: summaries, errors, alerts, complianceRowsWritten: written, assets, phases };
  });
}

/** Runs every rule into the stage and checks the contract, in one committed transaction. */
async function stageAllRules(
  session: DedicatedSession,
  rules: readonly Rule[],
  now: Date,
  options: DetectOptions,
): Promise<FinishedStage> {
  const aborted = new Map<string, string>();
  for (;;) {
    try {
      return await session.transaction(async (tx) => {
        await createStage(tx);
        const staged: StagedRule[] = [];
        for (const [i, rule] of rules.entries()) {
          staged.push(await stageRule(tx, rule, now, options.params ?? {}, aborted.get(rule.id)));
          options.onRule?.(i + 1, rules.length, rule.id);
        }
        return finishStage(tx, staged);
      });
    } catch (error) {
      // Rare: a rule failed while running on an engine without savepoints; rerun without it.
      if (!(error instanceof RuleAbortedRun) || aborted.has(error.ruleId)) throw error;
      aborted.set(error.ruleId, error.ruleMessage);
    }
  }
}
