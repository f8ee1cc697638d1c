// Wraps our activity definitions as Temporal activities: Temporal's activity context becomes our
// ActivityContext, and non-retryable errors become non-retryable ApplicationFailures.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { isNonRetryable } from '../errors.ts';
import type { ActivityContext, AnyActivityDef } from '../types.ts';

export type TemporalActivityFn = (input: unknown) => Promise<unknown>;

export function toTemporalActivities(defs: Iterable<AnyActivityDef>): Record<string, TemporalActivityFn> {
  const out: Record<string, TemporalActivityFn> = {};
  for (const def of defs) {
    out[def.name] = async (input: unknown) => {
      const c = Context.current();
      const ctx: ActivityContext = {
        runId: c.info.workflowExecution?.workflowId ?? c.info.activityId,
        activityName: def.name,
        attempt: c.info.attempt,
        signal: c.cancellationSignal,
        heartbeatDetails: c.info.heartbeatDetails,
        heartbeat: (details?: unknown) => c.heartbeat(details),
        // Progress is also liveness; the last details stay those of the last real heartbeat.
        progress: (update) => {
          c.heartbeat(c.info.heartbeatDetails);
          c.log.info('progress', { ...update });
        },
      };
      try {
        return await def.fn(input as never, ctx);
      } catch (error) {
        if (error instanceof Error && !(error instanceof ApplicationFailure) && isNonRetryable(error, [])) {
          throw ApplicationFailure.create({
            type: error.name,
            message: error.message,
            nonRetryable: true,
            cause: error,
          });
        }
        throw error;
      }
    };
  }
  return out;
}
