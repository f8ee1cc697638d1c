// Retry policy defaults and backoff arithmetic, shared by the engine and the HTTP plumbing.
import type { ActivityOptions, ActivityOptionsInput, RetryPolicy } from './types.ts';

export const DEFAULT_RETRY: RetryPolicy = {
  maximumAttempts: 3,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 30_000,
  jitter: 0.2,
};

// Temporal requires a start-to-close (or schedule-to-close) timeout; 30 min bounds a stuck listing.
export const DEFAULT_START_TO_CLOSE_MS = 30 * 60_000;

export function resolveActivityOptions(input: ActivityOptionsInput): ActivityOptions {
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  if (retry.maximumAttempts < 1) throw new RangeError('retry.maximumAttempts must be at least 1');
  if (retry.jitter < 0 || retry.jitter > 1) throw new RangeError('retry.jitter must be within [0, 1]');
  return {
    taskQueue: input.taskQueue,
    startToCloseTimeoutMs: input.startToCloseTimeoutMs ?? DEFAULT_START_TO_CLOSE_MS,
    heartbeatTimeoutMs: input.heartbeatTimeoutMs ?? 0,
    retry,
    nonRetryableErrorTypes: input.nonRetryableErrorTypes ?? [],
  };
}

/**
 * Delay before retry number `failures` (1 after the first failure): exponential, capped, then
 * spread by ±jitter so that many clients failing together do not retry in lockstep.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    policy.maximumIntervalMs,
    policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, Math.max(0, failures - 1)),
  );
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
