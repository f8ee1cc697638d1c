import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineActivity, defineWorkflow } from '../define.ts';
import { tempEngines, waitFor, type TempEngines } from '../testing/temp-engine.ts';

let t: TempEngines;
beforeEach(() => {
  t = tempEngines();
});
afterEach(async () => {
  await t.cleanup();
});

const ping = defineActivity('t.ping', { taskQueue: 'q' }, async (n: number) => n + 1);
const pingWorkflow = defineWorkflow('t.scheduled', async (ctx, n: number) => ctx.activity(ping, n));

describe('cron schedules', () => {
  it('fires a seconds-level cron schedule with real timers', async () => {
    const engine = t.open({ workflows: [pingWorkflow], activities: [ping] });
    engine.schedules.upsert({ id: 'every-second', workflow: pingWorkflow, cron: '* * * * * *', input: 41 });
    engine.schedules.start({ pollMs: 100 });
    await waitFor(() => engine.list({ status: 'completed' }).length >= 1, 3_000);
    const [run] = engine.list({ status: 'completed' });
    expect(run?.scheduleId).toBe('every-second');
    expect(engine.show(run!.runId)?.result).toBe(42);
    expect(engine.schedules.get('every-second')?.lastRunId).toBeTruthy();
  });

  it('fires once, not once per missed tick, after the app was closed across several firings', async () => {
    let clock = Date.parse('2025-03-01T10:30:00Z');
    const now = (): number => clock;
    const first = t.open({ workflows: [pingWorkflow], activities: [ping], now });
    expect(first.schedules.upsert({ id: 'hourly', workflow: 'pingless', cron: '0 * * * *' }).nextFireAt).toBe(
      '2025-03-01T11:00:00.000Z',
    );
    first.schedules.upsert({ id: 'hourly', workflow: pingWorkflow, cron: '0 * * * *', input: 1 });
    await first.close();

    clock = Date.parse('2025-03-01T15:10:00Z'); // five hourly firings missed
    const second = t.open({ workflows: [pingWorkflow], activities: [ping], now });
    const fired = await second.schedules.tick();
    expect(fired).toHaveLength(1);
    expect(fired[0]?.runId).toBeTruthy();
    expect(second.schedules.get('hourly')?.nextFireAt).toBe('2025-03-01T16:00:00.000Z');
    expect(await second.schedules.tick()).toEqual([]);
    await second.handle(fired[0]!.runId!).result();
    expect(second.list()).toHaveLength(1);
  });

  it('skips a firing while the previous run of the schedule is still running', async () => {
    let release: (() => void) | undefined;
    const slow = defineActivity(
      't.slowPing',
      { taskQueue: 'q' },
      async () => new Promise<number>((r) => (release = () => r(1))),
    );
    const slowWorkflow = defineWorkflow('t.slowScheduled', async (ctx) => ctx.activity(slow, null));
    let clock = Date.parse('2025-03-01T10:00:30Z');
    const engine = t.open({ workflows: [slowWorkflow], activities: [slow], now: () => clock });
    engine.schedules.upsert({ id: 'minutely', workflow: slowWorkflow, cron: '* * * * *' });
    clock += 60_000;
    const [firstFire] = await engine.schedules.tick();
    await waitFor(() => release !== undefined);
    clock += 60_000;
    const [secondFire] = await engine.schedules.tick();
    expect(secondFire).toMatchObject({
      runId: null,
      skipped: `previous run ${firstFire?.runId} is still running`,
    });
    release?.();
    await engine.handle(firstFire!.runId!).result();
  });

  it('rejects an invalid cron expression with a message naming the schedule', () => {
    const engine = t.open();
    expect(() =>
      engine.schedules.upsert({ id: 'broken', workflow: pingWorkflow, cron: 'every tuesday' }),
    ).toThrow(/schedule broken: invalid cron/);
  });
});
