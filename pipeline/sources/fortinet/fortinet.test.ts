// FortiGate ingestion against the sandbox (HTTPS, self-signed certificate), through the real
// client, into a real DuckDB store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORTINET_TABLES } from '../../../db/catalog/tables/fortinet.ts';
import type { Store } from '../../../db/store/types.ts';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { parseFaultSpec } from '../../../sandbox/server/faults.ts';
import { detectedFromMachines } from '../../../sandbox/world/gen-fortinet-view.ts';
import type { World } from '../../../sandbox/world/types.ts';
import { fortinetSourceFromOptions, testFortinetSource } from './sources-cli.ts';
import { fortinetInventoryWorkflow, type FortinetInventoryResult } from './workflows.ts';
import {
  FORTINET_TEST_MIGRATIONS,
  fortinetTestEnv,
  inlineWorkflowContext,
  type TestSource,
} from './testing.ts';

const T1 = '2025-01-06T09:00:00.000Z';
const T2 = '2025-01-07T09:00:00.000Z';
const TABLES = FORTINET_TABLES.map((t) => t.name);

interface FortiEndpoint {
  baseUrl: string;
  apiToken: string;
  certificateSha256: string;
  caPem: string;
  devices: { serial: string; baseUrl: string }[];
}

let sb: RunningSandbox;
let fg: FortiEndpoint;
const stores: TestStore[] = [];

function sources(overrides: Record<string, unknown> = {}, token?: string): Map<string, TestSource> {
  const make = (baseUrl: string): TestSource => ({
    config: {
      baseUrl,
      certificateSha256: fg.certificateSha256,
      rateLimit: { ratePerSecond: 5000, burst: 500 },
      retryInitialDelayMs: 5,
      ...overrides,
    },
    secrets: { apiToken: token ?? fg.apiToken },
  });
  return new Map([
    ['fg-hq', make(fg.devices[0]?.baseUrl ?? '')],
    ['fg-branch', make(fg.devices[1]?.baseUrl ?? '')],
  ]);
}

async function run(
  store: Store,
  sourceId: string,
  collectedAt: string,
  srcs = sources(),
): Promise<FortinetInventoryResult> {
  const env = fortinetTestEnv(store, srcs);
  const { createFortinetActivities } = await import('./activities.ts');
  return fortinetInventoryWorkflow.fn(inlineWorkflowContext(createFortinetActivities(env)), {
    sourceId,
    collectedAt,
  });
}

async function collectAll(
  store: Store,
  collectedAt: string,
  srcs = sources(),
): Promise<FortinetInventoryResult[]> {
  return [await run(store, 'fg-hq', collectedAt, srcs), await run(store, 'fg-branch', collectedAt, srcs)];
}

async function freshStore(): Promise<Store> {
  const t = await openTestStore('duckdb', FORTINET_TEST_MIGRATIONS);
  stores.push(t);
  return t.store;
}

async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM bronze.${t}`);
    out[t] = Number(row?.n);
  }
  return out;
}

async function fingerprint(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const spec of FORTINET_TABLES) {
    const key =
      spec.kind === 'child' ? `resource_id || '/' || kind || '/' || name` : `scope || '/' || resource_id`;
    const rows = await store.query<{ k: string }>(
      `SELECT ${key} || ' ' || content_hash AS k FROM bronze.${spec.name} ORDER BY 1`,
    );
    out[spec.name] = rows.map((r) => r.k);
  }
  return out;
}

async function postSettings(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sb.url}/_sandbox/fortinet/settings`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** Non-volatile state of every machine-backed detected device, by bronze resource id. */
function detectedState(world: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const [scope, list] of detectedFromMachines(world))
    for (const d of list)
      out.set(
        `${scope}/${d.mac}`,
        JSON.stringify([d.ip, d.hostname, d.osName, d.osVersion, d.iface, d.online]),
      );
  return out;
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 3, scale: 'small' });
  fg = sb.endpoints.providers.fortinet as unknown as FortiEndpoint;
});

afterAll(async () => {
  await sb.stop();
  for (const s of stores) await s.dispose();
});

