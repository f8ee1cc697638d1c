import { createPipelineEnv, type PipelineEnv } from './env.ts';
import { productionActivities } from './workflows/activity-registry.ts';
import { WorkflowEngine } from './workflows/local/engine.ts';
import { TASK_QUEUES } from './workflows/queues.ts';
import { workflowRegistry } from './workflows/registry.ts';
import { Workspace, type WorkspaceKeyOptions } from './workspace.ts';

/** Concurrent activities per queue on a laptop: listings wait on the network, stages on the CPU. */
export const LOCAL_QUEUE_CONCURRENCY: Record<string, number> = {
  [TASK_QUEUES.ingestGcp]: 4,
  [TASK_QUEUES.ingestS1]: 2,
  [TASK_QUEUES.ingestVng]: 4,
  [TASK_QUEUES.ingestFortinet]: 2,
  [TASK_QUEUES.normalize]: 1,
  [TASK_QUEUES.detect]: 1,
  [TASK_QUEUES.publish]: 1,
};

export interface LocalRuntime {
  readonly workspace: Workspace;
  readonly env: PipelineEnv;
  readonly engine: WorkflowEngine;
  /** Names of the activities this build implements. */
  readonly activityNames: ReadonlySet<string>;
  close(): Promise<void>;
}

/** The workspace, its pipeline environment and the durable local engine, for one process. */
export function openLocalRuntime(
  home: string,
  options: WorkspaceKeyOptions & { log?: (m: string) => void } = {},
): LocalRuntime {
  const workspace = Workspace.open(home, options.secretKey ? { secretKey: options.secretKey } : {});
  const env = createPipelineEnv(workspace, options.log ? { log: options.log } : {});
  const activities = productionActivities(env);
  const engine = new WorkflowEngine({
    statePath: workspace.paths.state,
    workflows: workflowRegistry().list(),
    activities,
    queues: LOCAL_QUEUE_CONCURRENCY,
  });
  return {
    workspace,
    env,
    engine,
    activityNames: new Set(activities.map((a) => a.name)),
    async close() {
      await engine.close();
      await env.close();
      workspace.close();
    },
  };
}
