// The FortiGate inventory workflow: discover the appliance (status, VDOMs, detected-device
// endpoint) first, then every VDOM × resource in parallel. A failing scope is reported and the
// others complete; a rejected credential or an untrusted certificate fails the run once, naming
// the source. Bundle-safe: activity refs and types only.
import { defineWorkflow } from '../../workflows/define.ts';
import { failureOf, NonRetryableError } from '../../workflows/errors.ts';
import { totalsByTable } from '../common/summary.ts';
import type { SerializedError } from '../../workflows/types.ts';
import type { ListingSummary } from '../common/summary.ts';
import { fortinetActivities, type FortinetCollectResult } from './activity-refs.ts';
import { FORTINET_RESOURCE_NAMES } from './resource-names.ts';

export interface FortinetInventoryInput {
  sourceId: string;
  /** ISO time shared by every listing of the run; defaults to the workflow clock. */
  collectedAt?: string;
}

export interface FortinetTableSummary {
  seen: number;
  inserted: number;
  changed: number;
  deleted: number;
  historyRows: number;
}

export interface FortinetInventoryResult {
  sourceId: string;
  collectedAt: string;
  serial: string;
  version: string;
  vdoms: string[];
  deviceApi: string | null;
  tables: Record<string, FortinetTableSummary>;
  /** Objects seen across all tables. */
  rows: number;
  rejected: number;
  rejectedReasons: string[];
  failedScopes: { scope: string; table: string; reason: string }[];
  /** True when every listing completed (then deletions were applied everywhere). */
  complete: boolean;
}

const fatal = (sourceId: string, f: SerializedError): NonRetryableError =>
  new NonRetryableError(`FortiGate source ${sourceId}: ${f.message}`);

const TABLE_OF: Record<string, string> = {
  interfaces: 'bronze.fortinet_interfaces',
  addresses: 'bronze.fortinet_addresses',
  address_groups: 'bronze.fortinet_address_groups',
  services: 'bronze.fortinet_services',
  policies: 'bronze.fortinet_policies',
  detected_devices: 'bronze.fortinet_detected_devices',
};

export const fortinetInventoryWorkflow = defineWorkflow(
  'fortinetInventory',
  async (ctx, input: FortinetInventoryInput): Promise<FortinetInventoryResult> => {
    const collectedAt = input.collectedAt ?? new Date(ctx.now()).toISOString();
    const { sourceId } = input;
    let found;
    try {
      found = await ctx.activity(fortinetActivities.discover, { sourceId, collectedAt });
    } catch (error) {
      const f = failureOf(error);
      if (f.name === 'AuthError' || f.name === 'ConfigError') throw fatal(sourceId, f);
      throw error;
    }
    const jobs = found.vdoms.flatMap((vdom) =>
      FORTINET_RESOURCE_NAMES.map((resource) => ({ vdom, resource })),
    );
    let done = 0;
    ctx.progress({
      done,
      total: jobs.length,
      unit: 'listings',
      message: `${found.serial}: ${found.vdoms.length} VDOM(s)`,
    });
    const settled = await Promise.allSettled(
      jobs.map(async (job) => {
        const r = await ctx.activity(fortinetActivities.collect, {
          sourceId,
          collectedAt,
          serial: found.serial,
          vdom: job.vdom,
          resource: job.resource,
          deviceApi: found.deviceApi,
        });
        ctx.progress({
          done: ++done,
          total: jobs.length,
          unit: 'listings',
          message: `${job.vdom}: ${job.resource}`,
        });
        return r;
      }),
    );

    const listings: ListingSummary[] = [found.device];
    const failedScopes: FortinetInventoryResult['failedScopes'] = [];
    for (const [i, r] of settled.entries()) {
      const job = jobs[i] as (typeof jobs)[number];
      if (r.status === 'fulfilled') {
        listings.push(r.value satisfies FortinetCollectResult);
        continue;
      }
      const f = failureOf(r.reason);
      if (f.name === 'AuthError' || f.name === 'ConfigError') throw fatal(sourceId, f);
      failedScopes.push({
        scope: `${found.serial}/${job.vdom}`,
        table: TABLE_OF[job.resource] ?? job.resource,
        reason: `${f.name}: ${f.message}`,
      });
    }

    const tables: Record<string, FortinetTableSummary> = totalsByTable(listings);
    const rejectedReasons: string[] = [];
    let rows = 0;
    let rejected = 0;
    for (const l of listings) {
      rows += l.seen;
      rejected += l.rejected;
      rejectedReasons.push(...l.rejectedReasons.slice(0, Math.max(0, 50 - rejectedReasons.length)));
      if (l.error !== undefined) failedScopes.push({ scope: l.scope, table: l.table, reason: l.error });
    }
    return {
      sourceId,
      collectedAt,
      serial: found.serial,
      version: found.version,
      vdoms: found.vdoms,
      deviceApi: found.deviceApi,
      tables,
      rows,
      rejected,
      rejectedReasons,
      failedScopes,
      complete: failedScopes.length === 0,
    };
  },
);