describe('FortiGate collection', () => {
  it('collects every table exactly as the world holds it, over pinned TLS', async () => {
    const store = await freshStore();
    const [hq, branch] = await collectAll(store, T1);
    expect(hq?.complete, JSON.stringify(hq?.failedScopes)).toBe(true);
    expect(branch?.complete, JSON.stringify(branch?.failedScopes)).toBe(true);
    expect(hq?.vdoms).toEqual(['root', 'dmz']);
    // The branch box emulates FortiOS 6.2: device/query answers 404, device/select is used.
    expect(hq?.deviceApi).toBe('monitor/user/device/query');
    expect(branch?.deviceApi).toBe('monitor/user/device/select');
    expect(await counts(store)).toEqual(sb.harness.truth().counts.fortinet);

    const truth = sb.harness.truth().findings;
    const [wan] = await store.query<{ allowaccess: string; role: string }>(
      `SELECT allowaccess, role FROM bronze.fortinet_interfaces WHERE resource_id = $1`,
      [truth['fortinet.admin_access_on_wan'][0]?.id ?? ''],
    );
    expect(wan).toEqual({ allowaccess: 'ping https ssh', role: 'wan' });
    const allowAll = truth['fortinet.policy_allow_all'][0]?.id ?? '';
    const members = await store.query<{ kind: string; name: string }>(
      `SELECT kind, name FROM bronze.fortinet_policy_members WHERE resource_id = $1 AND kind IN ('srcaddr','dstaddr','service') ORDER BY kind`,
      [allowAll],
    );
    expect(members).toEqual([
      { kind: 'dstaddr', name: 'all' },
      { kind: 'service', name: 'ALL' },
      { kind: 'srcaddr', name: 'all' },
    ]);
    const [old] = await store.query<{ version: string; build: number; vdoms_json: string[] }>(
      `SELECT version, build, vdoms_json FROM bronze.fortinet_devices WHERE resource_id = $1`,
      [truth['fortinet.firmware_below_minimum'][0]?.id ?? ''],
    );
    expect(old).toEqual({ version: 'v6.2.15', build: 1378, vdoms_json: ['root'] });

    const machine = sb.world().machines.find((m) => m.kind === 'laptop' && m.fortigate && m.hostname);
    const mac = machine?.nics.find((n) => !n.virtual)?.mac ?? '';
    const [device] = await store.query<{
      hostname: string;
      ipv4_address: string;
      os_name: string;
      detected_interface: string;
      is_online: boolean;
    }>(
      `SELECT hostname, ipv4_address, os_name, detected_interface, is_online FROM bronze.fortinet_detected_devices WHERE mac = $1`,
      [mac],
    );
    expect(device).toEqual({
      hostname: machine?.hostname,
      ipv4_address: machine?.nics.find((n) => !n.virtual)?.ip,
      os_name: machine?.os.name,
      detected_interface: machine?.fortigate?.interface,
      is_online: machine?.fortigate?.isOnline,
    });
    expect(sb.harness.plugins.find((p) => p.name === 'fortinet')?.truthExtras?.().accessTokenRequests).toBe(
      0,
    );
  });

  it('records exactly the world changes after mutate, and no version for last_seen', async () => {
    const local = await startSandbox({ seed: 5, scale: 'small' });
    const saved = fg;
    fg = local.endpoints.providers.fortinet as unknown as FortiEndpoint;
    try {
      const store = await freshStore();
      await collectAll(store, T1);
      const before = local.world();
      const after = local.harness.advance();
      const results = await collectAll(store, T2);
      expect(results.every((r) => r.complete)).toBe(true);
      expect(await counts(store)).toEqual(local.harness.truth().counts.fortinet);

      const mine = after.lastMutation?.changes.filter((c) => c.resourceType.startsWith('fortinet')) ?? [];
      expect(mine.length).toBeGreaterThanOrEqual(4);
      const policyVersions = await store.query<{ resource_id: string }>(
        `SELECT resource_id FROM bronze_history.fortinet_policies WHERE valid_from = $1 ORDER BY 1`,
        [T2],
      );
      expect(policyVersions.map((r) => r.resource_id)).toEqual(
        mine
          .filter((c) => c.table === 'fortinet_policies')
          .map((c) => c.resourceId)
          .sort(),
      );
      const memberChange = mine.find((c) => c.table === 'fortinet_policy_members');
      const opened = await store.query<{ resource_id: string; kind: string; name: string }>(
        `SELECT resource_id, kind, name FROM bronze_history.fortinet_policy_members WHERE valid_from = $1`,
        [T2],
      );
      const closed = await store.query<{ resource_id: string; kind: string; name: string }>(
        `SELECT resource_id, kind, name FROM bronze_history.fortinet_policy_members WHERE valid_to = $1`,
        [T2],
      );
      expect(opened).toEqual([
        { resource_id: memberChange?.resourceId, kind: 'service', name: memberChange?.after },
      ]);
      expect(closed).toEqual([
        { resource_id: memberChange?.resourceId, kind: 'service', name: memberChange?.before },
      ]);

      // Detected devices: versions open exactly where the rendered non-volatile state differs.
      const s0 = detectedState(before);
      const s1 = detectedState(after);
      const changed = [...s1]
        .filter(([id, v]) => s0.get(id) !== v)
        .map(([id]) => id)
        .sort();
      const gone = [...s0.keys()].filter((id) => !s1.has(id)).sort();
      const devOpened = await store.query<{ resource_id: string }>(
        `SELECT resource_id FROM bronze_history.fortinet_detected_devices WHERE valid_from = $1 ORDER BY 1`,
        [T2],
      );
      const devClosed = await store.query<{ resource_id: string }>(
        `SELECT resource_id FROM bronze_history.fortinet_detected_devices WHERE valid_to = $1 ORDER BY 1`,
        [T2],
      );
      expect(devOpened.map((r) => r.resource_id)).toEqual(changed);
      expect(devClosed.map((r) => r.resource_id)).toEqual(
        [...changed.filter((id) => s0.has(id)), ...gone].sort(),
      );
      for (const c of mine.filter((x) => x.table === 'fortinet_detected_devices'))
        expect(changed).toContain(c.resourceId);
      // Online devices' last_seen moved a day forward without opening versions.
      const [fresh] = await store.query<{ n: number }>(
        `SELECT count(*) AS n FROM bronze.fortinet_detected_devices WHERE is_online AND last_seen > $1`,
        [T1],
      );
      expect(Number(fresh?.n)).toBeGreaterThan(changed.length);
    } finally {
      fg = saved;
      await local.stop();
    }
  });

  it('completes under 429/5xx/truncation faults with the same bronze as a clean run', async () => {
    const clean = await freshStore();
    await collectAll(clean, T1);
    const faulty = await freshStore();
    sb.harness.faults.reset(parseFaultSpec('429=0.1,5xx=0.05,truncate=0.01,retry_after=0s'));
    try {
      const results = await collectAll(faulty, T1);
      expect(
        results.every((r) => r.complete),
        JSON.stringify(results.map((r) => r.failedScopes)),
      ).toBe(true);
    } finally {
      sb.harness.faults.reset(parseFaultSpec(''));
    }
    expect(await fingerprint(faulty)).toEqual(await fingerprint(clean));
  });

  it('a scope failing halfway deletes nothing; a forbidden VDOM fails only that scope', async () => {
    const store = await freshStore();
    await collectAll(store, T1);
    const before = await counts(store);
    const hqRoot = `${fg.devices[0]?.serial}/root`;
    const hqDmz = `${fg.devices[0]?.serial}/dmz`;
    await postSettings({ failing: [{ scope: hqRoot, afterStart: 5 }] });
    try {
      const r = await run(store, 'fg-hq', T2, sources({ pageSize: 5, maxAttempts: 2 }));
      expect(r.complete).toBe(false);
      // Listings longer than one page fail on page two; address groups (two) fit in one page.
      const failed = r.failedScopes.filter((f) => f.scope === hqRoot).map((f) => f.table);
      expect(failed).toContain('bronze.fortinet_policies');
      expect(failed).toContain('bronze.fortinet_detected_devices');
      expect(failed).not.toContain('bronze.fortinet_address_groups');
      expect(r.failedScopes.every((f) => f.scope === hqRoot)).toBe(true);
    } finally {
      await postSettings({ failing: [] });
    }
    expect(await counts(store)).toEqual(before);

    await postSettings({ forbiddenVdoms: [hqDmz] });
    try {
      const r = await run(store, 'fg-hq', '2025-01-08T09:00:00.000Z', sources({ vdoms: ['root', 'dmz'] }));
      expect(new Set(r.failedScopes.map((f) => f.scope))).toEqual(new Set([hqDmz]));
      expect(r.failedScopes[0]?.reason).toMatch(/HTTP 403.*VDOM dmz/);
    } finally {
      await postSettings({ forbiddenVdoms: [] });
    }
    expect(await counts(store)).toEqual(before);
  });

  it('a listing whose cursor points back stops with an error and deletes nothing', async () => {
    const store = await freshStore();
    await collectAll(store, T1);
    const before = await counts(store);
    sb.harness.faults.reset(parseFaultSpec('loop=1'));
    try {
      const r = await run(store, 'fg-hq', T2, sources({ pageSize: 4 }));
      expect(r.failedScopes.some((f) => /page loop/.test(f.reason))).toBe(true);
    } finally {
      sb.harness.faults.reset(parseFaultSpec(''));
    }
    expect(await counts(store)).toEqual(before);
  });

  it('falls back to the detected-device endpoint an older FortiOS answers', async () => {
    await postSettings({ deviceApi: 'detected-device' });
    try {
      const store = await freshStore();
      const r = await run(store, 'fg-hq', T1);
      expect(r.deviceApi).toBe('monitor/user/detected-device');
      expect(r.complete).toBe(true);
      const hq = fg.devices[0]?.serial ?? '';
      const expected = [...detectedFromMachines(sb.world())]
        .filter(([k]) => k.startsWith(hq))
        .reduce((n, [, l]) => n + l.length, 0);
      expect(r.tables['bronze.fortinet_detected_devices']?.seen).toBe(expected);
    } finally {
      await postSettings({ deviceApi: null });
    }
  });
});

