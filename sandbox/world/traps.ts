/** Finds the entity-resolution traps present in a world (computed, so mutate keeps them exact). */
import { PROBE_PORTS } from './catalog.ts';
import { decide, indexInternetIngress, networkKey } from './firewall-eval.ts';
import { isGke } from './findings.ts';
import type { TrapId } from './rules.ts';
import type { World } from './types.ts';

export interface TrapGroup {
  /** The shared value (IP, hostname, MAC) or the resource id for single-member traps. */
  key: string;
  /** Machine ids (or firewall ids for rule traps). */
  members: string[];
}

function groupsOf(entries: Iterable<readonly [string, string, string]>, minScopes: number): TrapGroup[] {
  // entries: [key, scope, member]; a group needs members in at least `minScopes` distinct scopes.
  const byKey = new Map<string, { scopes: Set<string>; members: Set<string> }>();
  for (const [key, scope, member] of entries) {
    const g = byKey.get(key) ?? { scopes: new Set<string>(), members: new Set<string>() };
    g.scopes.add(scope);
    g.members.add(member);
    byKey.set(key, g);
  }
  const out: TrapGroup[] = [];
  for (const [key, g] of byKey)
    if (g.scopes.size >= minScopes && g.members.size >= 2) out.push({ key, members: [...g.members].sort() });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function computeTraps(world: World): Record<TrapId, TrapGroup[]> {
  const { instances } = world.gcp;
  const machineById = new Map(world.machines.map((m) => [m.id, m]));
  const single = (key: string, member: string): TrapGroup => ({ key, members: [member] });

  const equalIp = groupsOf(
    instances.flatMap((i) =>
      i.nics.map((n) => [n.networkIP, networkKey(i.project, n.network), i.machineId] as const),
    ),
    2,
  );
  const hostEntries = instances.map(
    (i) => [machineById.get(i.machineId)?.hostname.toLowerCase() ?? i.name, i.project, i.machineId] as const,
  );
  const equalHost = groupsOf(hostEntries, 2);
  const clones = groupsOf(
    hostEntries.map(([h, p, m]) => [`${p}/${h}`, p, m] as const),
    1,
  );
  const shared = groupsOf(
    world.machines.flatMap((m) => m.nics.map((n) => [n.mac, m.id, m.id] as const)),
    2,
  );

  const running = new Set(instances.filter((i) => i.status === 'RUNNING').map((i) => i.id));
  const ingress = indexInternetIngress(world.gcp.firewalls);
  const sshDenied: TrapGroup[] = [];
  for (const i of instances) {
    if (i.status !== 'RUNNING' || !i.tags.includes('ssh-open')) continue;
    const nic = i.nics.find((n) => n.accessConfigs.some((a) => a.natIP));
    if (!nic) continue;
    const rules = ingress.get(networkKey(i.project, nic.network)) ?? [];
    if (PROBE_PORTS.includes(22) && !decide(rules, i, 22)) sshDenied.push(single(i.id, i.machineId));
  }

  return {
    'trap.equal_private_ip_other_vpc': equalIp,
    'trap.equal_hostname_other_project': equalHost,
    'trap.cloned_vm_same_hostname': clones,
    'trap.shared_mac': shared,
    'trap.agent_without_cloud_identity': world.machines
      .filter((m) => m.gcpInstanceId && m.agent && !m.agent.cloudIdentity)
      .map((m) => single(m.agent?.id ?? '', m.id)),
    'trap.decommissioned_agent_vm_running': world.machines
      .filter(
        (m) =>
          m.agent?.state === 'decommissioned' &&
          m.gcpInstanceId !== undefined &&
          running.has(m.gcpInstanceId),
      )
      .map((m) => single(m.agent?.id ?? '', m.id)),
    'trap.gke_node': instances.filter(isGke).map((i) => single(i.id, i.machineId)),
    'trap.endpoint_without_cloud': world.machines
      .filter((m) => m.kind === 'laptop' || m.kind === 'desktop')
      .map((m) => single(m.id, m.id)),
    'trap.firewall_only_device': world.machines
      .filter((m) => m.kind === 'fw-device')
      .map((m) => single(m.id, m.id)),
    'trap.ssh_denied_by_priority': sshDenied,
    'trap.disabled_allow_all_rule': world.gcp.firewalls
      .filter(
        (f) =>
          f.disabled &&
          (f.sourceRanges ?? []).includes('0.0.0.0/0') &&
          (f.allowed ?? []).some((a) => a.IPProtocol === 'all'),
      )
      .map((f) => single(f.id, f.id)),
  };
}
