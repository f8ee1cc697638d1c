// Errors shared by the local engine and the Temporal adapter. Bundle-safe (no Node imports).
import type { SerializedError } from './types.ts';

/** Throw from an activity to fail it without retrying (bad input, rejected credentials…). */
export class NonRetryableError extends Error {
  readonly nonRetryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

export class CancelledError extends Error {
  constructor(message = 'the run was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export type TimeoutKind = 'StartToClose' | 'Heartbeat';

export class ActivityTimeoutError extends Error {
  readonly timeoutKind: TimeoutKind;
  constructor(kind: TimeoutKind, ms: number) {
    super(`${kind === 'StartToClose' ? 'start-to-close' : 'heartbeat'} timeout of ${ms} ms exceeded`);
    this.name = `${kind}TimeoutError`;
    this.timeoutKind = kind;
  }
}

/** What `ctx.activity` rejects with; `failure` is the activity's own last error. */
export class ActivityFailedError extends Error {
  readonly activityName: string;
  readonly failure: SerializedError;
  constructor(activityName: string, failure: SerializedError) {
    super(`activity ${activityName} failed: ${failure.name}: ${failure.message}`);
    this.name = 'ActivityFailedError';
    this.activityName = activityName;
    this.failure = failure;
  }
}

/** What `ctx.child` rejects with when the child run fails. */
export class ChildWorkflowFailedError extends Error {
  readonly workflowName: string;
  readonly childRunId: string;
  readonly failure: SerializedError;
  constructor(workflowName: string, childRunId: string, failure: SerializedError) {
    super(`child workflow ${workflowName} (${childRunId}) failed: ${failure.name}: ${failure.message}`);
    this.name = 'ChildWorkflowFailedError';
    this.workflowName = workflowName;
    this.childRunId = childRunId;
    this.failure = failure;
  }
}

/** The workflow code asked for a different step than the journal recorded at that position. */
export class NonDeterminismError extends Error {
  readonly nonRetryable = true;
  constructor(message: string) {
    super(message);
    this.name = 'NonDeterminismError';
  }
}

export class ActivityNotRegisteredError extends Error {
  readonly nonRetryable = true;
  constructor(name: string, taskQueue: string) {
    super(
      `activity "${name}" (task queue ${taskQueue}) has no implementation in this process; ` +
        `add its definition to pipeline/workflows/activity-registry.ts (stage activities come from the ` +
        `source, normalize, detect and publish modules)`,
    );
    this.name = 'ActivityNotRegisteredError';
  }
}

export class WorkflowNotRegisteredError extends Error {
  readonly nonRetryable = true;
  constructor(name: string) {
    super(`workflow "${name}" is not registered; add it to pipeline/workflows/registry.ts`);
    this.name = 'WorkflowNotRegisteredError';
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message };
    if ((error as { nonRetryable?: unknown }).nonRetryable === true) out.nonRetryable = true;
    if (error.stack) out.stack = error.stack;
    if (error instanceof ActivityFailedError || error instanceof ChildWorkflowFailedError) {
      out.cause = error.failure;
    } else if (error.cause !== undefined) {
      out.cause = serializeError(error.cause);
    }
    return out;
  }
  return { name: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) };
}

/** Rebuilds an Error from its journaled form so replays throw what the live run threw. */
export function deserializeError(s: SerializedError): Error {
  let error: Error;
  if (s.name === 'ActivityFailedError' && s.cause) {
    error = new ActivityFailedError(s.message.replace(/^activity (\S+) failed: [\s\S]*$/, '$1'), s.cause);
  } else if (s.name === 'ChildWorkflowFailedError' && s.cause) {
    const m = /^child workflow (\S+) \((\S+)\) failed/.exec(s.message);
    error = new ChildWorkflowFailedError(m?.[1] ?? '?', m?.[2] ?? '?', s.cause);
  } else if (s.name === 'CancelledError') {
    error = new CancelledError(s.message);
  } else {
    error = new Error(s.message);
    error.name = s.name;
    if (s.nonRetryable) Object.assign(error, { nonRetryable: true });
  }
  error.message = s.message;
  if (s.stack) error.stack = s.stack;
  return error;
}

export function isNonRetryable(error: unknown, nonRetryableTypes: readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { nonRetryable?: unknown }).nonRetryable === true) return true;
  return nonRetryableTypes.includes(error.name);
}

/** The activity's own error, whether an engine wrapped it (ActivityFailedError) or not. */
export function failureOf(error: unknown): SerializedError {
  const e = error as { name?: string; message?: string; failure?: SerializedError };
  return e.failure ?? { name: e.name ?? 'Error', message: e.message ?? String(error) };
}
