// The production pipeline run: ingest every selected source in parallel, then normalize, detect
// and (optionally) publish. Bundle-safe: it only declares the stage activities. Their
// implementations come with later issues (sources, normalize, detect, publish) and are registered
// in activity-registry.ts; until then a run fails at that step with ActivityNotRegisteredError.
import { declareActivity, defineWorkflow } from './define.ts';
import { TASK_QUEUES } from './queues.ts';
import type { ActivityOptionsInput, ActivityRef } from './types.ts';

export type Provider = 'gcp' | 'vng' | 's1' | 'fortinet';
export type Stage = 'ingest' | 'normalize' | 'detect' | 'publish';

export interface SourceRef {
  provider: Provider;
  sourceId: string;
}

export interface PipelineRunInput {
  sources: SourceRef[];
  stages: Stage[];
}

export interface StageInput {
  /** The pipeline run, for provenance columns and idempotent re-runs of a stage. */
  pipelineRunId: string;
  sourceIds: string[];
}

export interface StageResult {
  rowsWritten: number;
  /** A listing cut short (complete=false) must not delete anything downstream (DESIGN §4). */
  complete: boolean;
  tables?: Record<string, number>;
}

export interface IngestOutcome {
  sourceId: string;
  provider: Provider;
  ok: boolean;
  rowsWritten: number;
  complete: boolean;
  error?: string;
}

export interface PipelineRunResult {
  ingest: IngestOutcome[];
  normalize: StageResult | null;
  detect: StageResult | null;
  publish: StageResult | null;
}

// Listings page through large inventories: long start-to-close, heartbeats per page, auth errors final.
const ingestOptions = (taskQueue: string): ActivityOptionsInput => ({
  taskQueue,
  startToCloseTimeoutMs: 2 * 60 * 60_000,
  heartbeatTimeoutMs: 5 * 60_000,
  retry: { maximumAttempts: 3, initialIntervalMs: 10_000, maximumIntervalMs: 5 * 60_000 },
  nonRetryableErrorTypes: ['AuthError', 'ConfigError'],
});

export const ingestActivities: Record<Provider, ActivityRef<StageInput, StageResult>> = {
  gcp: declareActivity('ingest.gcp', ingestOptions(TASK_QUEUES.ingestGcp)),
  vng: declareActivity('ingest.vng', ingestOptions(TASK_QUEUES.ingestVng)),
  s1: declareActivity('ingest.s1', ingestOptions(TASK_QUEUES.ingestS1)),
  fortinet: declareActivity('ingest.fortinet', ingestOptions(TASK_QUEUES.ingestFortinet)),
};

const stageOptions = (taskQueue: string): ActivityOptionsInput => ({
  taskQueue,
  startToCloseTimeoutMs: 60 * 60_000,
  heartbeatTimeoutMs: 5 * 60_000,
  retry: { maximumAttempts: 3, initialIntervalMs: 5_000 },
});

export const normalizeActivity = declareActivity<StageInput, StageResult>(
  'normalize.silver',
  stageOptions(TASK_QUEUES.normalize),
);
export const detectActivity = declareActivity<StageInput, StageResult>(
  'detect.gold',
  stageOptions(TASK_QUEUES.detect),
);
export const publishActivity = declareActivity<StageInput, StageResult>('publish.central', {
  ...stageOptions(TASK_QUEUES.publish),
  nonRetryableErrorTypes: ['AuthError'],
});

export const stageActivityRefs = [
  ...Object.values(ingestActivities),
  normalizeActivity,
  detectActivity,
  publishActivity,
];

export const pipelineRunWorkflow = defineWorkflow(
  'pipelineRun',
  async (ctx, input: PipelineRunInput): Promise<PipelineRunResult> => {
    const stages = new Set(input.stages);
    const result: PipelineRunResult = { ingest: [], normalize: null, detect: null, publish: null };
    const total = stages.size;
    let done = 0;
    const advance = (message: string): void => ctx.progress({ done: ++done, total, unit: 'stages', message });
    let sourceIds = input.sources.map((s) => s.sourceId);

    if (stages.has('ingest') && input.sources.length > 0) {
      ctx.progress({ done, total, unit: 'stages', message: `ingesting ${input.sources.length} source(s)` });
      // One failed source must not stop the others or the later stages.
      const settled = await Promise.allSettled(
        input.sources.map((s) =>
          ctx.activity(ingestActivities[s.provider], { pipelineRunId: ctx.runId, sourceIds: [s.sourceId] }),
        ),
      );
      result.ingest = settled.map((r, i): IngestOutcome => {
        const { sourceId, provider } = input.sources[i]!;
        return r.status === 'fulfilled'
          ? { sourceId, provider, ok: true, rowsWritten: r.value.rowsWritten, complete: r.value.complete }
          : {
              sourceId,
              provider,
              ok: false,
              rowsWritten: 0,
              complete: false,
              error: (r.reason as Error).message,
            };
      });
      sourceIds = result.ingest.filter((o) => o.ok).map((o) => o.sourceId);
      if (sourceIds.length === 0) {
        throw new Error(
          `every source failed to ingest: ${result.ingest.map((o) => `${o.sourceId}: ${o.error}`).join('; ')}`,
        );
      }
      advance('ingest finished');
    }
    const stageInput: StageInput = { pipelineRunId: ctx.runId, sourceIds };
    if (stages.has('normalize')) {
      result.normalize = await ctx.activity(normalizeActivity, stageInput);
      advance('normalize finished');
    }
    if (stages.has('detect')) {
      result.detect = await ctx.activity(detectActivity, stageInput);
      advance('detect finished');
    }
    if (stages.has('publish')) {
      result.publish = await ctx.activity(publishActivity, stageInput);
      advance('publish finished');
    }
    return result;
  },
);
