// VNG activity implementations over a PipelineEnv. One client (token, rate limit) per source and
// process, shared by every activity of that source, so a run asks the IAM for a token once and
// again only when it is about to expire or is rejected.
import { createHash } from 'node:crypto';
import { VNG_PROJECTS } from '../../../db/catalog/tables/vng.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { PipelineEnv } from '../../env.ts';
import { implementActivity } from '../../workflows/define.ts';
import type { ActivityContext } from '../../workflows/types.ts';
import { AuthError } from '../common/errors.ts';
import { applyListing, type ListingOutcome } from '../common/listing.ts';
import { VngClient } from './client.ts';
import { parseVngConfig, VNG_CLIENT_SECRET, VNG_PROVIDER, VngConfigError, type VngConfig } from './config.ts';
import { convertProject } from './convert.ts';
import {
  VNG_COLLECT,
  VNG_DISCOVER,
  type VngCollectInput,
  type VngDiscoverInput,
  type VngDiscoverOutput,
  type VngListingSummary,
  type VngScope,
} from './refs.ts';
import { vngResource, vngScopeName } from './resources.ts';

export interface VngActivityOptions {
  /** Replaces global fetch (tests count or intercept requests). */
  fetch?: typeof fetch;
  /** Clock of the token manager (tests move it past the token lifetime). */
  now?: () => number;
}

function summarize(outcome: ListingOutcome): VngListingSummary {
  const r = outcome.result;
  return {
    table: outcome.table,
    scope: outcome.scope,
    seen: r?.seen ?? 0,
    inserted: r?.inserted ?? 0,
    changed: r?.changed ?? 0,
    unchanged: r?.unchanged ?? 0,
    deleted: r?.deleted ?? 0,
    complete: r?.deletedMissing ?? false,
    rejected: (r?.rejected ?? []).map((x) => ({
      table: x.table,
      ...(x.resourceId !== undefined ? { resourceId: x.resourceId } : {}),
      reason: x.reason,
    })),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Builds the VNG client of a source, reusing the process-wide one while config and secret match. */
export function vngClientFactory(env: PipelineEnv, options: VngActivityOptions = {}) {
  const clients = new Map<string, { fingerprint: string; client: VngClient; config: VngConfig }>();
  return (sourceId: string): { client: VngClient; config: VngConfig } => {
    const source = env.source(sourceId);
    if (source.provider !== VNG_PROVIDER)
      throw new VngConfigError(`source ${sourceId} is a ${source.provider} source, not a VNG Cloud source.`);
    const config = parseVngConfig(source.config);
    const secret = env.secret(sourceId, VNG_CLIENT_SECRET);
    if (!secret)
      throw new VngConfigError(
        `source ${sourceId}: no ${VNG_CLIENT_SECRET} is stored; add it with \`hotpot sources add vng --id ${sourceId} --client-secret …\`.`,
      );
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(config))
      .update('\0')
      .update(secret)
      .digest('hex');
    const cached = clients.get(sourceId);
    if (cached?.fingerprint === fingerprint) return cached;
    const client = new VngClient({
      sourceId,
      config,
      clientSecret: secret,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const entry = { fingerprint, client, config };
    clients.set(sourceId, entry);
    return entry;
  };
}

function progressOf(ctx: ActivityContext, label: string) {
  let items = 0;
  return (info: { url: string; items: number }): void => {
    items += info.items;
    ctx.heartbeat({ items });
    ctx.progress({ done: items, unit: 'items', message: label });
  };
}

export function createVngActivities(env: PipelineEnv, options: VngActivityOptions = {}) {
  const clientFor = vngClientFactory(env, options);

  const discover = implementActivity(
    VNG_DISCOVER,
    async (input: VngDiscoverInput, ctx): Promise<VngDiscoverOutput> => {
      const { client: base, config } = clientFor(input.sourceId);
      const client = base.withContext(ctx.signal, progressOf(ctx, `${input.sourceId}: projects`));
      const store = await env.store();
      const wanted = new Set(config.projects);
      const out: VngDiscoverOutput = { scopes: [], projects: [], failedRegions: [] };
      const seen = new Set<string>();
      for (const region of config.regions) {
        let items;
        try {
          items = await client.projects(region);
        } catch (error) {
          if (error instanceof AuthError) throw error;
          out.failedRegions.push({ region, error: error instanceof Error ? error.message : String(error) });
          continue;
        }
        const records: SnapshotRecord[] = items.map((item) => convertProject(item, region));
        const outcome = await applyListing(
          store,
          env.catalog,
          VNG_PROJECTS,
          { sourceId: input.sourceId, scope: region, collectedAt: input.collectedAt },
          fromArray(records),
        );
        out.projects.push(summarize(outcome));
        for (const r of records) {
          const projectId = r.row.resource_id;
          if (typeof projectId !== 'string' || (wanted.size > 0 && !wanted.has(projectId))) continue;
          seen.add(projectId);
          out.scopes.push({ region, projectId, scope: vngScopeName(region, projectId) } satisfies VngScope);
        }
      }
      for (const p of wanted)
        if (!seen.has(p))
          out.failedRegions.push({
            region: config.regions.join(','),
            error: `configured project ${p} is not visible to client ${config.clientId} in regions ${config.regions.join(', ')}`,
          });
      return out;
    },
  );

  const collect = implementActivity(
    VNG_COLLECT,
    async (input: VngCollectInput, ctx): Promise<VngListingSummary> => {
      const resource = vngResource(input.resource);
      const scope = vngScopeName(input.region, input.projectId);
      const { client: base } = clientFor(input.sourceId);
      const client = base.withContext(ctx.signal, progressOf(ctx, `${scope}: ${resource.table.name}`));
      const store = await env.store();
      const outcome = await applyListing(
        store,
        env.catalog,
        resource.table,
        { sourceId: input.sourceId, scope, collectedAt: input.collectedAt },
        resource.list(client, { region: input.region, projectId: input.projectId }),
      );
      return summarize(outcome);
    },
  );

  return { discover, collect, clientFor };
}

export type VngActivities = ReturnType<typeof createVngActivities>;
