import { ApplicationFailure, asyncLocalStorage, Context, type Info } from '@temporalio/activity';
import { noopMetricMeter, type Logger } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { defineActivity } from '../define.ts';
import { NonRetryableError } from '../errors.ts';
import { toTemporalActivities } from './activities.ts';

const silent: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function inTemporalContext<T>(
  fn: () => Promise<T>,
  beats: unknown[],
  signal = new AbortController().signal,
): Promise<T> {
  const info = {
    attempt: 2,
    activityId: '7',
    heartbeatDetails: { page: 4 },
    workflowExecution: { workflowId: 'wf-1', runId: 'r' },
  } as unknown as Info;
  const ctx = new Context(
    info,
    new Promise<never>(() => undefined),
    signal,
    (d) => beats.push(d),
    undefined,
    silent,
    noopMetricMeter,
    {},
  );
  return asyncLocalStorage.run(ctx, fn);
}

describe('Temporal activity adapter', () => {
  it("maps Temporal's activity context onto ours", async () => {
    const seen: unknown[] = [];
    const act = defineActivity('t.ctx', { taskQueue: 'hotpot-detect' }, async (n: number, actx) => {
      seen.push(actx.runId, actx.attempt, actx.heartbeatDetails, actx.signal.aborted);
      actx.heartbeat({ page: 5 });
      return n * 2;
    });
    const beats: unknown[] = [];
    const fn = toTemporalActivities([act])['t.ctx']!;
    expect(await inTemporalContext(() => fn(21), beats)).toBe(42);
    expect(seen).toEqual(['wf-1', 2, { page: 4 }, false]);
    expect(beats).toEqual([{ page: 5 }]);
  });

  it('turns non-retryable errors into non-retryable ApplicationFailures and passes others through', async () => {
    const fatal = defineActivity('t.fatal', { taskQueue: 'q' }, async () => {
      throw new NonRetryableError('credential gcp-sa rejected');
    });
    const transient = defineActivity('t.transient', { taskQueue: 'q' }, async () => {
      throw new RangeError('socket hang up');
    });
    const fns = toTemporalActivities([fatal, transient]);
    const e1 = await inTemporalContext(() => fns['t.fatal']!(null), []).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ApplicationFailure);
    expect((e1 as ApplicationFailure).nonRetryable).toBe(true);
    expect((e1 as ApplicationFailure).type).toBe('NonRetryableError');
    const e2 = await inTemporalContext(() => fns['t.transient']!(null), []).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(RangeError);
  });
});
