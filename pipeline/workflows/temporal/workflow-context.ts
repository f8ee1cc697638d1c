// WorkflowContext implemented over @temporalio/workflow. Runs inside Temporal's deterministic
// sandbox (bundled by webpack): no Node imports here or in anything this file imports.
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  executeChild,
  isCancellation,
  proxyActivities,
  sleep,
  TimeoutFailure,
  workflowInfo,
} from '@temporalio/workflow';
import { ActivityFailedError, ChildWorkflowFailedError } from '../errors.ts';
import type { ActivityRef, ProgressUpdate, SerializedError, WorkflowContext, WorkflowDef } from '../types.ts';

type ActivityStub = Record<string, (input: unknown) => Promise<unknown>>;

/** Temporal's failure chain → the SerializedError our workflows see locally. */
export function failureToSerialized(error: unknown): SerializedError {
  if (error instanceof ApplicationFailure) {
    const out: SerializedError = { name: error.type ?? 'Error', message: error.message };
    if (error.nonRetryable) out.nonRetryable = true;
    if (error.cause) out.cause = failureToSerialized(error.cause);
    return out;
  }
  if (error instanceof TimeoutFailure) {
    const kind = error.timeoutType === 'HEARTBEAT' ? 'Heartbeat' : 'StartToClose';
    return { name: `${kind}TimeoutError`, message: error.message };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function temporalContext(
  workflowName: string,
  onProgress: (update: ProgressUpdate) => void,
): WorkflowContext {
  return {
    get runId() {
      return workflowInfo().workflowId;
    },
    workflowName,
    async activity<I, O>(ref: ActivityRef<I, O>, input: I): Promise<O> {
      const o = ref.options;
      const stub = proxyActivities<ActivityStub>({
        taskQueue: o.taskQueue,
        startToCloseTimeout: o.startToCloseTimeoutMs,
        heartbeatTimeout: o.heartbeatTimeoutMs ? o.heartbeatTimeoutMs : undefined,
        retry: {
          maximumAttempts: o.retry.maximumAttempts,
          initialInterval: o.retry.initialIntervalMs,
          backoffCoefficient: o.retry.backoffCoefficient,
          maximumInterval: o.retry.maximumIntervalMs,
          nonRetryableErrorTypes: [...o.nonRetryableErrorTypes],
        },
      });
      try {
        return (await stub[ref.name]!(input)) as O;
      } catch (error) {
        if (isCancellation(error)) throw error;
        if (error instanceof ActivityFailure)
          throw new ActivityFailedError(ref.name, failureToSerialized(error.cause));
        throw error;
      }
    },
    async child<I, O>(def: WorkflowDef<I, O>, input: I): Promise<O> {
      try {
        return (await executeChild(def.name, { args: [input] })) as O;
      } catch (error) {
        if (isCancellation(error)) throw error;
        if (error instanceof ChildWorkflowFailure) {
          throw new ChildWorkflowFailedError(
            def.name,
            error.execution.workflowId ?? '?',
            failureToSerialized(error.cause),
          );
        }
        throw error;
      }
    },
    sleep: (ms: number) => sleep(ms),
    // Date.now() is deterministic inside the sandbox: it returns the workflow task's time.
    now: () => Date.now(),
    progress: onProgress,
  };
}
