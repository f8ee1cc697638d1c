// Real (short) timers: retries with backoff, non-retryable errors, timeouts, cancellation, children.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineActivity, defineWorkflow } from '../define.ts';
import { ActivityFailedError, ChildWorkflowFailedError, NonRetryableError } from '../errors.ts';
import type { EventOf } from '../events.ts';
import { tempEngines, waitFor, type TempEngines } from '../testing/temp-engine.ts';

let t: TempEngines;
beforeEach(() => {
  t = tempEngines();
});
afterEach(async () => {
  await t.cleanup();
});

const noJitter = { initialIntervalMs: 40, backoffCoefficient: 2, maximumIntervalMs: 1_000, jitter: 0 };

describe('retries', () => {
  it('retries a failing activity with exponential backoff and records every failed attempt', async () => {
    const attemptTimes: number[] = [];
    const flaky = defineActivity(
      't.flaky',
      { taskQueue: 'q', retry: { ...noJitter, maximumAttempts: 4 } },
      async (_: null, actx) => {
        attemptTimes.push(Date.now());
        if (actx.attempt < 3) throw new Error(`boom ${actx.attempt}`);
        return actx.attempt;
      },
    );
    const wf = defineWorkflow('t.retry', async (ctx) => ctx.activity(flaky, null));
    const engine = t.open({ activities: [flaky] });
    const retrying: Array<EventOf<'step.retrying'>> = [];
    engine.events.on('step.retrying', (e) => retrying.push(e));
    const handle = await engine.start(wf, null);
    expect(await handle.result()).toBe(3);
    const gaps = [attemptTimes[1]! - attemptTimes[0]!, attemptTimes[2]! - attemptTimes[1]!];
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78); // 40 ms, then 80 ms
    expect(retrying.map((e) => [e.attempt, e.nextAttemptInMs, e.error.message])).toEqual([
      [1, 40, 'boom 1'],
      [2, 80, 'boom 2'],
    ]);
    const step = engine.show(handle.runId)?.steps[0];
    expect(step?.attempts).toBe(3);
    expect(step?.attemptErrors.map((e) => e.error.message)).toEqual(['boom 1', 'boom 2']);
  });

  it('gives up after maximumAttempts with the last error', async () => {
    let calls = 0;
    const bad = defineActivity(
      't.bad',
      { taskQueue: 'q', retry: { ...noJitter, initialIntervalMs: 5, maximumAttempts: 3 } },
      async () => {
        calls++;
        throw new TypeError(`bad ${calls}`);
      },
    );
    const engine = t.open({ activities: [bad] });
    const handle = await engine.start(
      defineWorkflow('t.giveUp', async (ctx) => ctx.activity(bad, null)),
      null,
    );
    const error = (await handle.result().catch((e: unknown) => e)) as ActivityFailedError;
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ActivityFailedError);
    expect(error.failure).toMatchObject({ name: 'TypeError', message: 'bad 3' });
    expect(engine.show(handle.runId)?.status).toBe('failed');
  });

  it('does not retry errors listed in nonRetryableErrorTypes or flagged non-retryable', async () => {
    let listed = 0;
    let flagged = 0;
    class AuthError extends Error {
      override name = 'AuthError';
    }
    const byName = defineActivity(
      't.byName',
      { taskQueue: 'q', retry: noJitter, nonRetryableErrorTypes: ['AuthError'] },
      async () => {
        listed++;
        throw new AuthError('401 from gcp (credential gcp-sa)');
      },
    );
    const byFlag = defineActivity('t.byFlag', { taskQueue: 'q', retry: noJitter }, async () => {
      flagged++;
      throw new NonRetryableError('input is invalid');
    });
    const wf = defineWorkflow('t.nonRetryable', async (ctx) => {
      const results = await Promise.allSettled([ctx.activity(byName, null), ctx.activity(byFlag, null)]);
      return results.map((r) =>
        r.status === 'rejected' ? (r.reason as ActivityFailedError).failure.name : 'ok',
      );
    });
    const engine = t.open({ activities: [byName, byFlag] });
    expect(await (await engine.start(wf, null)).result()).toEqual(['AuthError', 'NonRetryableError']);
    expect([listed, flagged]).toEqual([1, 1]);
  });
});

