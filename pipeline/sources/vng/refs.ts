// Declared VNG activities and their JSON types. Bundle-safe: workflow code imports these refs only,
// never the client or anything Node-specific.
import { declareActivity } from '../../workflows/define.ts';
import { TASK_QUEUES } from '../../workflows/queues.ts';

export const VNG_RESOURCE_KEYS = [
  'servers',
  'volumes',
  'networks',
  'subnets',
  'secgroups',
  'elastic_ips',
] as const;
export type VngResourceKey = (typeof VNG_RESOURCE_KEYS)[number];

export interface VngRejection {
  table: string;
  resourceId?: string;
  reason: string;
}

/** One applied listing: what the history engine did with one table of one scope. */
export interface VngListingSummary {
  table: string;
  scope: string;
  seen: number;
  inserted: number;
  changed: number;
  unchanged: number;
  deleted: number;
  /** Missing objects were deleted (the listing was complete). */
  complete: boolean;
  rejected: VngRejection[];
  /** Why the listing stopped early (nothing was deleted), if it did. */
  error?: string;
}

export interface VngScope {
  region: string;
  projectId: string;
  /** `<region>/<projectId>`. */
  scope: string;
}

export interface VngDiscoverInput {
  sourceId: string;
  collectedAt: string;
}

export interface VngDiscoverOutput {
  scopes: VngScope[];
  /** Project listings applied to bronze.vng_projects, one per region that answered. */
  projects: VngListingSummary[];
  failedRegions: { region: string; error: string }[];
}

export interface VngCollectInput {
  sourceId: string;
  region: string;
  projectId: string;
  resource: VngResourceKey;
  collectedAt: string;
}

const options = {
  taskQueue: TASK_QUEUES.ingestVng,
  nonRetryableErrorTypes: ['AuthError', 'ConfigError'],
  startToCloseTimeoutMs: 30 * 60_000,
  heartbeatTimeoutMs: 5 * 60_000,
  retry: { maximumAttempts: 3 },
} as const;

export const VNG_DISCOVER = declareActivity<VngDiscoverInput, VngDiscoverOutput>(
  'vng.discoverScopes',
  options,
);
export const VNG_COLLECT = declareActivity<VngCollectInput, VngListingSummary>('vng.collectScope', options);
