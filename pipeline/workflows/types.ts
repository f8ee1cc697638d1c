// Public types of the workflow programming model. This file (like define.ts, errors.ts and
// retry.ts) must stay free of Node imports: it is bundled into Temporal's workflow sandbox.

/** Retry policy of an activity. Attempts count failures; a process crash does not consume one. */
export interface RetryPolicy {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Fraction of the delay randomised either way (0.2 → ±20%). Temporal ignores it. */
  jitter: number;
}

export interface ActivityOptions {
  /** Temporal task queue; locally it selects the concurrency limit. */
  taskQueue: string;
  startToCloseTimeoutMs: number;
  /** 0 or undefined: no heartbeat timeout. */
  heartbeatTimeoutMs?: number;
  retry: RetryPolicy;
  /** Error `name`s that fail the activity at once (added to errors flagged `nonRetryable`). */
  nonRetryableErrorTypes: readonly string[];
}

export type ActivityOptionsInput = Partial<Omit<ActivityOptions, 'retry'>> & {
  taskQueue: string;
  retry?: Partial<RetryPolicy>;
};

/** A progress report; `total` unknown while a listing is still paging. */
export interface ProgressUpdate {
  done: number;
  total?: number;
  unit?: string;
  message?: string;
}

export interface ActivityContext {
  readonly runId: string;
  readonly activityName: string;
  /** 1-based number of this execution. */
  readonly attempt: number;
  /** Aborted on cancellation of the run and on start-to-close or heartbeat timeout. */
  readonly signal: AbortSignal;
  /** Details of the last heartbeat of a previous attempt, to resume work (e.g. a page cursor). */
  readonly heartbeatDetails: unknown;
  heartbeat(details?: unknown): void;
  progress(update: ProgressUpdate): void;
}

export type ActivityFn<I, O> = (input: I, ctx: ActivityContext) => Promise<O>;

/** What workflow code needs to call an activity: its name, options and types, no implementation. */
export interface ActivityRef<I, O> {
  readonly kind: 'activity';
  readonly name: string;
  readonly options: ActivityOptions;
  /** Phantom field carrying the types (contravariant input, covariant output); never set. */
  readonly __types?: (input: I) => O;
}

export interface ActivityDef<I, O> extends ActivityRef<I, O> {
  readonly fn: ActivityFn<I, O>;
}

export interface WorkflowContext {
  readonly runId: string;
  readonly workflowName: string;
  activity<I, O>(ref: ActivityRef<I, O>, input: I): Promise<O>;
  child<I, O>(def: WorkflowDef<I, O>, input: I): Promise<O>;
  sleep(ms: number): Promise<void>;
  /** Deterministic clock: journaled locally, workflow-task time on Temporal. */
  now(): number;
  progress(update: ProgressUpdate): void;
}

export type WorkflowFn<I, O> = (ctx: WorkflowContext, input: I) => Promise<O>;

export interface WorkflowDef<I, O> {
  readonly kind: 'workflow';
  readonly name: string;
  readonly fn: WorkflowFn<I, O>;
}

/** JSON-safe description of an error, as journaled and shown by `hotpot runs show`. */
export interface SerializedError {
  name: string;
  message: string;
  nonRetryable?: boolean;
  stack?: string;
  cause?: SerializedError;
}

/** Top types for registries: every ActivityRef<I, O> is assignable to AnyActivityRef. */
export type AnyActivityRef = ActivityRef<never, unknown>;
export type AnyActivityDef = ActivityDef<never, unknown>;
export type AnyWorkflowDef = WorkflowDef<never, unknown>;