describe('timeouts', () => {
  it('aborts an attempt at its start-to-close timeout and retries it', async () => {
    const signals: AbortSignal[] = [];
    const hang = defineActivity(
      't.hang',
      {
        taskQueue: 'q',
        startToCloseTimeoutMs: 60,
        retry: { ...noJitter, initialIntervalMs: 5, maximumAttempts: 2 },
      },
      async (_: null, actx) => {
        signals.push(actx.signal);
        await new Promise((r) => setTimeout(r, 2_000));
        return 'never';
      },
    );
    const engine = t.open({ activities: [hang] });
    const t0 = Date.now();
    const handle = await engine.start(
      defineWorkflow('t.stc', async (ctx) => ctx.activity(hang, null)),
      null,
    );
    const error = (await handle.result().catch((e: unknown) => e)) as ActivityFailedError;
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(error.failure.name).toBe('StartToCloseTimeoutError');
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it('times out an activity that stops heartbeating and hands its last details to the retry', async () => {
    const seenDetails: unknown[] = [];
    const worker = defineActivity(
      't.heartbeat',
      {
        taskQueue: 'q',
        heartbeatTimeoutMs: 80,
        retry: { ...noJitter, initialIntervalMs: 5, maximumAttempts: 2 },
      },
      async (_: null, actx) => {
        seenDetails.push(actx.heartbeatDetails);
        if (actx.attempt === 2) return 'done';
        for (let page = 1; page <= 3; page++) {
          await new Promise((r) => setTimeout(r, 30));
          actx.heartbeat({ page });
        }
        await new Promise((r) => setTimeout(r, 1_000)); // stuck: no more heartbeats
        return 'stuck';
      },
    );
    const engine = t.open({ activities: [worker] });
    const handle = await engine.start(
      defineWorkflow('t.hb', async (ctx) => ctx.activity(worker, null)),
      null,
    );
    expect(await handle.result()).toBe('done');
    expect(seenDetails).toEqual([undefined, { page: 3 }]);
    expect(engine.show(handle.runId)?.steps[0]?.attemptErrors[0]?.error.name).toBe('HeartbeatTimeoutError');
  });
});

describe('cancellation and children', () => {
  it('cancels a running activity through its AbortSignal and cancels child runs', async () => {
    let aborted: unknown;
    const wait = defineActivity('t.wait', { taskQueue: 'q' }, async (_: null, actx) => {
      await new Promise((_, reject) =>
        actx.signal.addEventListener('abort', () => reject((aborted = actx.signal.reason))),
      );
      return 'unreachable';
    });
    const child = defineWorkflow('t.childWait', async (ctx) => ctx.activity(wait, null));
    const parent = defineWorkflow('t.parentWait', async (ctx) =>
      Promise.all([ctx.activity(wait, null), ctx.child(child, null)]),
    );
    const engine = t.open({ activities: [wait] });
    const handle = await engine.start(parent, null);
    await waitFor(() => engine.activeRunIds().length === 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(await engine.cancel(handle.runId)).toEqual({ state: 'requested' });
    const outcome = await handle.outcome();
    expect(outcome.status).toBe('cancelled');
    expect((aborted as Error).name).toBe('CancelledError');
    const run = engine.show(handle.runId);
    expect(run?.children.map((c) => c.status)).toEqual(['cancelled']);
    expect(run?.steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('propagates a child failure to the parent as ChildWorkflowFailedError', async () => {
    const fail = defineActivity('t.fail', { taskQueue: 'q', retry: { maximumAttempts: 1 } }, async () => {
      throw new Error('listing failed');
    });
    const child = defineWorkflow('t.child', async (ctx) => ctx.activity(fail, null));
    const parent = defineWorkflow('t.parent', async (ctx) => {
      await ctx.child(child, null);
      return 'unreachable';
    });
    const engine = t.open({ activities: [fail] });
    const handle = await engine.start(parent, null);
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChildWorkflowFailedError);
    expect((error as ChildWorkflowFailedError).failure.name).toBe('ActivityFailedError');
    expect((error as ChildWorkflowFailedError).failure.cause?.message).toBe('listing failed');
    const run = engine.show(handle.runId);
    expect(run?.status).toBe('failed');
    expect(run?.children).toHaveLength(1);
    expect(run?.children[0]).toMatchObject({
      workflow: 't.child',
      status: 'failed',
      runId: `${handle.runId}.1`,
    });
  });

  it('marks a run cancelled directly when its owning process is gone', async () => {
    let gate: (() => void) | undefined;
    const block = defineActivity(
      't.block',
      { taskQueue: 'q' },
      async () => new Promise<null>((r) => (gate = () => r(null))),
    );
    const wf = defineWorkflow('t.orphan', async (ctx) => ctx.activity(block, null));
    const first = t.open({ activities: [block] });
    const handle = await first.start(wf, null);
    await waitFor(() => gate !== undefined);
    await first.close(); // releases ownership, as a dead process would
    const second = t.open({ workflows: [wf], activities: [block] });
    expect(await second.cancel(handle.runId)).toEqual({ state: 'cancelled' });
    expect(second.show(handle.runId)?.status).toBe('cancelled');
    expect((await second.resume()).resumed).toHaveLength(0);
  });
});
