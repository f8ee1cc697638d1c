// The production pipeline run: ingest every selected source in parallel, then normalize, detect
// and (optionally) publish. Bundle-safe. Each provider's inventory workflow runs inline, in this
// run's own context (a workflow is a function over a context), so every listing is journaled and
// retried on its own without child-workflow plumbing. Stage activities without an implementation
// fail at run time with ActivityNotRegisteredError naming the activity and its task queue.
import { gcpInventoryWorkflow } from '../sources/gcp/workflows.ts';
import { s1ToInventorySummary } from '../sources/s1/inventory-summary.ts';
import { s1InventoryWorkflow } from '../sources/s1/workflows.ts';
import type { InventorySummary } from '../sources/common/summary.ts';
import { fortinetToInventorySummary } from '../sources/fortinet/inventory-summary.ts';
import { fortinetInventoryWorkflow } from '../sources/fortinet/workflows.ts';
import { vngToInventorySummary } from '../sources/vng/inventory-summary.ts';
import { vngInventoryWorkflow } from '../sources/vng/workflows.ts';
import { declareActivity, defineWorkflow } from './define.ts';
import { TASK_QUEUES } from './queues.ts';
import type { ActivityOptionsInput, WorkflowContext } from './types.ts';

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
  summary?: InventorySummary;
}

export interface PipelineRunResult {
  ingest: IngestOutcome[];
  normalize: StageResult | null;
  detect: StageResult | null;
  publish: StageResult | null;
}

type Inventory = (ctx: WorkflowContext, input: { sourceId: string }) => Promise<InventorySummary>;

/** Inventory per provider, run inline; providers not listed here are reported as unavailable. */
export const inventoryWorkflows: Partial<Record<Provider, Inventory>> = {
  gcp: (ctx, input) => gcpInventoryWorkflow.fn(ctx, input),
  vng: async (ctx, input) => vngToInventorySummary(await vngInventoryWorkflow.fn(ctx, input)),
  s1: async (ctx, input) => s1ToInventorySummary(await s1InventoryWorkflow.fn(ctx, input)),
  fortinet: async (ctx, input) => fortinetToInventorySummary(await fortinetInventoryWorkflow.fn(ctx, input)),
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

export const stageActivityRefs = [normalizeActivity, detectActivity, publishActivity];

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
        input.sources.map((s) => {
          const inventory = inventoryWorkflows[s.provider];
          if (!inventory)
            return Promise.reject(new Error(`the ${s.provider} source is not available in this version`));
          return inventory(ctx, { sourceId: s.sourceId });
        }),
      );
      result.ingest = settled.map((r, i): IngestOutcome => {
        const { sourceId, provider } = input.sources[i]!;
        return r.status === 'fulfilled'
          ? {
              sourceId,
              provider,
              ok: true,
              rowsWritten: r.value.rowsWritten,
              complete: r.value.complete,
              summary: r.value,
            }
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
