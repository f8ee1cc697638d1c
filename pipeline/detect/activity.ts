// The `detect.gold` stage activity (queue hotpot-detect): loads the rule packs and the
// workspace's user rules, makes sure end-of-life reference data is present, and runs detection.
import type { PipelineEnv } from '../env.ts';
import { implementActivity } from '../workflows/define.ts';
import { NonRetryableError } from '../workflows/errors.ts';
import { detectActivity } from '../workflows/pipeline-run.ts';
import type { AnyActivityDef } from '../workflows/types.ts';
import { tableExists } from './asset-summary.ts';
import { runDetection, withGoldTables } from './engine.ts';
import { ensureEolReference, fetchEolProducts, writeEolReference } from './eol/reference.ts';
import { formatProblem, loadRules } from './loader.ts';
import type { ParamOverrides } from './render.ts';

/** Workspace setting: rule parameter overrides, e.g. `{"stale_days": 14, "edr.agent_stale.stale_days": 3}`. */
export const DETECT_PARAMS_SETTING = 'detect.params';
/** Workspace setting: `true` lets detection refresh end-of-life data from endoflife.date. */
export const EOL_ONLINE_SETTING = 'detect.eol_online';

export function createDetectActivities(env: PipelineEnv): AnyActivityDef[] {
  const detect = implementActivity(detectActivity, async (_input, actx) => {
    const store = await env.store();
    if (
      !(await tableExists(store, 'gold', 'compliance')) ||
      !(await tableExists(store, 'bronze', 'eol_cycles'))
    )
      throw new NonRetryableError(
        `The store ${store.location} has no gold tables yet: run "hotpot migrate" (or "hotpot init") and retry.`,
      );
    const catalog = withGoldTables(env.catalog);
    const now = new Date();
    if (env.workspace.state.getSetting<boolean>(EOL_ONLINE_SETTING) === true) {
      const { products, failed } = await fetchEolProducts(undefined, { signal: actx.signal });
      if (Object.keys(products).length > 0) await writeEolReference(store, catalog, products, now);
      if (failed.length > 0) env.log(`detect: end-of-life data not refreshed for ${failed.join(', ')}`);
    }
    await ensureEolReference(store, catalog, now);
    const { rules, problems } = loadRules({ home: env.workspace.paths.home });
    for (const p of problems) env.log(`detect: ${formatProblem(p)}`);
    const params = env.workspace.state.getSetting<ParamOverrides>(DETECT_PARAMS_SETTING) ?? {};
    const result = await runDetection(store, catalog, rules, {
      now,
      params,
      problems,
      onRule: (done, total, ruleId) => actx.progress({ done, total, unit: 'rules', message: ruleId }),
      // The gold writes after the last rule take most of a large run: say so.
      onPhase: (phase) =>
        actx.progress({
          done: rules.length,
          total: rules.length,
          unit: 'rules',
          message: phase === 'staged' ? 'planning gold writes' : 'writing gold',
        }),
    });
    for (const e of result.errors) env.log(`detect: ${e}`);
    env.log(
      `detect: ${rules.length} rules in ${result.ms} ms; alerts opened ${result.alerts.opened}, ` +
        `reopened ${result.alerts.reopened}, resolved ${result.alerts.resolved}`,
    );
    return {
      rowsWritten: result.complianceRowsWritten,
      // Rule errors are error rows in gold.compliance, not a failed stage.
      complete: true,
      tables: {
        'gold.compliance': result.complianceRowsWritten,
        'gold.alerts': result.alerts.alarming,
        ...(result.assets === null ? {} : { 'gold.asset_summary': result.assets }),
      },
    };
  });
  return [detect];
}
