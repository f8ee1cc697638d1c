// VNG Cloud ingest: every project of a sandbox world (medium: 1,200 servers with interfaces and
// security groups, their volumes, VPCs, subnets, security groups with rules, public IPs) collected
// through the real client, converters and history engine into DuckDB, twice (first load, then an
// unchanged reload). Floor, same run: the same server pages fetched with plain fetch, parsed and
// appended with the store's bulk path, without conversion, hashing or history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VNG_SERVERS } from '../db/catalog/tables/vng.ts';
import { migrate } from '../db/migrations/runner.ts';
import { openStore } from '../db/store/open.ts';
import type { BulkValue } from '../db/store/types.ts';
import { createVngActivities } from '../pipeline/sources/vng/activities.ts';
import { VNG_RESOURCE_KEYS } from '../pipeline/sources/vng/refs.ts';
import { testActivityContext, VNG_TEST_MIGRATIONS, vngTestEnv } from '../pipeline/sources/vng/testing.ts';
import { startSandbox } from '../sandbox/index.ts';
import { isScale } from '../sandbox/world/scales.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const scaleName = option('scale', 'medium');
const scale = isScale(scaleName) ? scaleName : 'medium';
const PAGE = Number(option('page-size', '100'));

const sb = await startSandbox({ seed: 1, scale });
const vng = sb.endpoints.providers.vng as Record<string, string | string[]>;
const dir = mkdtempSync(join(tmpdir(), 'hotpot-vng-bench-'));
try {
  const store = await openStore(join(dir, 'pipeline.duckdb'));
  await migrate(store, VNG_TEST_MIGRATIONS);
  const env = vngTestEnv(store, [
    {
      id: 'vng-bench',
      clientSecret: String(vng.clientSecret),
      config: {
        iamUrl: vng.iamUrl,
        gatewayUrlTemplate: vng.gatewayUrlTemplate,
        clientId: vng.clientId,
        regions: vng.regions,
        pageSize: PAGE,
        rateLimit: { ratePerSecond: 100_000, burst: 100_000 },
      },
    },
  ]);
  const acts = createVngActivities(env);
  const ctx = testActivityContext();
  const discovered = await acts.discover.fn(
    { sourceId: 'vng-bench', collectedAt: '2025-01-06T08:00:00Z' },
    ctx,
  );
  const scopes = discovered.scopes;

  const collect = async (resources: readonly (typeof VNG_RESOURCE_KEYS)[number][], collectedAt: string) => {
    let rows = 0;
    for (const s of scopes)
      for (const resource of resources) {
        const r = await acts.collect.fn(
          { sourceId: 'vng-bench', region: s.region, projectId: s.projectId, resource, collectedAt },
          ctx,
        );
        if (r.error) throw new Error(r.error);
        rows += r.seen;
      }
    return rows;
  };

  // Floor: plain fetch of the same server pages, JSON.parse, raw appender into the same table shape.
  const floorStore = await openStore(join(dir, 'floor.duckdb'));
  await migrate(floorStore, VNG_TEST_MIGRATIONS);
  const token = await acts.clientFor('vng-bench').client.tokens.token();
  const floor = await timed(async () => {
    let n = 0;
    for (const s of scopes) {
      const base = String(vng.gatewayUrlTemplate).replace('{region}', s.region);
      for (let page = 1; ; page++) {
        const res = await fetch(`${base}/v2/${s.projectId}/servers?page=${page}&size=${PAGE}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as { listData: Record<string, unknown>[]; totalPage: number };
        const rows: BulkValue[][] = body.listData.map((item) =>
          VNG_SERVERS.columns.map((c): BulkValue => {
            if (c.name === 'resource_id') return String(item.uuid);
            if (c.name === 'source_id') return 'vng-bench';
            if (c.name === 'scope') return s.scope;
            if (c.type === 'timestamp') return '2025-01-06T08:00:00.000Z';
            if (c.name === 'history_id') return BigInt(n);
            if (c.name.endsWith('hash')) return '';
            const v = item[c.name.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())];
            return typeof v === 'string' || typeof v === 'boolean' ? v : null;
          }),
        );
        n += rows.length;
        await floorStore.bulkInsert(
          { schema: 'bronze', table: 'vng_servers', columns: VNG_SERVERS.columns },
          rows,
        );
        if (page >= body.totalPage) break;
      }
    }
    return n;
  });

  const servers = await timed(() => collect(['servers'], '2025-01-06T08:00:00Z'));
  const all = await timed(() => collect(VNG_RESOURCE_KEYS, '2025-01-06T08:00:00Z'));
  const reload = await timed(() => collect(VNG_RESOURCE_KEYS, '2025-01-07T08:00:00Z'));
  report('vng-ingest', {
    scale,
    pageSize: PAGE,
    scopes: scopes.length,
    servers: servers.result,
    floorServersMs: floor.ms,
    serversMs: servers.ms,
    serversVsFloor: Math.round((servers.ms / Math.max(1, floor.ms)) * 100) / 100,
    allTablesRows: all.result,
    allTablesMs: all.ms,
    unchangedReloadMs: reload.ms,
    tokenRequests: (
      sb.harness.truth() &&
      (sb.harness.plugins.find((p) => p.name === 'vng')?.truthExtras?.() ?? {})
    ).tokenRequests,
    peakRssMiB: peakRssMiB(),
  });
  await floorStore.close();
  await store.close();
} finally {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
}
