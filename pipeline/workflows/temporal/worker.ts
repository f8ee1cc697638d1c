// A Temporal worker for one task queue: the workflow queue runs the bundled workflow code, an
// activity queue runs the activity implementations declared for it.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { declaredActivities } from '../activity-registry.ts';
import { ALL_TASK_QUEUES, WORKFLOW_TASK_QUEUE } from '../queues.ts';
import type { AnyActivityDef, AnyActivityRef } from '../types.ts';
import { toTemporalActivities } from './activities.ts';

export const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export interface WorkerPlan {
  taskQueue: string;
  runsWorkflows: boolean;
  activities: AnyActivityDef[];
  /** Declared for this queue but not implemented in this build (tasks for them would fail). */
  missing: AnyActivityRef[];
}

export function planWorker(
  taskQueue: string,
  activities: readonly AnyActivityDef[],
  declared: readonly AnyActivityRef[] = declaredActivities,
): WorkerPlan {
  if (!ALL_TASK_QUEUES.includes(taskQueue)) {
    throw new Error(`unknown task queue "${taskQueue}"; use one of: ${ALL_TASK_QUEUES.join(', ')}`);
  }
  const mine = activities.filter((a) => a.options.taskQueue === taskQueue);
  const implemented = new Set(mine.map((a) => a.name));
  return {
    taskQueue,
    runsWorkflows: taskQueue === WORKFLOW_TASK_QUEUE,
    activities: mine,
    missing: declared.filter((a) => a.options.taskQueue === taskQueue && !implemented.has(a.name)),
  };
}

export interface TemporalWorkerOptions {
  /** HOST:PORT of the Temporal frontend. */
  address: string;
  namespace?: string;
  taskQueue: string;
  maxConcurrentActivities?: number;
  activities: readonly AnyActivityDef[];
  /** Aborting shuts the worker down gracefully (in-flight tasks finish). */
  signal?: AbortSignal;
  onReady?: (plan: WorkerPlan) => void;
}

export async function runTemporalWorker(options: TemporalWorkerOptions): Promise<void> {
  const plan = planWorker(options.taskQueue, options.activities);
  if (!plan.runsWorkflows && plan.activities.length === 0) {
    throw new Error(
      `task queue ${plan.taskQueue} has no activity implementations in this build ` +
        `(declared but not implemented: ${plan.missing.map((a) => a.name).join(', ') || 'none'})`,
    );
  }
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace ?? 'default',
      taskQueue: plan.taskQueue,
      ...(plan.runsWorkflows ? { workflowsPath } : {}),
      activities: toTemporalActivities(plan.activities),
      maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 8,
    });
    options.signal?.addEventListener('abort', () => worker.shutdown(), { once: true });
    options.onReady?.(plan);
    await worker.run();
  } finally {
    await connection.close();
  }
}
