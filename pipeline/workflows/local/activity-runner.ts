// Runs one activity step to its outcome: attempts under the queue's concurrency limit, start-to-close
// and heartbeat timeouts, retries with backoff and jitter, cancellation through AbortSignal.
import { ActivityTimeoutError, CancelledError, isNonRetryable, serializeError } from '../errors.ts';
import { backoffDelayMs } from '../retry.ts';
import type { ActivityContext, AnyActivityDef, ProgressUpdate, SerializedError } from '../types.ts';
import type { Semaphore } from './semaphore.ts';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; cancelled: boolean };

export interface AttemptHooks {
  onAttemptStart(attempt: number, startedAt: number): void;
  onAttemptFailed(
    attempt: number,
    failures: number,
    error: SerializedError,
    startedAt: number,
    retryInMs: number | null,
  ): void;
  onHeartbeat(details: unknown): void;
  onProgress(update: ProgressUpdate): void;
}

export interface ExecuteActivityArgs {
  def: AnyActivityDef;
  input: unknown;
  runId: string;
  runSignal: AbortSignal;
  semaphore: Semaphore;
  /** Executions already started (a resumed step continues the count). */
  previousAttempts: number;
  /** Failed attempts so far; only failures consume the retry budget, a crash does not. */
  previousFailures: number;
  heartbeatDetails: unknown;
  hooks: AttemptHooks;
  now: () => number;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function attemptOnce(
  args: ExecuteActivityArgs,
  attempt: number,
  details: { value: unknown },
): Promise<unknown> {
  const { def, hooks } = args;
  const { startToCloseTimeoutMs: stcMs, heartbeatTimeoutMs: hbMs = 0 } = def.options;
  const controller = new AbortController();
  const onRunAbort = (): void => controller.abort(args.runSignal.reason);
  args.runSignal.addEventListener('abort', onRunAbort, { once: true });
  let hbTimer: NodeJS.Timeout | undefined;
  const armHeartbeat = (): void => {
    if (hbMs <= 0) return;
    clearTimeout(hbTimer);
    hbTimer = setTimeout(() => controller.abort(new ActivityTimeoutError('Heartbeat', hbMs)), hbMs);
  };
  const stcTimer = setTimeout(() => controller.abort(new ActivityTimeoutError('StartToClose', stcMs)), stcMs);
  armHeartbeat();
  const ctx: ActivityContext = {
    runId: args.runId,
    activityName: def.name,
    attempt,
    signal: controller.signal,
    heartbeatDetails: details.value,
    heartbeat(d?: unknown) {
      if (controller.signal.aborted) return;
      armHeartbeat();
      if (d !== undefined) {
        details.value = d;
        hooks.onHeartbeat(d);
      }
    },
    progress(update: ProgressUpdate) {
      // Reporting progress proves liveness as well as a heartbeat does.
      if (controller.signal.aborted) return;
      armHeartbeat();
      hooks.onProgress(update);
    },
  };
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<unknown>((resolve, reject) => {
      // The activity may ignore its signal; the step still ends when the signal aborts.
      onAbort = () => reject(controller.signal.reason as Error);
      controller.signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => def.fn(input(args), ctx))
        .then(resolve, (error: unknown) =>
          reject(controller.signal.aborted ? controller.signal.reason : error),
        );
    });
  } finally {
    clearTimeout(stcTimer);
    clearTimeout(hbTimer);
    if (onAbort) controller.signal.removeEventListener('abort', onAbort);
    args.runSignal.removeEventListener('abort', onRunAbort);
  }
}

// `never` is the registry's top-type input; the journal guarantees the input matches the activity.
const input = (args: ExecuteActivityArgs): never => args.input as never;

export async function executeActivity(args: ExecuteActivityArgs): Promise<Outcome> {
  const { def, hooks } = args;
  const policy = def.options.retry;
  let attempt = args.previousAttempts;
  let failures = args.previousFailures;
  const details = { value: args.heartbeatDetails };
  for (;;) {
    let release: (() => void) | undefined;
    let startedAt = args.now();
    try {
      release = await args.semaphore.acquire(args.runSignal);
      attempt++;
      startedAt = args.now();
      hooks.onAttemptStart(attempt, startedAt);
      const value = await attemptOnce(args, attempt, details);
      return { ok: true, value };
    } catch (error) {
      if (args.runSignal.aborted) return { ok: false, error: new CancelledError(), cancelled: true };
      failures++;
      const final =
        isNonRetryable(error, def.options.nonRetryableErrorTypes) || failures >= policy.maximumAttempts;
      const retryInMs = final ? null : backoffDelayMs(policy, failures);
      hooks.onAttemptFailed(attempt, failures, serializeError(error), startedAt, retryInMs);
      if (retryInMs === null) return { ok: false, error, cancelled: false };
      release?.();
      release = undefined;
      try {
        await abortableDelay(retryInMs, args.runSignal);
      } catch {
        return { ok: false, error: new CancelledError(), cancelled: true };
      }
    } finally {
      release?.();
    }
  }
}
