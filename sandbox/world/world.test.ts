import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeTruth,
  generateWorld,
  mutate,
  PLANTED_RULE_IDS,
  TRAPS,
  type TrapId,
  type World,
} from './index.ts';
import { fortinetRecordIds } from './gen-fortinet-view.ts';

const digest = (w: World): string => createHash('sha256').update(JSON.stringify(w)).digest('hex');

/** Every id a finding may name, by resource type. */
function recordIds(w: World): Record<string, Set<string>> {
  return {
    gcp_project: new Set(w.gcp.projects.map((p) => p.projectId)),
    gcp_instance: new Set(w.gcp.instances.map((i) => i.id)),
    gcp_firewall: new Set(w.gcp.firewalls.map((f) => f.id)),
    gcp_subnetwork: new Set(w.gcp.subnetworks.map((s) => s.id)),
    gcp_network: new Set(w.gcp.networks.map((n) => n.id)),
    s1_agent: new Set(w.machines.flatMap((m) => (m.agent ? [m.agent.id] : []))),
    vng_server: new Set(w.machines.flatMap((m) => (m.vng ? [m.vng.id] : []))),
    vng_secgroup: new Set((w.vng?.secgroups ?? []).map((g) => g.id)),
    machine: new Set(w.machines.map((m) => m.id)),
    ...fortinetRecordIds(w),
  };
}

function expectConsistentTruth(w: World): void {
  const truth = computeTruth(w);
  const ids = recordIds(w);
  const machineIds = ids.machine as Set<string>;
  for (const rule of PLANTED_RULE_IDS) {
    expect(truth.findings[rule].length, `planted findings for ${rule}`).toBeGreaterThan(0);
    for (const f of truth.findings[rule]) {
      expect(ids[f.type]?.has(f.id), `${rule} names ${f.type} ${f.id}`).toBe(true);
      if (f.machine) expect(machineIds.has(f.machine)).toBe(true);
    }
  }
  for (const trap of Object.keys(TRAPS) as TrapId[]) {
    expect(truth.traps[trap].length, `trap ${trap}`).toBeGreaterThan(0);
  }
  for (const [id, m] of Object.entries(truth.machines)) {
    expect(machineIds.has(id)).toBe(true);
    for (const i of m.gcpInstanceIds) expect(ids.gcp_instance?.has(i)).toBe(true);
  }
  expect(truth.counts.gcp?.gcp_compute_instances).toBe(w.gcp.instances.length);
  const instanceIds = w.gcp.instances.map((i) => i.id);
  expect(new Set(instanceIds).size).toBe(instanceIds.length);
  for (const id of instanceIds) expect(id).toMatch(/^\d{16,20}$/);
}

describe('world generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(digest(generateWorld(42, 'small'))).toBe(digest(generateWorld(42, 'small')));
    expect(digest(generateWorld(42, 'small'))).not.toBe(digest(generateWorld(43, 'small')));
  });

  it('has the documented sizes', () => {
    const small = generateWorld(1, 'small');
    expect(small.gcp.instances).toHaveLength(200);
    expect(small.gcp.projects).toHaveLength(6);
    expect(small.machines.filter((m) => m.kind === 'laptop' || m.kind === 'desktop')).toHaveLength(60);
    expect(small.machines.filter((m) => m.vng)).toHaveLength(30);
  });

  it.each([1, 2, 3, 7, 1234])(
    'plants every finding and trap at small scale (seed %i), all referring to real records',
    (seed) => {
      expectConsistentTruth(generateWorld(seed, 'small'));
    },
  );

  it('plants every finding and trap at medium scale', () => {
    const w = generateWorld(5, 'medium');
    expect(w.gcp.instances).toHaveLength(10_000);
    expectConsistentTruth(w);
  });

  it('keeps exposure semantics: hardened hosts are not reachable on 22, disabled rules are ignored', () => {
    const w = generateWorld(3, 'small');
    const truth = computeTruth(w);
    const denied = new Set(truth.traps['trap.ssh_denied_by_priority'].map((g) => g.key));
    expect(denied.size).toBeGreaterThan(0);
    for (const e of truth.exposures) {
      if (denied.has(e.instanceId)) expect(e.port).not.toBe(22);
      expect(e.firewall).not.toMatch(/temp-allow-all/);
    }
  });
});

describe('mutate', () => {
  it('is deterministic and records exactly what changed', () => {
    const w0 = generateWorld(9, 'small');
    const before = digest(w0);
    const w1 = mutate(w0);
    expect(digest(w0)).toBe(before); // the input world is not modified
    expect(digest(mutate(generateWorld(9, 'small')))).toBe(digest(w1));
    const summary = w1.lastMutation;
    expect(summary?.generation).toBe(1);
    const kinds = new Set(summary?.changes.map((c) => c.kind));
    for (const k of ['created', 'deleted', 'labels', 'nic', 'access_config', 'status'])
      expect(kinds.has(k as never), k).toBe(true);

    const old = new Map(w0.gcp.instances.map((i) => [i.id, i]));
    const now = new Map(w1.gcp.instances.map((i) => [i.id, i]));
    const touched = new Set(summary?.changes.map((c) => c.resourceId));
    for (const c of (summary?.changes ?? []).filter((x) => !x.resourceType.startsWith('vng_'))) {
      if (c.kind === 'created') expect(now.has(c.resourceId) && !old.has(c.resourceId)).toBe(true);
      if (c.kind === 'deleted') expect(!now.has(c.resourceId) && old.has(c.resourceId)).toBe(true);
      if (c.kind === 'labels') expect(now.get(c.resourceId)?.labels[c.childKey ?? '']).toBe(c.after);
      if (c.kind === 'status') expect(now.get(c.resourceId)?.status).toBe(c.after);
      if (c.kind === 'nic') expect(now.get(c.resourceId)?.nics[0]?.networkIP).toBe(c.after);
      if (c.kind === 'access_config') {
        const a = old.get(c.resourceId);
        const b = now.get(c.resourceId);
        // Only the one access config differs; the rest of the instance is byte-identical.
        const strip = (i: typeof a) =>
          JSON.stringify({
            ...i,
            nics: i?.nics.map((n) => ({
              ...n,
              accessConfigs: n.accessConfigs.map((x) => ({ ...x, natIP: '' })),
            })),
          });
        expect(strip(b)).toBe(strip(a));
        expect(b?.nics.flatMap((n) => n.accessConfigs.map((x) => x.natIP))).toContain(c.after);
      }
    }
    // Instances that no change mentions are untouched.
    for (const [id, i] of now) if (!touched.has(id)) expect(i).toBe(old.get(id));
    expectConsistentTruth(w1);
  });
});
