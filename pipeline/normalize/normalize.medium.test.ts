// The acceptance run at `medium` scale (10,000 GCP VMs, 1,200 VNG servers, 2,500 endpoints, 400
// firewall-only devices): the one medium-scale test file of normalize. Collecting the world takes
// a few minutes, so it happens once, in beforeAll.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import type { Store } from '../../db/store/types.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../sources/testing/sandbox-workspace.ts';
import { normalizeSilver } from './normalize.ts';
import {
  ALL_PROVIDERS,
  assetAssignments,
  edrNoneDifference,
  exposureDifference,
  fetchTruth,
  ingestAll,
  unthrottleS1,
  type WorldTruth,
} from './testing/fixture.ts';
import { scoreMerge } from './testing/score.ts';

describe('normalize acceptance (medium)', () => {
  let sb: RunningSandbox;
  let ws: SandboxWorkspace;
  let store: Store;
  let truth: WorldTruth;

  beforeAll(async () => {
    sb = await startSandbox({ seed: 3, scale: 'medium' });
    ws = await sandboxWorkspace(sb, ALL_PROVIDERS);
    unthrottleS1(ws);
    await ingestAll(ws);
    truth = await fetchTruth(sb);
    store = await ws.runtime.env.store();
    await normalizeSilver(store, ws.runtime.env.catalog);
  }, 30 * 60_000);
  afterAll(async () => {
    await ws?.dispose();
    await sb?.stop();
  });

  test('pairwise precision and recall of "same machine" are at least 0.99, traps present', async () => {
    const traps = Object.fromEntries(Object.entries(truth.traps).map(([k, v]) => [k, v.length]));
    console.log('medium traps', JSON.stringify(traps));
    for (const trap of [
      'trap.equal_private_ip_other_vpc',
      'trap.equal_hostname_other_project',
      'trap.cloned_vm_same_hostname',
      'trap.shared_mac',
      'trap.agent_without_cloud_identity',
      'trap.decommissioned_agent_vm_running',
      'trap.gke_node',
    ])
      expect(traps[trap], trap).toBeGreaterThan(0);
    const score = await scoreMerge(store, truth.machines);
    console.log('medium merge confusion', JSON.stringify(score));
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
  });

  test('cloud VMs with edr = none are exactly the planted set', async () => {
    const d = await edrNoneDifference(store, truth);
    console.log(
      'medium edr none',
      JSON.stringify({ ...d, missing: d.missing.slice(0, 5), extra: d.extra.slice(0, 5) }),
    );
    expect(d.missing).toEqual([]);
    expect(d.extra).toEqual([]);
  });

  test('planted internet-reachable ports all appear, blocked ones never', async () => {
    const d = await exposureDifference(store, truth);
    expect(d.planted).toBeGreaterThan(0);
    expect(d.missing).toEqual([]);
    expect(d.blocked).toEqual([]);
  });

  test(
    'asset ids are identical after unrelated changes (mutate, collect, normalize)',
    async () => {
      const before = await assetAssignments(store);
      expect((await fetch(`${sb.url}/_sandbox/mutate`, { method: 'POST' })).ok).toBe(true);
      await ingestAll(ws);
      await normalizeSilver(store, ws.runtime.env.catalog);
      const after = await assetAssignments(store);
      const moved = [...before].filter(([record, asset]) => after.has(record) && after.get(record) !== asset);
      expect(moved).toEqual([]);
    },
    10 * 60_000,
  );
});
