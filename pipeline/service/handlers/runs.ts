// Runs: launch pipelineRun on the local engine, and read/steer the durable journal.
import { HotpotError } from '../../../db/errors.ts';
import type { SerializedError } from '../../workflows/types.ts';
import type { RunDetail, RunSummary } from '../../workflows/local/run-journal.ts';
import {
  inventoryWorkflows,
  pipelineRunWorkflow,
  type PipelineRunInput,
  type Provider,
  type Stage,
} from '../../workflows/pipeline-run.ts';
import type { HandlerContext, Handlers } from './context.ts';

const STAGE_ACTIVITY: Partial<Record<Stage, string>> = {
  normalize: 'normalize.silver',
  detect: 'detect.gold',
  publish: 'publish.central',
};

function stripStack(error: SerializedError | null): SerializedError | null {
  if (!error) return null;
  const { stack: _stack, cause, ...rest } = error;
  return cause ? { ...rest, cause: stripStack(cause) as SerializedError } : rest;
}

export function publicRun<T extends RunSummary>(run: T): T {
  return { ...run, error: stripStack(run.error) };
}

function publicDetail(run: RunDetail): RunDetail {
  return {
    ...publicRun(run),
    children: run.children.map(publicRun),
    steps: run.steps.map((s) => ({
      ...s,
      error: stripStack(s.error),
      attemptErrors: s.attemptErrors.map((a) => ({ ...a, error: stripStack(a.error) as SerializedError })),
    })),
  };
}

/** Builds the run input the CLI would: known providers only, stages this build implements. */
export function planRun(
  ctx: HandlerContext,
  sourceIds: readonly string[],
  stages: readonly Stage[],
): PipelineRunInput {
  const all = ctx.runtime.workspace.sources.list();
  const chosen =
    sourceIds.length === 0 ? all : sourceIds.map((id) => ctx.runtime.workspace.sources.require(id));
  const sources = chosen
    .filter((s) => inventoryWorkflows[s.provider as Provider] !== undefined)
    .map((s) => ({ provider: s.provider as Provider, sourceId: s.id }));
  const available = stages.filter((s) => {
    const activity = STAGE_ACTIVITY[s];
    return !activity || ctx.runtime.activityNames.has(activity);
  });
  if (available.length === 0)
    throw new HotpotError(
      `None of the stages ${stages.join(', ')} is available in this version.`,
      'STAGE_UNAVAILABLE',
    );
  if (available.includes('ingest') && sources.length === 0)
    throw new HotpotError('No sources to ingest: add one on the Sources page first.', 'NO_SOURCES');
  return { sources, stages: available };
}

async function launch(ctx: HandlerContext, input: PipelineRunInput): Promise<{ runId: string }> {
  const handle = await ctx.runtime.engine.start(pipelineRunWorkflow, input);
  // The outcome arrives through the event stream; keep a rejection from going unhandled.
  handle.outcome().catch(() => undefined);
  return { runId: handle.runId };
}

export const runHandlers: Pick<
  Handlers,
  'runs.launch' | 'runs.list' | 'runs.show' | 'runs.cancel' | 'runs.retry' | 'runs.resume'
> = {
  'runs.launch': async (ctx, input) => launch(ctx, planRun(ctx, input.sources, input.stages)),
  'runs.list': async (ctx, input) =>
    ctx.runtime.engine
      .list({ limit: input.limit, ...(input.status ? { status: input.status } : {}) })
      .map(publicRun),
  'runs.show': async (ctx, input) => {
    const run = ctx.runtime.engine.show(input.runId);
    if (!run) throw new HotpotError(`No run ${input.runId} in the journal.`, 'UNKNOWN_RUN');
    return publicDetail(run);
  },
  'runs.cancel': async (ctx, input) => ctx.runtime.engine.cancel(input.runId),
  'runs.retry': async (ctx, input) => {
    const run = ctx.runtime.engine.show(input.runId);
    if (!run) throw new HotpotError(`No run ${input.runId} in the journal.`, 'UNKNOWN_RUN');
    if (run.workflow !== pipelineRunWorkflow.name)
      throw new HotpotError(
        `Run ${input.runId} is not a pipeline run and cannot be retried here.`,
        'NOT_RETRYABLE',
      );
    if (run.status === 'running')
      throw new HotpotError(`Run ${input.runId} is still running; cancel it first.`, 'RUN_ACTIVE');
    // A retry is a new run with the same input: the old run's journal stays as history.
    return launch(ctx, run.input as PipelineRunInput);
  },
  'runs.resume': async (ctx) => {
    const report = await ctx.runtime.engine.resume();
    for (const h of report.resumed) h.outcome().catch(() => undefined);
    return { resumed: report.resumed.map((h) => h.runId), skipped: report.skipped };
  },
};
