// The VNG inventory workflow. Deterministic and bundle-safe: it imports declared refs and types
// only. Discovery lists projects per region; then every (scope, resource) listing runs as its own
// activity. A failing listing or scope is reported and the others go on; a rejected credential
// fails the run once, naming the source.
import { defineWorkflow } from '../../workflows/define.ts';
import { ActivityFailedError } from '../../workflows/errors.ts';
import {
  VNG_COLLECT,
  VNG_DISCOVER,
  VNG_RESOURCE_KEYS,
  type VngListingSummary,
  type VngRejection,
} from './refs.ts';

export interface VngInventoryInput {
  sourceId: string;
  collectedAt?: string;
}

export interface VngTableTotals {
  rows: number;
  inserted: number;
  changed: number;
  deleted: number;
  rejected: number;
}

export interface VngInventorySummary {
  sourceId: string;
  collectedAt: string;
  scopes: number;
  tables: Record<string, VngTableTotals>;
  rejected: number;
  /** The first rejections with their reasons (all are counted in `rejected`). */
  rejections: VngRejection[];
  failedScopes: { scope: string; table?: string; error: string }[];
  failedRegions: { region: string; error: string }[];
}

const MAX_REJECTIONS = 100;

function isAuthFailure(error: unknown): boolean {
  return (
    (error instanceof ActivityFailedError && error.failure.name === 'AuthError') ||
    (error instanceof Error && error.name === 'AuthError')
  );
}

export const vngInventoryWorkflow = defineWorkflow<VngInventoryInput, VngInventorySummary>(
  'vng.inventory',
  async (ctx, input) => {
    const collectedAt = input.collectedAt ?? new Date(ctx.now()).toISOString();
    const sourceId = input.sourceId;
    const discovered = await ctx.activity(VNG_DISCOVER, { sourceId, collectedAt });
    const summary: VngInventorySummary = {
      sourceId,
      collectedAt,
      scopes: discovered.scopes.length,
      tables: {},
      rejected: 0,
      rejections: [],
      failedScopes: [],
      failedRegions: discovered.failedRegions,
    };
    const add = (s: VngListingSummary): void => {
      const t = (summary.tables[s.table] ??= { rows: 0, inserted: 0, changed: 0, deleted: 0, rejected: 0 });
      t.rows += s.seen;
      t.inserted += s.inserted;
      t.changed += s.changed;
      t.deleted += s.deleted;
      t.rejected += s.rejected.length;
      summary.rejected += s.rejected.length;
      for (const r of s.rejected) if (summary.rejections.length < MAX_REJECTIONS) summary.rejections.push(r);
      if (s.error !== undefined)
        summary.failedScopes.push({ scope: s.scope, table: s.table, error: s.error });
    };
    for (const p of discovered.projects) add(p);

    const jobs = discovered.scopes.flatMap((scope) =>
      VNG_RESOURCE_KEYS.map((resource) => ({ scope, resource })),
    );
    ctx.progress({
      done: 0,
      total: jobs.length,
      unit: 'listings',
      message: `${sourceId}: ${discovered.scopes.length} scopes`,
    });
    let done = 0;
    const settled = await Promise.allSettled(
      jobs.map(({ scope, resource }) =>
        ctx
          .activity(VNG_COLLECT, {
            sourceId,
            region: scope.region,
            projectId: scope.projectId,
            resource,
            collectedAt,
          })
          .finally(() => ctx.progress({ done: ++done, total: jobs.length, unit: 'listings' })),
      ),
    );
    let authFailure: unknown;
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') return add(r.value);
      if (isAuthFailure(r.reason)) {
        authFailure ??= r.reason;
        return;
      }
      const job = jobs[i];
      summary.failedScopes.push({
        scope: job?.scope.scope ?? '?',
        error: r.reason instanceof Error ? r.reason.message : String(r.reason),
      });
    });
    if (authFailure !== undefined) throw authFailure;
    return summary;
  },
);
