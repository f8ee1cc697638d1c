// Public API of the workflow layer for Node callers (CLI, service, app). Workflow code itself must
// import only from define.ts, types.ts, errors.ts, queues.ts (bundle-safe) and activity refs.
export * from './types.ts';
export * from './errors.ts';
export { declareActivity, defineActivity, defineWorkflow, implementActivity, Registry } from './define.ts';
export { backoffDelayMs, DEFAULT_RETRY, resolveActivityOptions } from './retry.ts';
export { WorkflowEvents, type EventOf, type WorkflowEvent, type WorkflowEventType } from './events.ts';
export { WorkflowEngine, type EngineOptions, type ResumeReport, type RunHandle } from './local/engine.ts';
export type { RunOutcome } from './local/run-executor.ts';
export * from './local/run-journal.ts';
export type { FireResult, ScheduleInfo, ScheduleSpec } from './local/scheduler.ts';
export { createProgressRenderer, type ProgressRenderer, type RenderMode } from './progress-renderer.ts';
export { productionWorkflows, workflowRegistry } from './registry.ts';
export { activityRegistry, productionActivities, unimplementedActivities } from './activity-registry.ts';
export * from './queues.ts';
export * from './pipeline-run.ts';
export { connectTemporalClient, followTemporalRun, startTemporalRun } from './temporal/client.ts';
export {
  planWorker,
  runTemporalWorker,
  type TemporalWorkerOptions,
  type WorkerPlan,
} from './temporal/worker.ts';
