// FortiGate ingestion: one appliance with 50k detected devices and 10k policies (sandbox over
// HTTPS, pinned certificate) into DuckDB. Figures: the two big listings through the pipeline
// (client, converters, history engine) against a floor fetching the same pages over the same
// TLS with a bare https GET, JSON.parse and appending the rows with the store's bulk path; then
// the whole workflow: first load, unchanged reload, and reload after one mutate.
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FORTINET_DETECTED_DEVICES,
  FORTINET_POLICIES,
  FORTINET_POLICY_MEMBERS,
} from '../db/catalog/tables/fortinet.ts';
import type { TableSpec } from '../db/catalog/types.ts';
import { migrate } from '../db/migrations/runner.ts';
import { openStore } from '../db/store/open.ts';
import type { BulkValue, Store } from '../db/store/types.ts';
import { fortinetInventoryWorkflow } from '../pipeline/sources/fortinet/workflows.ts';
import {
  FORTINET_TEST_MIGRATIONS,
  fortinetTestActivities,
  fortinetTestEnv,
  inlineWorkflowContext,
  type TestSource,
} from '../pipeline/sources/fortinet/testing.ts';
import { startSandbox } from '../sandbox/index.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const DEVICES = Number(option('devices', '50000'));
const POLICIES = Number(option('policies', '10000'));
const PAGE = Number(option('page-size', '1000'));

interface FortiEndpoint {
  apiToken: string;
  certificateSha256: string;
  caPem: string;
  devices: { serial: string; baseUrl: string }[];
}

const sb = await startSandbox({
  seed: 1,
  scale: 'small',
  fortinet: { load: { detectedDevices: DEVICES, policies: POLICIES } },
});
const fg = sb.endpoints.providers.fortinet as unknown as FortiEndpoint;
const hq = fg.devices[0] ?? { serial: '', baseUrl: '' };
const dir = mkdtempSync(join(tmpdir(), 'hotpot-bench-fg-'));
let n = 0;
async function freshStore(): Promise<Store> {
  const store = await openStore(join(dir, `s${n++}.duckdb`));
  await migrate(store, FORTINET_TEST_MIGRATIONS);
  return store;
}
const source = (): Map<string, TestSource> =>
  new Map([
    [
      'fg-hq',
      {
        config: {
          baseUrl: hq.baseUrl,
          certificateSha256: fg.certificateSha256,
          pageSize: PAGE,
          rateLimit: { ratePerSecond: 100_000, burst: 1_000 },
        },
        secrets: { apiToken: fg.apiToken },
      },
    ],
  ]);

const agent = new https.Agent({ keepAlive: true, ca: fg.caPem });
function getJson(path: string): Promise<{ results: Record<string, unknown>[] }> {
  const url = new URL(`${hq.baseUrl}${path}`);
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          agent,
          headers: { authorization: `Bearer ${fg.apiToken}` },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () =>
            resolve(
              JSON.parse(Buffer.concat(parts).toString('utf8')) as { results: Record<string, unknown>[] },
            ),
          );
        },
      )
      .on('error', reject);
  });
}

/** The floor: same pages, same TLS, parse, one row per item (and member) appended in bulk. */
async function floor(store: Store): Promise<number> {
  const std = {
    source_id: 'fg-hq',
    collected_at: '2025-01-06T09:00:00Z',
    first_collected_at: '2025-01-06T09:00:00Z',
    content_hash: 'h',
    tree_hash: 'h',
    history_id: 1,
  };
  const values = (spec: TableSpec, row: Record<string, unknown>): BulkValue[] =>
    spec.columns.map((c) => {
      const v = row[c.name];
      if (v === undefined || v === null) return null;
      if (c.type === 'timestamp' && typeof v === 'number') return new Date(v * 1000).toISOString();
      return c.type === 'json'
        ? JSON.stringify(v)
        : typeof v === 'object'
          ? JSON.stringify(v)
          : (v as BulkValue);
    });
  const { ms } = await timed(() =>
    store.transaction(async (tx) => {
      for (const [path, spec] of [
        ['/api/v2/cmdb/firewall/policy', FORTINET_POLICIES],
        ['/api/v2/monitor/user/device/query', FORTINET_DETECTED_DEVICES],
      ] as const) {
        let pending: BulkValue[][] = [];
        let pendingMembers: BulkValue[][] = [];
        for (let start = 0; ; start += PAGE) {
          const page = await getJson(`${path}?vdom=root&start=${start}&count=${PAGE}`);
          const rows: BulkValue[][] = [];
          const members: BulkValue[][] = [];
          for (const item of page.results) {
            const id = `${hq.serial}/root/${String(item.policyid ?? item.mac)}`;
            rows.push(
              values(spec, { ...item, ...std, resource_id: id, scope: `${hq.serial}/root`, vdom: 'root' }),
            );
            if (spec === FORTINET_POLICIES)
              for (const kind of ['srcintf', 'dstintf', 'srcaddr', 'dstaddr', 'service'])
                for (const m of item[kind] as { name: string }[])
                  members.push(
                    values(FORTINET_POLICY_MEMBERS, { ...std, resource_id: id, kind, name: m.name }),
                  );
          }
          pending.push(...rows);
          pendingMembers.push(...members);
          // Same batch size as the history-apply floor: one append per ~5000 rows.
          if (pending.length >= 5000 || page.results.length < PAGE) {
            await tx.bulkInsert({ schema: 'bronze', table: spec.name, columns: spec.columns }, pending);
            if (pendingMembers.length > 0)
              await tx.bulkInsert(
                {
                  schema: 'bronze',
                  table: FORTINET_POLICY_MEMBERS.name,
                  columns: FORTINET_POLICY_MEMBERS.columns,
                },
                pendingMembers,
              );
            pending = [];
            pendingMembers = [];
          }
          if (page.results.length < PAGE) break;
        }
      }
    }),
  );
  return ms;
}

