// The `normalize.silver` activity (queue hotpot-normalize): bronze → silver on the process's store.
// Node-only; the pipeline run declares the activity, this file implements it.
import type { PipelineEnv } from '../env.ts';
import { implementActivity } from '../workflows/define.ts';
import { normalizeActivity, type StageInput, type StageResult } from '../workflows/pipeline-run.ts';
import type { AnyActivityDef } from '../workflows/types.ts';
import { normalizeSilver } from './normalize.ts';

/** Workspace setting: days without a report after which an agent counts as stale. */
export const STALE_AFTER_DAYS_SETTING = 'normalize.staleAfterDays';

export function createNormalizeActivities(env: PipelineEnv): AnyActivityDef[] {
  const activity = implementActivity<StageInput, StageResult>(normalizeActivity, async (input, ctx) => {
    ctx.heartbeat({ stage: 'normalize', run: input.pipelineRunId });
    const store = await env.store();
    const stale = env.workspace.state.getSetting<number>(STALE_AFTER_DAYS_SETTING);
    const result = await normalizeSilver(store, env.catalog, {
      ...(typeof stale === 'number' && stale > 0 ? { staleAfterDays: stale } : {}),
    });
    if (!result.complete)
      env.log(
        `normalize: incomplete bronze listings, nothing deleted from silver: ${result.incomplete.join('; ')}`,
      );
    ctx.progress({ done: 1, total: 1, unit: 'stages', message: `${result.assets} assets` });
    return {
      rowsWritten: result.rowsWritten,
      complete: result.complete,
      tables: Object.fromEntries(Object.entries(result.tables).map(([t, r]) => [t, r.seen])),
    };
  });
  return [activity as AnyActivityDef];
}
