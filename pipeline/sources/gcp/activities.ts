import { GCP_PROJECTS } from '../../../db/catalog/tables/gcp.ts';
import type { AuthClient } from 'google-auth-library';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { PipelineEnv } from '../../env.ts';
import { implementActivity } from '../../workflows/define.ts';
import type { ActivityContext, AnyActivityDef } from '../../workflows/types.ts';
import { ScopeAccessError } from '../common/config-error.ts';
import { applyListing } from '../common/listing.ts';
import { summarizeListing } from '../common/summary.ts';
import { RateLimiters } from '../common/token-bucket.ts';
import { gcpActivities, type GcpProjectRef } from './activity-refs.ts';
import { buildAuthClient, credentialName } from './auth.ts';
import { GcpClient } from './client.ts';
import { parseGcpConfig, projectSelected } from './config.ts';
import { projectRecord } from './convert.ts';
import { GCP_RESOURCES } from './resources.ts';

/** One token bucket per source for the whole process, shared by concurrent activities. */
const limiters = new RateLimiters();

interface SourceClients {
  /** The source's `updatedAt`: a changed config or secret builds new clients. */
  version: string;
  authClient: Promise<AuthClient>;
  gaxClients: Map<string, Promise<unknown>>;
}

/** Auth and gax clients per source, shared by every activity of this process. */
const shared = new Map<string, SourceClients>();

export async function gcpClientFor(
  env: PipelineEnv,
  sourceId: string,
  signal?: AbortSignal,
): Promise<GcpClient> {
  const source = env.source(sourceId);
  const config = parseGcpConfig(sourceId, source.config);
  let clients = shared.get(sourceId);
  if (!clients || clients.version !== source.updatedAt) {
    clients = {
      version: source.updatedAt,
      authClient: buildAuthClient(sourceId, config, (name) => env.secret(sourceId, name)),
      gaxClients: new Map(),
    };
    shared.set(sourceId, clients);
  }
  return new GcpClient({
    sourceId,
    credential: credentialName(config),
    config,
    authClient: await clients.authClient,
    limiter: limiters.for(sourceId, config.rateLimit),
    gaxClients: clients.gaxClients,
    ...(signal ? { signal } : {}),
  });
}

/** Reports progress and heartbeats once per `every` records while a listing streams. */
async function* withProgress(
  records: AsyncIterable<SnapshotRecord>,
  actx: ActivityContext,
  message: string,
  every = 500,
): AsyncGenerator<SnapshotRecord> {
  let done = 0;
  for await (const record of records) {
    yield record;
    if (++done % every === 0) {
      actx.heartbeat({ done });
      actx.progress({ done, unit: 'records', message });
    }
  }
  actx.progress({ done, unit: 'records', message });
}

/** The GCP activity implementations, bound to this process's environment. */
export function createGcpActivities(env: PipelineEnv): AnyActivityDef[] {
  const discover = implementActivity(gcpActivities.discoverProjects, async ({ sourceId }, actx) => {
    const config = parseGcpConfig(sourceId, env.source(sourceId).config);
    if (config.projects.length > 0) return { projects: config.projects.map((projectId) => ({ projectId })) };
    const client = await gcpClientFor(env, sourceId, actx.signal);
    const projects: GcpProjectRef[] = [];
    for await (const p of client.discoverProjects())
      if (projectSelected(p.projectId, config)) projects.push(p);
    env.log(`gcp ${sourceId}: ${projects.length} project(s) selected`);
    return { projects };
  });

  const ingestProjects = implementActivity(
    gcpActivities.ingestProjects,
    async ({ sourceId, collectedAt, projects }, actx) => {
      const client = await gcpClientFor(env, sourceId, actx.signal);
      const failed: { project: string; error: string }[] = [];
      async function* records(): AsyncGenerator<SnapshotRecord> {
        for (const project of projects) {
          try {
            yield projectRecord(project, await client.computeProject(project.projectId));
          } catch (error) {
            if (!(error instanceof ScopeAccessError)) throw error;
            failed.push({ project: project.projectId, error: error.message });
          }
        }
        // Ending with an error makes the listing incomplete: unreadable projects keep their rows.
        if (failed.length > 0)
          throw new ScopeAccessError('projects', `${failed.length} project(s) could not be read`);
      }
      const listing = await applyListing(
        await env.store(),
        env.catalog,
        GCP_PROJECTS,
        { sourceId, scope: 'projects', collectedAt },
        records(),
      );
      return { listing: summarizeListing(listing), failed };
    },
  );

  const ingestResource = implementActivity(
    gcpActivities.ingestResource,
    async ({ sourceId, collectedAt, project, resource }, actx) => {
      const spec = GCP_RESOURCES[resource];
      const client = await gcpClientFor(env, sourceId, actx.signal);
      const scope = spec.scopeOf(project);
      const outcome = await applyListing(
        await env.store(),
        env.catalog,
        spec.table,
        { sourceId, scope, collectedAt },
        withProgress(spec.list(client, project), actx, `${resource} of ${project}`),
      );
      return summarizeListing(outcome);
    },
  );

  return [discover, ingestProjects, ingestResource] as unknown as AnyActivityDef[];
}