async function historyRows(store: Store): Promise<number> {
  let total = 0;
  for (const t of ['fortinet_policies', 'fortinet_policy_members', 'fortinet_detected_devices']) {
    const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze_history.${t}`);
    total += Number(row?.n ?? 0);
  }
  return total;
}

/** Fetch and parse only: what the sandbox and TLS cost, shared by the floor and the pipeline. */
async function fetchOnly(): Promise<number> {
  const { ms } = await timed(async () => {
    for (const path of ['/api/v2/cmdb/firewall/policy', '/api/v2/monitor/user/device/query'])
      for (let start = 0; ; start += PAGE)
        if ((await getJson(`${path}?vdom=root&start=${start}&count=${PAGE}`)).results.length < PAGE) break;
  });
  return ms;
}

try {
  await fetchOnly(); // warm-up: JIT, sandbox caches, TLS sessions
  const fetchOnlyMs = await fetchOnly();
  const floorStore = await freshStore();
  const floorMs = await floor(floorStore);
  await floorStore.close();

  // The same two listings through the pipeline (activity implementations, real client).
  const listStore = await freshStore();
  const acts = fortinetTestActivities(fortinetTestEnv(listStore, source()));
  const base = {
    sourceId: 'fg-hq',
    collectedAt: '2025-01-06T09:00:00.000Z',
    serial: hq.serial,
    vdom: 'root',
    deviceApi: 'monitor/user/device/query',
  };
  const listings = await timed(async () => [
    await acts.collect({ ...base, resource: 'policies' }),
    await acts.collect({ ...base, resource: 'detected_devices' }),
  ]);
  await listStore.close();

  const store = await freshStore();
  const env = fortinetTestEnv(store, source());
  const defs = fortinetTestActivities(env).defs;
  const run = (at: string) =>
    fortinetInventoryWorkflow.fn(inlineWorkflowContext(defs), { sourceId: 'fg-hq', collectedAt: at });
  const first = await timed(() => run('2025-01-06T09:00:00.000Z'));
  const afterFirst = await historyRows(store);
  const unchanged = await timed(() => run('2025-01-06T21:00:00.000Z'));
  const afterUnchanged = await historyRows(store);
  sb.harness.advance();
  const changed = await timed(() => run('2025-01-07T09:00:00.000Z'));
  const afterChanged = await historyRows(store);
  await store.close();

  report('fortinet', {
    store: 'duckdb',
    detectedDevices: DEVICES,
    policies: POLICIES,
    pageSize: PAGE,
    fetchOnlyMs,
    floorMs,
    listingsMs: listings.ms,
    listingsVsFloor: Math.round((listings.ms / floorMs) * 100) / 100,
    listingRequests: listings.result.reduce((s, r) => s + r.requests, 0),
    firstRunMs: first.ms,
    firstRunRows: first.result.rows,
    firstRunComplete: first.result.complete,
    firstRunHistoryRows: afterFirst,
    unchangedRunMs: unchanged.ms,
    unchangedHistoryRows: afterUnchanged - afterFirst,
    changedRunMs: changed.ms,
    changedHistoryRows: afterChanged - afterUnchanged,
    requests: sb.harness.stats.requests,
    peakRssMiB: peakRssMiB(),
  });
} finally {
  agent.destroy();
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
}
