// Internet exposure of GCP VMs: for every RUNNING instance with an external (NAT) IP, evaluate the
// enabled ingress rules of its network that apply to it (target tags, target service accounts, or
// all instances) and whose sources include 0.0.0.0/0, in priority order with deny winning ties.
import type { SqlSession } from '../../db/store/types.ts';
import { allowedRanges, parsePorts, protocolName, type RankedRule } from './port-ranges.ts';

export interface ExposureRow {
  asset_id: string;
  address: string;
  protocol: string;
  port_from: number;
  port_to: number;
  rule_kind: 'gcp_firewall' | 'vng_secgroup' | 'fortinet_policy';
  rule_ref: string;
  rule_resource_id: string;
  source_ranges_json: string[];
  internet_reachable: boolean;
}

interface Firewall {
  id: string;
  name: string;
  project: string;
  priority: number;
  deny: boolean;
  sources: string[];
  targetTags: string[];
  targetSas: string[];
  ranges: ReturnType<typeof parsePorts>;
}

const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const INTERNET = new Set(['0.0.0.0/0', '::/0']);

export async function gcpExposures(
  db: SqlSession,
  assetOf: (sourceId: string, instanceId: string) => string | undefined,
): Promise<ExposureRow[]> {
  const firewalls = new Map<string, Firewall>();
  const byNetwork = new Map<string, Firewall[]>();
  for (const f of await db.query(
    `SELECT source_id, resource_id, scope, name, network, priority, source_ranges_json, target_tags_json,
            target_service_accounts_json
       FROM bronze.gcp_compute_firewalls
      WHERE direction = 'INGRESS' AND COALESCE(disabled, false) = false`,
  )) {
    const sources = arr(f.source_ranges_json);
    if (!sources.some((s) => INTERNET.has(s))) continue;
    const fw: Firewall = {
      id: String(f.resource_id),
      name: String(f.name),
      project: String(f.scope),
      priority: Number(f.priority ?? 1000),
      deny: false,
      sources,
      targetTags: arr(f.target_tags_json),
      targetSas: arr(f.target_service_accounts_json),
      ranges: [],
    };
    firewalls.set(`${String(f.source_id)}|${fw.id}`, fw);
    const key = `${String(f.source_id)}|${fw.project}/${String(f.network)}`;
    const list = byNetwork.get(key) ?? [];
    list.push(fw);
    byNetwork.set(key, list);
  }
  for (const [table, deny] of [
    ['gcp_compute_firewall_allowed', false],
    ['gcp_compute_firewall_denied', true],
  ] as const) {
    for (const r of await db.query(
      `SELECT source_id, resource_id, ip_protocol, ports FROM bronze.${table}`,
    )) {
      const fw = firewalls.get(`${String(r.source_id)}|${String(r.resource_id)}`);
      if (!fw) continue;
      if (deny) fw.deny = true;
      fw.ranges.push(...parsePorts(protocolName(r.ip_protocol), r.ports));
    }
  }

  const tags = new Map<string, Set<string>>();
  for (const r of await db.query(
    `SELECT source_id, resource_id, tag FROM bronze.gcp_compute_instance_tags`,
  )) {
    const k = `${String(r.source_id)}|${String(r.resource_id)}`;
    const set = tags.get(k) ?? new Set<string>();
    set.add(String(r.tag));
    tags.set(k, set);
  }
  const sas = new Map<string, Set<string>>();
  for (const r of await db.query(
    `SELECT source_id, resource_id, email FROM bronze.gcp_compute_instance_service_accounts`,
  )) {
    const k = `${String(r.source_id)}|${String(r.resource_id)}`;
    const set = sas.get(k) ?? new Set<string>();
    set.add(String(r.email));
    sas.set(k, set);
  }

  const out: ExposureRow[] = [];
  for (const r of await db.query(
    `SELECT i.source_id, i.resource_id, i.scope, n.network, a.nat_ip
       FROM bronze.gcp_compute_instances i
       JOIN bronze.gcp_compute_instance_nics n ON n.source_id = i.source_id AND n.resource_id = i.resource_id
       JOIN bronze.gcp_compute_instance_nic_access_configs a
         ON a.source_id = n.source_id AND a.resource_id = n.resource_id AND a.nic_name = n.nic_name
      WHERE i.status = 'RUNNING' AND a.nat_ip IS NOT NULL`,
  )) {
    const k = `${String(r.source_id)}|${String(r.resource_id)}`;
    const asset = assetOf(String(r.source_id), String(r.resource_id));
    if (!asset) continue;
    const myTags = tags.get(k) ?? new Set<string>();
    const mySas = sas.get(k) ?? new Set<string>();
    const applies = (f: Firewall): boolean =>
      f.targetTags.length > 0
        ? f.targetTags.some((t) => myTags.has(t))
        : f.targetSas.length > 0
          ? f.targetSas.some((s) => mySas.has(s))
          : true;
    const rules: RankedRule<Firewall>[] = (
      byNetwork.get(`${String(r.source_id)}|${String(r.scope)}/${String(r.network)}`) ?? []
    )
      .filter(applies)
      .map((f) => ({ priority: f.priority, deny: f.deny, ranges: f.ranges, ref: f }));
    for (const { range, rule } of allowedRanges(rules)) {
      out.push({
        asset_id: asset,
        address: String(r.nat_ip),
        protocol: range.protocol,
        port_from: range.from,
        port_to: range.to,
        rule_kind: 'gcp_firewall',
        rule_ref: `${rule.project}/${rule.name}`,
        rule_resource_id: rule.id,
        source_ranges_json: rule.sources,
        internet_reachable: true,
      });
    }
  }
  return out;
}
