// FortiGate activity implementations. Each listing goes through applyListing, so a listing that
// fails halfway keeps what it fetched, deletes nothing and reports why; auth errors end the run.
import { FORTINET_DEVICES } from '../../../db/catalog/tables/fortinet.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { PipelineEnv } from '../../env.ts';
import { implementActivity } from '../../workflows/define.ts';
import type { ActivityContext, AnyActivityDef } from '../../workflows/types.ts';
import { ConfigError } from '../common/config-error.ts';
import { applyListing } from '../common/listing.ts';
import { summarizeListing } from '../common/summary.ts';
import { RateLimiters } from '../common/token-bucket.ts';
import {
  fortinetActivities,
  type FortinetCollectInput,
  type FortinetCollectResult,
  type FortinetDiscoverInput,
  type FortinetDiscoverResult,
} from './activity-refs.ts';
import { FortinetClient } from './client.ts';
import { FORTINET_SECRETS, parseFortinetConfig, type FortinetConfig } from './config.ts';
import { convertDevice } from './convert.ts';
import { fortinetResource, scopeOf } from './resources.ts';

export const FORTINET_PROVIDER = 'fortinet';

export interface FortinetConnection {
  client: FortinetClient;
  config: FortinetConfig;
}

/** Builds a client for a stored source; shared by the activities and `hotpot sources test`. */
export function connectFortinet(
  env: PipelineEnv,
  sourceId: string,
  options: { limiters?: RateLimiters; signal?: AbortSignal } = {},
): FortinetConnection {
  const source = env.source(sourceId);
  if (source.provider !== FORTINET_PROVIDER)
    throw new ConfigError(`source ${sourceId} is a ${source.provider} source, not a FortiGate (fortinet).`);
  let config: FortinetConfig;
  try {
    config = parseFortinetConfig(source.config);
  } catch (error) {
    throw new ConfigError(`source ${sourceId}: ${(error as Error).message}`);
  }
  const [tokenName] = FORTINET_SECRETS;
  const apiToken = env.secret(sourceId, tokenName);
  if (!apiToken)
    throw new ConfigError(
      `source ${sourceId} has no stored ${tokenName}; add it with \`hotpot sources add fortinet --id ${sourceId} --api-token …\`.`,
    );
  const limiter = options.limiters?.for(sourceId, {
    ratePerSec: config.rateLimit.ratePerSecond,
    burst: config.rateLimit.burst,
  });
  const client = new FortinetClient({
    sourceId,
    config,
    apiToken,
    ...(limiter ? { limiter } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { client, config };
}

async function* one(record: SnapshotRecord): AsyncGenerator<SnapshotRecord> {
  yield record;
}

export function createFortinetActivities(env: PipelineEnv): AnyActivityDef[] {
  // One rate limit per source for the whole process, shared by all its activities.
  const limiters = new RateLimiters();

  async function discover(
    input: FortinetDiscoverInput,
    ctx: ActivityContext,
  ): Promise<FortinetDiscoverResult> {
    const { client, config } = connectFortinet(env, input.sourceId, { limiters, signal: ctx.signal });
    try {
      const status = await client.status();
      const vdoms = config.vdoms ?? (await client.vdoms());
      const deviceApi = await client.probeDeviceApi(vdoms[0] ?? 'root');
      ctx.heartbeat({ serial: status.serial });
      const store = await env.store();
      const outcome = await applyListing(
        store,
        env.catalog,
        FORTINET_DEVICES,
        { sourceId: input.sourceId, scope: status.serial, collectedAt: input.collectedAt },
        one(convertDevice(status, vdoms, deviceApi)),
      );
      return {
        serial: status.serial,
        hostname: typeof status.results.hostname === 'string' ? status.results.hostname : '',
        version: status.version,
        build: status.build ?? null,
        vdoms,
        deviceApi,
        device: summarizeListing(outcome),
      };
    } finally {
      client.close();
    }
  }

  async function collect(input: FortinetCollectInput, ctx: ActivityContext): Promise<FortinetCollectResult> {
    const resource = fortinetResource(input.resource);
    if (!resource) throw new ConfigError(`unknown FortiGate resource "${input.resource}"`);
    const { client } = connectFortinet(env, input.sourceId, { limiters, signal: ctx.signal });
    const scope = scopeOf(input.serial, input.vdom);
    let pages = 0;
    let items = 0;
    try {
      const listing = resource.list(
        client,
        { serial: input.serial, vdom: input.vdom, deviceApi: input.deviceApi ?? null },
        (n) => {
          pages++;
          items += n;
          ctx.heartbeat({ scope, resource: input.resource, pages, items });
          ctx.progress({ done: items, unit: 'items', message: `${scope} ${input.resource}` });
        },
      );
      const store = await env.store();
      const outcome = await applyListing(
        store,
        env.catalog,
        resource.table,
        { sourceId: input.sourceId, scope, collectedAt: input.collectedAt },
        listing,
      );
      return { ...summarizeListing(outcome), resource: input.resource, pages, requests: client.requests };
    } finally {
      client.close();
    }
  }

  return [
    implementActivity(fortinetActivities.discover, discover),
    implementActivity(fortinetActivities.collect, collect),
  ];
}
