import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareActivity, defineActivity, defineWorkflow } from '../define.ts';
import { ActivityFailedError, NonDeterminismError } from '../errors.ts';
import type { WorkflowEvent } from '../events.ts';
import { tempEngines, waitFor, type TempEngines } from '../testing/temp-engine.ts';

let t: TempEngines;
beforeEach(() => {
  t = tempEngines();
});
afterEach(async () => {
  await t.cleanup();
});

describe('local engine: programming model and journal', () => {
  it('runs sequential and fanned-out activities and journals every step with rows written', async () => {
    const load = defineActivity('t.load', { taskQueue: 'q' }, async (n: number) => ({ rowsWritten: n * 10 }));
    const wf = defineWorkflow('t.fan', async (ctx, n: number) => {
      const first = await ctx.activity(load, 1);
      const rest = await Promise.all(Array.from({ length: n }, (_, i) => ctx.activity(load, i + 2)));
      ctx.progress({ done: n, total: n, unit: 'sources' });
      return first.rowsWritten + rest.reduce((s, r) => s + r.rowsWritten, 0);
    });
    const engine = t.open({ activities: [load] });
    const events: WorkflowEvent[] = [];
    engine.events.onAny((e) => events.push(e));
    const handle = await engine.start(wf, 4);
    expect(await handle.result()).toBe(10 + 20 + 30 + 40 + 50);
    const run = engine.show(handle.runId);
    expect(run?.status).toBe('completed');
    expect(run?.steps.map((s) => [s.seq, s.name, s.status, s.rowsWritten])).toEqual([
      [1, 't.load', 'completed', 10],
      [2, 't.load', 'completed', 20],
      [3, 't.load', 'completed', 30],
      [4, 't.load', 'completed', 40],
      [5, 't.load', 'completed', 50],
    ]);
    expect(run?.rowsWritten).toBe(150);
    expect(run?.progress).toEqual({ done: 4, total: 4, unit: 'sources' });
    expect(events.map((e) => e.type).filter((x) => x.startsWith('run'))).toEqual([
      'run.started',
      'run.finished',
    ]);
    expect(events.filter((e) => e.type === 'step.finished')).toHaveLength(5);
    expect(engine.list().map((r) => r.runId)).toEqual([handle.runId]);
  });

  it('resumes a run left unfinished by a closed engine without re-running finished activities', async () => {
    const executions: number[] = [];
    let gate: (() => void) | undefined;
    const step = defineActivity('t.step', { taskQueue: 'q' }, async (i: number) => {
      executions.push(i);
      if (i === 3 && gate === undefined) await new Promise<void>((r) => (gate = r));
      return i * 2;
    });
    const wf = defineWorkflow('t.resume', async (ctx) => {
      const a = await ctx.activity(step, 1);
      const [b, c] = await Promise.all([ctx.activity(step, 2), ctx.activity(step, 3)]);
      const at = ctx.now();
      await ctx.sleep(5);
      return { sum: a + b + c + (await ctx.activity(step, 4)), at };
    });
    const first = t.open({ activities: [step] });
    const handle = await first.start(wf, null);
    // Step 2 runs beside step 3; wait until its outcome is journaled, not merely started.
    await waitFor(
      () =>
        executions.includes(3) &&
        first.show(handle.runId)?.steps.find((s) => s.seq === 2)?.status === 'completed',
    );
    await first.close();
    gate = () => undefined; // the resumed execution of step 3 does not block

    const second = t.open({ workflows: [wf], activities: [step] });
    const report = await second.resume();
    expect(report.resumed.map((h) => h.runId)).toEqual([handle.runId]);
    const result = (await report.resumed[0]?.result()) as { sum: number; at: number };
    expect(result.sum).toBe(2 + 4 + 6 + 8);
    // 1 and 2 were journaled before the close; 3 was in flight and re-ran; 4 ran once.
    expect(executions).toEqual([1, 2, 3, 3, 4]);
    expect(second.show(handle.runId)?.steps.find((s) => s.seq === 3)?.attempts).toBe(2);
  });

  it('fails a resumed run whose workflow code no longer matches its journal', async () => {
    let gate: (() => void) | undefined;
    const a = defineActivity('t.a', { taskQueue: 'q' }, async () => 1);
    const b = defineActivity(
      't.b',
      { taskQueue: 'q' },
      async () => new Promise<number>((r) => (gate = () => r(2))),
    );
    const v1 = defineWorkflow(
      't.changing',
      async (ctx) => (await ctx.activity(a, null)) + (await ctx.activity(b, null)),
    );
    const v2 = defineWorkflow(
      't.changing',
      async (ctx) => (await ctx.activity(b, null)) + (await ctx.activity(a, null)),
    );
    const first = t.open({ activities: [a, b] });
    const handle = await first.start(v1, null);
    await waitFor(() => gate !== undefined);
    await first.close();
    const second = t.open({ workflows: [v2], activities: [a, b] });
    const [resumed] = (await second.resume()).resumed;
    await expect(resumed?.result()).rejects.toBeInstanceOf(Error);
    const run = second.show(handle.runId);
    expect(run?.status).toBe('failed');
    expect(run?.error?.name).toBe(new NonDeterminismError('x').name);
  });

  it('limits concurrent attempts per task queue', async () => {
    let active = 0;
    let peak = 0;
    const slow = defineActivity('t.slow', { taskQueue: 'narrow' }, async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      return 1;
    });
    const wf = defineWorkflow(
      't.narrow',
      async (ctx) => (await Promise.all(Array.from({ length: 7 }, () => ctx.activity(slow, null)))).length,
    );
    const engine = t.open({ activities: [slow], queues: { narrow: 2 } });
    expect(await (await engine.start(wf, null)).result()).toBe(7);
    expect(peak).toBe(2);
  });

  it('fails a step whose activity has no implementation with an explicit, non-retried error', async () => {
    const notImplemented = declareActivity<null, number>('t.notImplemented', { taskQueue: 'hotpot-detect' });
    const wf = defineWorkflow('t.missing', async (ctx) => ctx.activity(notImplemented, null));
    const engine = t.open();
    const handle = await engine.start(wf, null);
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActivityFailedError);
    expect((error as ActivityFailedError).failure.name).toBe('ActivityNotRegisteredError');
    expect((error as Error).message).toMatch(/t\.notImplemented.*hotpot-detect.*no implementation/);
  });
});
