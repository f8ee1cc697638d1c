// Declared SentinelOne activities and their JSON types. Bundle-safe: the workflow imports this
// file only, never the client or Node modules.
import { declareActivity } from '../../workflows/define.ts';
import { TASK_QUEUES } from '../../workflows/queues.ts';
import type { ActivityOptionsInput } from '../../workflows/types.ts';

export type S1SiteResourceName = 'groups' | 'agents' | 'applications' | 'risks';

/** Bronze table each site resource fills (kept here so the workflow names tables without the catalog). */
export const S1_RESOURCE_TABLES: Readonly<Record<S1SiteResourceName, string>> = {
  groups: 'bronze.s1_groups',
  agents: 'bronze.s1_agents',
  applications: 'bronze.s1_agent_applications',
  risks: 'bronze.s1_application_risks',
};

export interface S1RejectionSummary {
  table: string;
  resourceId?: string;
  reason: string;
}

/** One listing of one scope applied to one table. */
export interface S1ListingSummary {
  table: string;
  scope: string;
  /** False when the listing stopped early: then nothing was deleted for this scope. */
  complete: boolean;
  seen: number;
  inserted: number;
  changed: number;
  unchanged: number;
  deleted: number;
  historyRows: number;
  rejected: number;
  /** The first rejections with their reasons (all are counted in `rejected`). */
  rejections: S1RejectionSummary[];
  error?: string;
}

export interface S1TenantInput {
  sourceId: string;
  collectedAt: string;
}

export interface S1SiteRef {
  id: string;
  name: string;
  accountId: string | null;
}

export interface S1TenantResult {
  /** Sites to collect (the configured ones, or every visible site). */
  sites: S1SiteRef[];
  resources: S1SiteResourceName[];
  /** False for a site-scoped token (403 on /accounts): accounts are then not collected. */
  accountsVisible: boolean;
  listings: S1ListingSummary[];
  /** Configured sites the token cannot see. */
  missingSites: string[];
}

export interface S1SiteInput {
  sourceId: string;
  siteId: string;
  resource: S1SiteResourceName;
  collectedAt: string;
}

const options: ActivityOptionsInput = {
  taskQueue: TASK_QUEUES.ingestS1,
  startToCloseTimeoutMs: 2 * 60 * 60_000,
  heartbeatTimeoutMs: 5 * 60_000,
  retry: { maximumAttempts: 3, initialIntervalMs: 10_000, maximumIntervalMs: 5 * 60_000 },
  nonRetryableErrorTypes: ['AuthError', 'ConfigError'],
};

export const collectS1Tenant = declareActivity<S1TenantInput, S1TenantResult>('s1.collectTenant', options);
export const collectS1Site = declareActivity<S1SiteInput, S1ListingSummary>('s1.collectSite', options);
