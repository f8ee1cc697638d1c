// A normalize-only workflow (bundle-safe: it imports declarations only), for re-deriving silver
// without ingesting, e.g. after changing the stale threshold. `hotpot run --stage normalize` uses
// the pipeline run, which calls the same activity.
import { defineWorkflow } from '../workflows/define.ts';
import { normalizeActivity, type StageInput, type StageResult } from '../workflows/pipeline-run.ts';

export const normalizeWorkflow = defineWorkflow(
  'normalizeSilver',
  async (ctx, input: StageInput): Promise<StageResult> => ctx.activity(normalizeActivity, input),
);
