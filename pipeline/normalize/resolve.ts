// Entity resolution (DESIGN §6): strongest evidence first, every accepted merge kept as evidence.
// Weak evidence (MAC, scoped IP, hostname) is used only when the value is unambiguous: at most one
// record per table carries it, so shared MACs, equal IPs in other VPCs and cloned hostnames never
// merge anything.
import { EXCLUSIVE_TABLES, type IdentityRecord } from './records.ts';
import { GuardedUnionFind } from './union-find.ts';

export type ResolutionRule = 'cloud_instance_id' | 'serial' | 'mac' | 'private_ip' | 'hostname' | 'seed';

export const RULE_CONFIDENCE: Readonly<Record<ResolutionRule, number>> = {
  seed: 1,
  cloud_instance_id: 1,
  serial: 0.95,
  mac: 0.9,
  private_ip: 0.7,
  hostname: 0.6,
};

export interface Evidence {
  rule: ResolutionRule;
  value: string;
  confidence: number;
}

export interface Resolution {
  /** Groups of record indexes, one per machine. */
  clusters: number[][];
  /** Best accepted evidence per record index (absent for records that joined nothing). */
  evidence: (Evidence | undefined)[];
}

function groupBy(
  records: readonly IdentityRecord[],
  values: (r: IdentityRecord) => readonly string[],
): Map<string, IdentityRecord[]> {
  const groups = new Map<string, IdentityRecord[]>();
  for (const r of records) {
    for (const v of new Set(values(r))) {
      const g = groups.get(v);
      if (g) g.push(r);
      else groups.set(v, [r]);
    }
  }
  return groups;
}

/** A value is evidence only if no table holds it twice and it spans at least two tables. */
function unambiguous(group: readonly IdentityRecord[], sameDevice?: (r: IdentityRecord) => string): boolean {
  const perTable = new Map<string, Set<string>>();
  for (const r of group) {
    const ids = perTable.get(r.table) ?? new Set<string>();
    ids.add(sameDevice ? sameDevice(r) : r.recordId);
    perTable.set(r.table, ids);
  }
  if (perTable.size < 2) return false;
  for (const ids of perTable.values()) if (ids.size > 1) return false;
  return true;
}

/**
 * Random vendor MACs do collide across a fleet. A FortiGate learns a device's hostname from DHCP,
 * which is the name the agent reports too; when both are known and differ, the shared MAC is a
 * coincidence, not one machine. (Cloud VM names may legitimately differ from the guest hostname,
 * so only agent and FortiGate names are compared.)
 */
function hostnamesDisagree(group: readonly IdentityRecord[]): boolean {
  const names = (table: IdentityRecord['table']): Set<string> =>
    new Set(group.filter((r) => r.table === table && r.hostname).map((r) => r.hostname as string));
  const fortinet = names('bronze.fortinet_detected_devices');
  const agents = names('bronze.s1_agents');
  if (fortinet.size === 0 || agents.size === 0) return false;
  return ![...fortinet].some((h) => agents.has(h));
}

export function resolve(records: readonly IdentityRecord[]): Resolution {
  const uf = new GuardedUnionFind(records);
  const evidence: (Evidence | undefined)[] = new Array<Evidence | undefined>(records.length);
  const note = (i: number, e: Evidence): void => {
    const prev = evidence[i];
    if (!prev || prev.confidence < e.confidence) evidence[i] = e;
  };
  const join = (
    group: readonly IdentityRecord[],
    rule: ResolutionRule,
    value: string,
    strict: boolean,
  ): void => {
    const [first, ...rest] = group;
    if (!first) return;
    const e = { rule, value, confidence: RULE_CONFIDENCE[rule] };
    for (const r of rest) {
      if (uf.union(first.idx, r.idx, strict)) {
        note(first.idx, e);
        note(r.idx, e);
      }
    }
  };

  // 1. Exact cloud identity: an agent reporting a VM's instance id is that VM (several agents may
  //    claim one VM after a reinstall; they all belong to it).
  const owners = new Map<string, IdentityRecord>();
  for (const r of records) if (r.ownsCloudId && r.cloudId) owners.set(r.cloudId, r);
  for (const r of records) {
    if (r.ownsCloudId || !r.cloudId) continue;
    const owner = owners.get(r.cloudId);
    if (owner) join([owner, r], 'cloud_instance_id', r.cloudId.replace(/^[a-z]+:/, ''), false);
  }

  // 2. Hardware identity reported by two sources.
  for (const [value, group] of groupBy(records, (r) => (r.serial ? [r.serial] : [])))
    if (unambiguous(group)) join(group, 'serial', value, true);

  // 3. MAC: FortiGates listing one MAC twice (two gateways, two VDOMs) still mean one device.
  const deviceOf = (r: IdentityRecord): string =>
    r.table === 'bronze.fortinet_detected_devices' ? (r.macs[0] ?? r.recordId) : r.recordId;
  const byMac = groupBy(records, (r) => r.macs);
  for (const [mac, group] of byMac) {
    const fortinetOnly = group.every((r) => r.table === 'bronze.fortinet_detected_devices');
    if (fortinetOnly && group.length > 1) join(group, 'mac', mac, true);
    else if (unambiguous(group, deviceOf) && !hostnamesDisagree(group)) join(group, 'mac', mac, true);
  }

  // 4. Private IP inside one network scope, one-to-one.
  for (const [key, group] of groupBy(records, (r) => r.ips.map((x) => `${x.scope}|${x.ip}`)))
    if (group.length === 2 && unambiguous(group)) join(group, 'private_ip', key, true);

  // 5. Short hostname, unique in every table that reports it. FortiGate hostnames are learned
  //    from DHCP and the like; they count only for devices without a usable MAC. (Letting every
  //    unmatched device use its hostname recovered 10 missed pairs at `large` but cost 50 false
  //    ones: endpoint names repeat across a 25,000-laptop fleet.)
  const named = records.filter((r) => r.hostname && (EXCLUSIVE_TABLES.has(r.table) || r.macs.length === 0));
  for (const [host, group] of groupBy(named, (r) => (r.hostname ? [r.hostname] : [])))
    if (unambiguous(group)) join(group, 'hostname', host, true);

  const clusters = new Map<number, number[]>();
  for (const r of records) {
    const root = uf.find(r.idx);
    const c = clusters.get(root);
    if (c) c.push(r.idx);
    else clusters.set(root, [r.idx]);
  }
  return { clusters: [...clusters.values()], evidence };
}
