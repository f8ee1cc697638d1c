// The SentinelOne inventory workflow: tenant (accounts, sites) first, then every site × resource
// in parallel. A failing site or resource is reported and the others complete; a rejected
// credential fails the run once, naming the source. Bundle-safe: activity refs and types only.
import { defineWorkflow } from '../../workflows/define.ts';
import { failureOf, NonRetryableError } from '../../workflows/errors.ts';
import { totalsByTable } from '../common/summary.ts';
import type { SerializedError } from '../../workflows/types.ts';
import {
  collectS1Site,
  collectS1Tenant,
  S1_RESOURCE_TABLES,
  type S1ListingSummary,
  type S1RejectionSummary,
} from './activity-refs.ts';

export interface S1InventoryInput {
  sourceId: string;
  /** ISO time shared by every listing of the run; defaults to the workflow clock. */
  collectedAt?: string;
}

export interface S1TableSummary {
  seen: number;
  inserted: number;
  changed: number;
  deleted: number;
  historyRows: number;
}

export interface S1FailedScope {
  table: string;
  scope: string;
  reason: string;
}

export interface S1InventoryResult {
  sourceId: string;
  collectedAt: string;
  accountsVisible: boolean;
  sites: number;
  tables: Record<string, S1TableSummary>;
  /** Objects seen across all tables. */
  rows: number;
  rejected: number;
  rejections: S1RejectionSummary[];
  failedScopes: S1FailedScope[];
  /** True when every listing completed (then deletions were applied everywhere). */
  complete: boolean;
}

function credentialRejected(sourceId: string, failure: SerializedError): NonRetryableError {
  return new NonRetryableError(`SentinelOne source ${sourceId}: ${failure.message}`);
}

export const s1InventoryWorkflow = defineWorkflow(
  's1Inventory',
  async (ctx, input: S1InventoryInput): Promise<S1InventoryResult> => {
    const collectedAt = input.collectedAt ?? new Date(ctx.now()).toISOString();
    const { sourceId } = input;
    let tenant;
    try {
      tenant = await ctx.activity(collectS1Tenant, { sourceId, collectedAt });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.name === 'AuthError' || failure.name === 'ConfigError')
        throw credentialRejected(sourceId, failure);
      throw error;
    }
    const jobs = tenant.sites.flatMap((site) => tenant.resources.map((resource) => ({ site, resource })));
    let done = 0;
    ctx.progress({ done, total: jobs.length, unit: 'listings', message: `${tenant.sites.length} site(s)` });
    const settled = await Promise.allSettled(
      jobs.map(async (job) => {
        const summary = await ctx.activity(collectS1Site, {
          sourceId,
          siteId: job.site.id,
          resource: job.resource,
          collectedAt,
        });
        ctx.progress({
          done: ++done,
          total: jobs.length,
          unit: 'listings',
          message: `${job.site.name}: ${job.resource}`,
        });
        return summary;
      }),
    );

    const listings: S1ListingSummary[] = [...tenant.listings];
    const failedScopes: S1FailedScope[] = tenant.missingSites.map((id) => ({
      table: 'bronze.s1_sites',
      scope: id,
      reason: `site ${id} is configured but not visible to this API token`,
    }));
    for (const [i, r] of settled.entries()) {
      const job = jobs[i]!;
      if (r.status === 'fulfilled') listings.push(r.value);
      else {
        const failure = failureOf(r.reason);
        if (failure.name === 'AuthError') throw credentialRejected(sourceId, failure);
        failedScopes.push({
          table: S1_RESOURCE_TABLES[job.resource],
          scope: job.site.id,
          reason: `${failure.name}: ${failure.message}`,
        });
      }
    }

    const tables: Record<string, S1TableSummary> = totalsByTable(listings);
    const rejections: S1RejectionSummary[] = [];
    let rows = 0;
    let rejected = 0;
    for (const l of listings) {
      rows += l.seen;
      rejected += l.rejected;
      rejections.push(...l.rejections.slice(0, Math.max(0, 50 - rejections.length)));
      if (l.error !== undefined) failedScopes.push({ table: l.table, scope: l.scope, reason: l.error });
    }
    return {
      sourceId,
      collectedAt,
      accountsVisible: tenant.accountsVisible,
      sites: tenant.sites.length,
      tables,
      rows,
      rejected,
      rejections,
      failedScopes,
      complete: failedScopes.length === 0,
    };
  },
);
