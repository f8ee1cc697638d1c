// Schedules: pipeline runs the local engine starts on a cron while the workbench (desktop or
// `hotpot serve`) is open. The run is planned when the schedule is saved, like a launch.
import { HotpotError } from '../../../db/errors.ts';
import type { ScheduleInfo } from '../../workflows/local/scheduler.ts';
import { pipelineRunWorkflow, type PipelineRunInput } from '../../workflows/pipeline-run.ts';
import type { ScheduleView } from '../contract.ts';
import type { Handlers } from './context.ts';
import { planRun } from './runs.ts';

function view(info: ScheduleInfo): ScheduleView {
  const input = info.input as PipelineRunInput | null;
  return {
    id: info.id,
    cron: info.cron,
    timezone: info.timezone,
    enabled: info.enabled,
    sources: input?.sources.map((s) => s.sourceId) ?? [],
    stages: input?.stages ?? [],
    nextFireAt: info.nextFireAt,
    lastFiredAt: info.lastFiredAt,
    lastRunId: info.lastRunId,
  };
}

export const scheduleHandlers: Pick<Handlers, 'schedules.list' | 'schedules.save' | 'schedules.remove'> = {
  'schedules.list': async (ctx) =>
    ctx.runtime.engine.schedules
      .list()
      .filter((s) => s.workflow === pipelineRunWorkflow.name)
      .map(view),
  'schedules.save': async (ctx, input) => {
    const plan = planRun(ctx, input.sources, input.stages);
    let saved: ScheduleInfo;
    try {
      saved = ctx.runtime.engine.schedules.upsert({
        id: input.id,
        workflow: pipelineRunWorkflow,
        cron: input.cron,
        timezone: input.timezone,
        input: plan,
        enabled: input.enabled,
      });
    } catch (error) {
      throw new HotpotError(
        `The schedule "${input.id}" was not saved: check the cron expression and time zone (${(error as Error).message}).`,
        'BAD_SCHEDULE',
      );
    }
    ctx.emit({ kind: 'schedules.changed' });
    return view(saved);
  },
  'schedules.remove': async (ctx, input) => {
    const removed = ctx.runtime.engine.schedules.remove(input.id);
    if (removed) ctx.emit({ kind: 'schedules.changed' });
    return { removed };
  },
};
