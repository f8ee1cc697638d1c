// SentinelOne activity implementations. Each applies whole listings through applyListing, so a
// listing that fails halfway keeps what it fetched, deletes nothing and reports why.
import type { ApplyResult, SnapshotRecord } from '../../../db/history/types.ts';
import type { PipelineEnv } from '../../env.ts';
import { implementActivity } from '../../workflows/define.ts';
import type { ActivityContext, AnyActivityDef } from '../../workflows/types.ts';
import { AuthError } from '../common/errors.ts';
import { applyListing, type ListingOutcome } from '../common/listing.ts';
import { RateLimiters } from '../common/token-bucket.ts';
import {
  collectS1Site,
  collectS1Tenant,
  type S1ListingSummary,
  type S1SiteRef,
  type S1TenantResult,
} from './activity-refs.ts';
import { S1Client, type S1ClientOptions, type S1Item } from './client.ts';
import { ConfigError, S1_API_TOKEN, S1_PROVIDER, parseS1Config, type S1Config } from './config.ts';
import { idText } from './convert.ts';
import { SITE_RESOURCES, TENANT_RESOURCES, TENANT_SCOPE, records, siteResources } from './resources.ts';

export interface S1ActivityOptions {
  /** HTTP retry overrides (tests shorten the backoff). */
  http?: S1ClientOptions['http'];
}

const MAX_REJECTIONS_REPORTED = 20;

export function summarize(outcome: ListingOutcome): S1ListingSummary {
  const r: ApplyResult | undefined = outcome.result;
  return {
    table: outcome.table,
    scope: outcome.scope,
    complete: outcome.error === undefined,
    seen: r?.seen ?? 0,
    inserted: r?.inserted ?? 0,
    changed: r?.changed ?? 0,
    unchanged: r?.unchanged ?? 0,
    deleted: r?.deleted ?? 0,
    historyRows: r?.historyRows ?? 0,
    rejected: r?.rejected.length ?? 0,
    rejections: (r?.rejected ?? []).slice(0, MAX_REJECTIONS_REPORTED).map((x) => ({
      table: x.table,
      ...(x.resourceId ? { resourceId: x.resourceId } : {}),
      reason: x.reason,
    })),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}

/** Yields the pages already fetched, then the rest. */
async function* prepend<T>(first: T, rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield first;
  yield* rest;
}

export function createS1Activities(env: PipelineEnv, options: S1ActivityOptions = {}): AnyActivityDef[] {
  // One rate limit per source for the whole process, shared by all its activities.
  const limiters = new RateLimiters();

  function connect(sourceId: string, ctx: ActivityContext): { client: S1Client; config: S1Config } {
    const source = env.source(sourceId);
    if (source.provider !== S1_PROVIDER)
      throw new ConfigError(`source ${sourceId} is a ${source.provider} source, not SentinelOne (s1).`);
    const config = parseS1Config(source.config);
    const apiToken = env.secret(sourceId, S1_API_TOKEN);
    if (!apiToken)
      throw new ConfigError(
        `source ${sourceId} has no stored ${S1_API_TOKEN}; add it with \`hotpot sources add s1 --id ${sourceId} --api-token …\`.`,
      );
    const limiter = limiters.for(sourceId, {
      ratePerSec: config.rateLimit.ratePerSecond,
      burst: config.rateLimit.burst,
    });
    const client = new S1Client({
      sourceId,
      baseUrl: config.baseUrl,
      apiToken,
      pageSize: config.pageSize,
      limiter,
      timeoutMs: config.timeoutMs,
      signal: ctx.signal,
      ...(options.http ? { http: options.http } : {}),
    });
    return { client, config };
  }

  function hooks(ctx: ActivityContext, unit: string): { onPage(n: number): void } {
    let done = 0;
    return {
      onPage(n) {
        done += n;
        ctx.heartbeat({ done });
        ctx.progress({ done, unit });
      },
    };
  }

  const tenant = implementActivity(collectS1Tenant, async (input, ctx): Promise<S1TenantResult> => {
    const { client, config } = connect(input.sourceId, ctx);
    const store = await env.store();
    const scope = { sourceId: input.sourceId, scope: TENANT_SCOPE, collectedAt: input.collectedAt };
    const listings: S1ListingSummary[] = [];

    // A site-scoped token gets 403 here; it still collects its sites. A 401 is a bad token.
    const accountPages = client.accounts();
    let first: IteratorResult<S1Item[]> | undefined;
    try {
      first = await accountPages.next();
    } catch (error) {
      if (!(error instanceof AuthError && error.status === 403)) throw error;
    }
    if (first) {
      const pages = first.done ? accountPages : prepend(first.value, accountPages);
      const { table, convert } = TENANT_RESOURCES.accounts;
      listings.push(summarize(await applyListing(store, env.catalog, table, scope, records(pages, convert))));
    }

    const visible: S1SiteRef[] = [];
    const { table, convert } = TENANT_RESOURCES.sites;
    const seeSite = (site: S1Item): SnapshotRecord => {
      const id = idText(site.id);
      if (id) visible.push({ id, name: String(site.name ?? id), accountId: idText(site.accountId) ?? null });
      return convert(site);
    };
    listings.push(
      summarize(
        await applyListing(
          store,
          env.catalog,
          table,
          scope,
          records(client.sites(), seeSite, hooks(ctx, 'sites')),
        ),
      ),
    );

    const wanted = new Set(config.siteIds);
    return {
      sites: wanted.size === 0 ? visible : visible.filter((s) => wanted.has(s.id)),
      resources: siteResources(config),
      accountsVisible: first !== undefined,
      listings,
      missingSites: config.siteIds.filter((id) => !visible.some((s) => s.id === id)),
    };
  });

  const site = implementActivity(collectS1Site, async (input, ctx): Promise<S1ListingSummary> => {
    const { client, config } = connect(input.sourceId, ctx);
    const spec = SITE_RESOURCES[input.resource];
    if (!spec) throw new ConfigError(`unknown SentinelOne resource "${String(input.resource)}"`);
    const store = await env.store();
    const listing = spec.list(client, input.siteId, {
      ...hooks(ctx, input.resource === 'applications' ? 'agents' : input.resource),
      concurrency: config.applicationConcurrency,
    });
    const scope = { sourceId: input.sourceId, scope: input.siteId, collectedAt: input.collectedAt };
    return summarize(await applyListing(store, env.catalog, spec.table, scope, listing));
  });

  return [tenant, site];
}
