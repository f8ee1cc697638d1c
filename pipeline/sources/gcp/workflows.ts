// GCP inventory: discover projects, record them, then list every resource of every project as
// its own activity, so one failing project or listing never stops the others. Bundle-safe.
import { defineWorkflow } from '../../workflows/define.ts';
import { summarizeInventory, type InventorySummary, type ListingSummary } from '../common/summary.ts';
import { GCP_RESOURCE_KEYS, gcpActivities } from './activity-refs.ts';

export interface InventoryInput {
  sourceId: string;
}

export const gcpInventoryWorkflow = defineWorkflow(
  'gcpInventory',
  async (ctx, input: InventoryInput): Promise<InventorySummary> => {
    const collectedAt = new Date(ctx.now()).toISOString();
    const { sourceId } = input;
    // Discovery and the project records go first and alone: a rejected credential fails here,
    // once, before any fan-out.
    const { projects } = await ctx.activity(gcpActivities.discoverProjects, { sourceId });
    const projectsOutcome = await ctx.activity(gcpActivities.ingestProjects, {
      sourceId,
      collectedAt,
      projects,
    });
    const failures = projectsOutcome.failed.map((f) => ({
      scope: f.project,
      table: 'bronze.gcp_projects',
      error: f.error,
    }));
    const unreadable = new Set(projectsOutcome.failed.map((f) => f.project));

    const tasks = projects
      .filter((p) => !unreadable.has(p.projectId))
      .flatMap((p) =>
        GCP_RESOURCE_KEYS.map((resource) => ({ sourceId, collectedAt, project: p.projectId, resource })),
      );
    let done = 0;
    ctx.progress({ done, total: tasks.length, unit: 'listings', message: `${projects.length} project(s)` });
    const settled = await Promise.allSettled(
      tasks.map((t) =>
        ctx.activity(gcpActivities.ingestResource, t).finally(() => {
          ctx.progress({
            done: ++done,
            total: tasks.length,
            unit: 'listings',
            message: `${t.resource} of ${t.project}`,
          });
        }),
      ),
    );
    const listings: ListingSummary[] = [projectsOutcome.listing];
    settled.forEach((r, i) => {
      const t = tasks[i];
      if (!t) return;
      if (r.status === 'fulfilled') listings.push(r.value);
      else failures.push({ scope: t.project, table: t.resource, error: (r.reason as Error).message });
    });
    const authFailure = settled.find(
      (r) => r.status === 'rejected' && (r.reason as Error).name === 'AuthError',
    );
    if (authFailure && authFailure.status === 'rejected') throw authFailure.reason;
    return summarizeInventory(
      { sourceId, provider: 'gcp', collectedAt, scopes: projects.length },
      listings,
      failures,
    );
  },
);
