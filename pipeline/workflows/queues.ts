// Temporal task queues (DESIGN §5). Activities run on the queue of their stage so ingest,
// normalize, detect and publish scale separately; workflow code (cheap, deterministic) runs on
// its own queue, served by a small orchestration worker. Bundle-safe.
export const TASK_QUEUES = {
  ingestGcp: 'hotpot-ingest-gcp',
  ingestVng: 'hotpot-ingest-vng',
  ingestS1: 'hotpot-ingest-s1',
  ingestFortinet: 'hotpot-ingest-fortinet',
  normalize: 'hotpot-normalize',
  detect: 'hotpot-detect',
  publish: 'hotpot-publish',
} as const;

export const WORKFLOW_TASK_QUEUE = 'hotpot-workflows';

export type ActivityTaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
export const ACTIVITY_TASK_QUEUES: readonly ActivityTaskQueue[] = Object.values(TASK_QUEUES);
export const ALL_TASK_QUEUES: readonly string[] = [WORKFLOW_TASK_QUEUE, ...ACTIVITY_TASK_QUEUES];
