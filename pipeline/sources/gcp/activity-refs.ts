// Bundle-safe declarations of the GCP activities: workflow code imports these, never the client.
import { declareActivity } from '../../workflows/define.ts';
import { TASK_QUEUES } from '../../workflows/queues.ts';
import type { ActivityOptionsInput } from '../../workflows/types.ts';
import type { ListingSummary } from '../common/summary.ts';

export interface GcpProjectRef {
  projectId: string;
  projectNumber?: string;
  name?: string;
  lifecycleState?: string;
  parent?: { type?: string; id?: string };
  labels?: Record<string, string>;
}

/** Resource listings collected per project; each is its own activity and its own scope. */
export const GCP_RESOURCE_KEYS = [
  'instances',
  'disks',
  'subnetworks',
  'addresses',
  'globalAddresses',
  'networks',
  'firewalls',
] as const;
export type GcpResourceKey = (typeof GCP_RESOURCE_KEYS)[number];

export interface GcpProjectsOutcome {
  listing: ListingSummary;
  failed: { project: string; error: string }[];
}

const options: ActivityOptionsInput = {
  taskQueue: TASK_QUEUES.ingestGcp,
  startToCloseTimeoutMs: 60 * 60_000,
  heartbeatTimeoutMs: 5 * 60_000,
  retry: { maximumAttempts: 3, initialIntervalMs: 2_000, maximumIntervalMs: 60_000 },
  nonRetryableErrorTypes: ['AuthError', 'ConfigError'],
};

export const gcpActivities = {
  discoverProjects: declareActivity<{ sourceId: string }, { projects: GcpProjectRef[] }>(
    'gcp.discoverProjects',
    options,
  ),
  ingestProjects: declareActivity<
    { sourceId: string; collectedAt: string; projects: GcpProjectRef[] },
    GcpProjectsOutcome
  >('gcp.ingestProjects', options),
  ingestResource: declareActivity<
    { sourceId: string; collectedAt: string; project: string; resource: GcpResourceKey },
    ListingSummary
  >('gcp.ingestResource', options),
};
