/**
 * FortiGate part of `mutate`: per generation one HQ policy is disabled/enabled, another has one
 * service replaced (a single member row changes), two detected devices go online/offline and one
 * laptop moves between port1 and wifi-corp. Planted objects never change. Changes are FortiGate-
 * only (no machine IP or hostname changes), so other providers' expectations are untouched.
 */
import { PLANTED_ALLOW_ALL } from './gen-fortinet.ts';
import type { FortiPolicy } from './gen-fortinet-types.ts';
import { detectedFromMachines, scopeKey } from './gen-fortinet-view.ts';
import { isoAt } from './ids.ts';
import { Rng } from './prng.ts';
import type { ExpectedChange, Machine, World } from './types.ts';

const PLANTED_POLICIES = new Set([PLANTED_ALLOW_ALL, 'legacy-any-any', 'deny-any']);
const SWAP_SERVICES = ['HTTP', 'HTTPS', 'SSH', 'DNS', 'NTP', 'SMTP'];

export function mutateFortinet(prev: World, next: World): World {
  const fortinet = next.fortinet ?? prev.fortinet;
  const hq = fortinet?.devices[0];
  const root = hq?.vdoms.find((v) => v.name === 'root');
  if (!fortinet || !hq || !root) return next;
  const rng = Rng.derive(next.seed, `fortinet-mutate/${next.scale}/${next.generation}`);
  const changes: ExpectedChange[] = [];
  const policies = root.policies.map((p) => p);
  const candidates = policies.map((p, i) => [p, i] as const).filter(([p]) => !PLANTED_POLICIES.has(p.name));
  const policyChange = (
    p: FortiPolicy,
    c: Omit<ExpectedChange, 'resourceType' | 'resourceId' | 'machineId'>,
  ): void =>
    void changes.push({
      resourceType: 'fortinet_policy',
      resourceId: `${hq.serial}/root/${p.policyid}`,
      machineId: '',
      ...c,
    });

  if (candidates.length >= 2) {
    const first = rng.int(0, candidates.length - 1);
    const second = (first + 1 + rng.int(0, candidates.length - 2)) % candidates.length;
    const [a, ai] = candidates[first] as readonly [FortiPolicy, number];
    const toggled: FortiPolicy = { ...a, status: a.status === 'enable' ? 'disable' : 'enable' };
    policies[ai] = toggled;
    policyChange(a, { kind: 'policy', table: 'fortinet_policies', before: a.status, after: toggled.status });
    const [b, bi] = candidates[second] as readonly [FortiPolicy, number];
    const old = b.service[0] ?? 'HTTP';
    const replacement = SWAP_SERVICES.find((s) => !b.service.includes(s)) ?? 'HTTPS';
    policies[bi] = { ...b, service: [replacement, ...b.service.slice(1)] };
    policyChange(b, {
      kind: 'policy',
      table: 'fortinet_policy_members',
      childKey: `service/${replacement}`,
      before: old,
      after: replacement,
    });
  }

  // Detected devices: only machine-backed records that are unique in their scope.
  const machines = new Map(next.machines.map((m) => [m.id, m]));
  const views = detectedFromMachines(prev);
  const eligible: { machine: Machine; vdom: string; serial: string }[] = [];
  for (const [key, list] of views)
    for (const d of list) {
      const m = d.machineId ? machines.get(d.machineId) : undefined;
      if (m?.fortigate)
        eligible.push({ machine: m, serial: key.split('/')[0] ?? '', vdom: key.split('/')[1] ?? 'root' });
    }
  const picked = new Set<string>();
  const pick = (pred: (m: Machine) => boolean): (typeof eligible)[number] | undefined => {
    for (let tries = 0; tries < 200 && eligible.length > 0; tries++) {
      const e = rng.pick(eligible);
      if (!picked.has(e.machine.id) && pred(e.machine)) {
        picked.add(e.machine.id);
        return e;
      }
    }
    return undefined;
  };
  const deviceChange = (
    e: (typeof eligible)[number],
    before: string,
    after: string,
    childKey: string,
  ): void => {
    const mac = e.machine.nics.find((n) => !n.virtual)?.mac ?? '';
    changes.push({
      kind: 'detected_device',
      resourceType: 'fortinet_detected_device',
      resourceId: `${scopeKey(e.serial, e.vdom)}/${mac}`,
      machineId: e.machine.id,
      table: 'fortinet_detected_devices',
      childKey,
      before,
      after,
    });
  };
  const nowMs = Date.parse(next.now);
  for (let k = 0; k < 2; k++) {
    const e = pick(() => true);
    const s = e?.machine.fortigate;
    if (!e || !s) continue;
    const copy: Machine = {
      ...e.machine,
      fortigate: {
        ...s,
        isOnline: !s.isOnline,
        lastSeen: isoAt(nowMs - (s.isOnline ? 2 * 3_600_000 : 30_000)),
      },
    };
    machines.set(copy.id, copy);
    deviceChange(e, String(s.isOnline), String(!s.isOnline), 'is_online');
  }
  const mover = pick(
    (m) =>
      m.kind === 'laptop' && (m.fortigate?.interface === 'port1' || m.fortigate?.interface === 'wifi-corp'),
  );
  const ms = mover?.machine.fortigate;
  if (mover && ms) {
    const to = ms.interface === 'port1' ? 'wifi-corp' : 'port1';
    machines.set(mover.machine.id, { ...mover.machine, fortigate: { ...ms, interface: to } });
    deviceChange(mover, ms.interface, to, 'detected_interface');
  }

  const summary = next.lastMutation;
  return {
    ...next,
    machines: next.machines.map((m) => machines.get(m.id) ?? m),
    fortinet: {
      devices: fortinet.devices.map((d) =>
        d === hq ? { ...hq, vdoms: hq.vdoms.map((v) => (v === root ? { ...root, policies } : v)) } : d,
      ),
    },
    ...(summary
      ? {
          lastMutation: {
            ...summary,
            changed: summary.changed + changes.length,
            changes: [...summary.changes, ...changes],
          },
        }
      : {}),
  };
}
