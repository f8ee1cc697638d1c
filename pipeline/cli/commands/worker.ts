// `hotpot worker --temporal HOST:PORT --queue Q`: one Temporal worker for one task queue.
import type { Command } from 'commander';
import { ALL_TASK_QUEUES } from '../../workflows/queues.ts';
import { planWorker, runTemporalWorker } from '../../workflows/temporal/worker.ts';
import { createPipelineEnv } from '../../env.ts';
import { productionActivities } from '../../workflows/activity-registry.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from './runs.ts';

export type { CliContext };

export function register(program: Command, ctx: CliContext): void {
  const worker = program
    .command('worker')
    .description('run a Temporal worker for one task queue (stops gracefully on SIGINT/SIGTERM)')
    .requiredOption('--temporal <host:port>', 'Temporal frontend address')
    .requiredOption('--queue <queue>', `task queue: ${ALL_TASK_QUEUES.join(', ')}`)
    .option('--namespace <ns>', 'Temporal namespace', 'default')
    .option('--max-concurrent <n>', 'concurrent activity executions', '8')
    .option('--home <dir>', 'workspace directory (for activities that keep local state)')
    .action(async (opts: { temporal: string; queue: string; namespace: string; maxConcurrent: string }) => {
      if (!/^[^:\s]+:\d{1,5}$/.test(opts.temporal)) {
        worker.error(`--temporal must be HOST:PORT (e.g. temporal.internal:7233), not "${opts.temporal}".`, {
          exitCode: 2,
        });
      }
      const max = Number(opts.maxConcurrent);
      if (!Number.isInteger(max) || max < 1)
        worker.error(`--max-concurrent must be a positive integer, not "${opts.maxConcurrent}".`, {
          exitCode: 2,
        });
      if (!ALL_TASK_QUEUES.includes(opts.queue)) {
        return worker.error(
          `unknown task queue "${opts.queue}"; use one of: ${ALL_TASK_QUEUES.join(', ')}.`,
          { exitCode: 2 },
        );
      }
      // Activities run against this worker's workspace: its sources, secrets and store.
      const workspace = Workspace.open(ctx.resolveHome(worker.optsWithGlobals<{ home?: string }>()));
      const env = createPipelineEnv(workspace);
      const activities = productionActivities(env);
      let plan;
      try {
        plan = planWorker(opts.queue, activities);
      } catch (error) {
        return worker.error(`${(error as Error).message}.`, { exitCode: 2 });
      }
      if (!plan.runsWorkflows && plan.activities.length === 0) {
        return worker.error(
          `Task queue ${opts.queue} has no activity implementations in this build yet ` +
            `(declared: ${plan.missing.map((a) => a.name).join(', ') || 'none'}); deploy a build that implements them.`,
          { exitCode: 2 },
        );
      }
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runTemporalWorker({
          address: opts.temporal,
          namespace: opts.namespace,
          taskQueue: opts.queue,
          activities,
          maxConcurrentActivities: max,
          signal: controller.signal,
          onReady: (p) => {
            const what = p.runsWorkflows
              ? 'workflows'
              : `activities ${p.activities.map((a) => a.name).join(', ')}`;
            process.stderr.write(`hotpot worker: polling ${p.taskQueue} on ${opts.temporal} (${what})\n`);
            if (p.missing.length > 0)
              process.stderr.write(
                `hotpot worker: not implemented in this build: ${p.missing.map((a) => a.name).join(', ')}\n`,
              );
          },
        });
      } catch (error) {
        worker.error(
          `Temporal worker for ${opts.queue} at ${opts.temporal} stopped: ${(error as Error).message}`,
          { exitCode: 1 },
        );
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await env.close();
        workspace.close();
      }
    });
}