describe('FortiGate credentials and TLS', () => {
  it('a rejected token fails the run fast, once, naming the source and credential', async () => {
    const store = await freshStore();
    const before = sb.harness.stats.requests;
    await expect(run(store, 'fg-hq', T1, sources({}, 'x'.repeat(30)))).rejects.toThrow(
      /fg-hq.*apiToken.*HTTP 401/,
    );
    expect(sb.harness.stats.requests - before).toBe(1);
  });

  it('an unknown certificate fails without sending the token and says how to pin it', async () => {
    const store = await freshStore();
    const before = sb.harness.stats.requests;
    const srcs = sources();
    const hq = srcs.get('fg-hq') as TestSource;
    delete hq.config.certificateSha256;
    const error = await run(store, 'fg-hq', T1, srcs).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(fg.certificateSha256);
    expect((error as Error).message).toMatch(/certificateSha256.*--certificate-sha256/);
    expect(sb.harness.stats.requests - before).toBe(0);

    hq.config.certificateSha256 = 'AB'.repeat(32);
    await expect(run(store, 'fg-hq', T1, srcs)).rejects.toThrow(/not the pinned/);
    expect(sb.harness.stats.requests - before).toBe(0);

    delete hq.config.certificateSha256;
    hq.config.caPem = fg.caPem;
    const ok = await run(store, 'fg-hq', T1, srcs);
    expect(ok.complete).toBe(true);
  });
  it('`sources test` reports each VDOM and resource, and names what fails', async () => {
    const store = await freshStore();
    const srcs = sources({ vdoms: ['root', 'dmz'] });
    const ok = await testFortinetSource(fortinetTestEnv(store, srcs), 'fg-hq');
    expect(ok.ok, JSON.stringify(ok.checks)).toBe(true);
    expect(ok.checks.find((c) => c.check.endsWith('root detected devices'))?.message).toBe(
      'monitor/user/device/query',
    );
    await postSettings({ forbiddenVdoms: [`${fg.devices[0]?.serial}/dmz`] });
    try {
      const denied = await testFortinetSource(fortinetTestEnv(store, srcs), 'fg-hq');
      expect(denied.ok).toBe(false);
      const failed = denied.checks.filter((c) => !c.ok);
      expect(failed.every((c) => c.check.includes('/dmz'))).toBe(true);
      expect(failed[0]?.message).toMatch(/HTTP 403.*VDOM dmz/);
    } finally {
      await postSettings({ forbiddenVdoms: [] });
    }
    const bad = await testFortinetSource(fortinetTestEnv(store, sources({}, 'y'.repeat(30))), 'fg-hq');
    expect(bad.checks).toEqual([
      {
        check: 'tls+token',
        ok: false,
        message: expect.stringMatching(/apiToken.*HTTP 401/) as unknown as string,
      },
    ]);
    const added = fortinetSourceFromOptions(
      {
        baseUrl: fg.baseUrl,
        certificateSha256: fg.certificateSha256.replace(/:/g, '').toLowerCase(),
      },
      { HOTPOT_FORTINET_API_TOKEN: 't' },
    );
    expect(added.config.certificateSha256).toBe(fg.certificateSha256);
    expect(added.secrets).toEqual({ apiToken: 't' });
  });
});
