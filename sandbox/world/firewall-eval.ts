/**
 * GCP VPC firewall semantics for one question: which TCP ports of an instance can be reached
 * from the internet (0.0.0.0/0)? Lower priority number wins; at equal priority deny wins;
 * disabled rules and source-tag-only rules do not apply to internet traffic.
 */
import type { GcpFirewall, GcpFirewallRule, GcpInstance } from './types.ts';

export interface Reachable {
  port: number;
  firewall: string;
  nic: string;
  natIP: string;
}

export function networkKey(project: string, network: string): string {
  return `${project}/${network}`;
}

/** Enabled ingress rules from anywhere, per network, sorted by evaluation order. */
export function indexInternetIngress(firewalls: readonly GcpFirewall[]): Map<string, GcpFirewall[]> {
  const map = new Map<string, GcpFirewall[]>();
  for (const f of firewalls) {
    if (f.disabled || f.direction !== 'INGRESS' || !(f.sourceRanges ?? []).includes('0.0.0.0/0')) continue;
    const key = networkKey(f.project, f.network);
    const list = map.get(key) ?? [];
    list.push(f);
    map.set(key, list);
  }
  for (const list of map.values()) {
    list.sort((a, b) => a.priority - b.priority || (a.denied ? 0 : 1) - (b.denied ? 0 : 1));
  }
  return map;
}

export function portMatches(rules: readonly GcpFirewallRule[] | undefined, port: number): boolean {
  for (const r of rules ?? []) {
    if (r.IPProtocol !== 'all' && r.IPProtocol !== 'tcp' && r.IPProtocol !== '6') continue;
    if (!r.ports || r.ports.length === 0) return true;
    for (const p of r.ports) {
      const [lo, hi] = p.split('-').map(Number);
      if (lo !== undefined && port >= lo && port <= (hi ?? lo)) return true;
    }
  }
  return false;
}

export function appliesTo(f: GcpFirewall, instance: GcpInstance): boolean {
  if (f.targetTags && f.targetTags.length > 0) return f.targetTags.some((t) => instance.tags.includes(t));
  if (f.targetServiceAccounts && f.targetServiceAccounts.length > 0) {
    return instance.serviceAccounts.some((sa) => f.targetServiceAccounts?.includes(sa.email));
  }
  return true;
}

/** Decision for one port: the first matching rule's name if it allows, undefined otherwise. */
export function decide(
  rules: readonly GcpFirewall[],
  instance: GcpInstance,
  port: number,
): string | undefined {
  for (const f of rules) {
    if (!appliesTo(f, instance)) continue;
    if (f.denied && portMatches(f.denied, port)) return undefined;
    if (f.allowed && portMatches(f.allowed, port)) return f.name;
  }
  return undefined;
}

export function internetReachable(
  instance: GcpInstance,
  index: ReadonlyMap<string, readonly GcpFirewall[]>,
  ports: readonly number[],
): Reachable[] {
  if (instance.status !== 'RUNNING') return [];
  const out: Reachable[] = [];
  for (const nic of instance.nics) {
    const natIP = nic.accessConfigs.find((a) => a.natIP)?.natIP;
    if (!natIP) continue;
    const rules = index.get(networkKey(instance.project, nic.network)) ?? [];
    for (const port of ports) {
      const firewall = decide(rules, instance, port);
      if (firewall) out.push({ port, firewall, nic: nic.name, natIP });
    }
  }
  return out;
}
