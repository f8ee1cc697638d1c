// Exposure through FortiGate policies: an enabled accept policy entering from a WAN interface
// (role wan, or "any") whose destination addresses name an asset's address explicitly (an ipmask
// or iprange object, through groups) opens the policy's service ports on that asset. A destination
// of "all" is not counted: without a VIP the private address is not routable from outside, and
// counting it would mark every device behind the gateway as exposed.
import type { Row, SqlSession } from '../../db/store/types.ts';
import type { ExposureRow } from './exposure-gcp.ts';
import { addressIntervals, ipToInt, serviceRanges, type IpInterval } from './fortinet-objects.ts';
import type { PortRange } from './port-ranges.ts';

type Resolved = IpInterval[] | 'any';

function groupRows<T>(rows: readonly Row[], key: (r: Row) => string, value: (r: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k) ?? [];
    list.push(value(r));
    out.set(k, list);
  }
  return out;
}

export async function fortinetExposures(
  db: SqlSession,
  assetOf: (sourceId: string, deviceId: string) => string | undefined,
): Promise<ExposureRow[]> {
  const at = (r: Row, name: unknown): string => `${String(r.source_id)}|${String(r.scope)}|${String(name)}`;
  const policies = await db.query(
    `SELECT source_id, resource_id, scope, policyid FROM bronze.fortinet_policies
      WHERE action = 'accept' AND COALESCE(status, 'enable') = 'enable'`,
  );
  if (policies.length === 0) return [];
  const wan = new Set(
    (await db.query(`SELECT source_id, scope, name FROM bronze.fortinet_interfaces WHERE role = 'wan'`)).map(
      (r) => at(r, r.name),
    ),
  );
  const addresses = new Map<string, Resolved>();
  for (const r of await db.query(
    `SELECT source_id, scope, name, type, subnet, start_ip, end_ip FROM bronze.fortinet_addresses`,
  ))
    addresses.set(at(r, r.name), addressIntervals(r));
  const groups = groupRows(
    await db.query(
      `SELECT g.source_id, g.scope, g.name AS grp, m.name FROM bronze.fortinet_address_groups g
         JOIN bronze.fortinet_address_group_members m ON m.source_id = g.source_id AND m.resource_id = g.resource_id
        WHERE m.kind = 'member'`,
    ),
    (r) => at(r, r.grp),
    (r) => String(r.name),
  );
  const services = new Map<string, PortRange[]>();
  for (const r of await db.query(
    `SELECT source_id, scope, name, protocol, protocol_number, tcp_portrange, udp_portrange, sctp_portrange FROM bronze.fortinet_services`,
  ))
    services.set(at(r, r.name), serviceRanges(r));
  const members = groupRows(
    await db.query(`SELECT source_id, resource_id, kind, name FROM bronze.fortinet_policy_members`),
    (r) => `${String(r.source_id)}|${String(r.resource_id)}|${String(r.kind)}`,
    (r) => String(r.name),
  );
  const devices = groupRows(
    await db.query(
      `SELECT source_id, resource_id, scope, ipv4_address FROM bronze.fortinet_detected_devices WHERE ipv4_address IS NOT NULL`,
    ),
    (r) => `${String(r.source_id)}|${String(r.scope)}`,
    (r) => ({ id: String(r.resource_id), ip: String(r.ipv4_address), n: ipToInt(String(r.ipv4_address)) }),
  );

  const resolve = (prefix: string, name: string, depth = 0): Resolved => {
    if (name === 'all') return 'any';
    const direct = addresses.get(`${prefix}|${name}`);
    if (direct) return direct;
    const nested = groups.get(`${prefix}|${name}`);
    if (!nested || depth > 8) return [];
    const out: IpInterval[] = [];
    for (const m of nested) {
      const r = resolve(prefix, m, depth + 1);
      if (r === 'any') return 'any';
      out.push(...r);
    }
    return out;
  };

  const out: ExposureRow[] = [];
  for (const p of policies) {
    const prefix = `${String(p.source_id)}|${String(p.scope)}`;
    const list = (kind: string): string[] =>
      members.get(`${String(p.source_id)}|${String(p.resource_id)}|${kind}`) ?? [];
    if (!list('srcintf').some((i) => i === 'any' || wan.has(`${prefix}|${i}`))) continue;
    const sources = list('srcaddr');
    const fromInternet = sources.some((s) => resolve(prefix, s) === 'any');
    const targets = list('dstaddr')
      .map((d) => resolve(prefix, d))
      .flatMap((r) => (r === 'any' ? [] : r));
    if (targets.length === 0) continue;
    const ranges = list('service').flatMap((s) => services.get(`${prefix}|${s}`) ?? []);
    for (const d of devices.get(prefix) ?? []) {
      if (d.n === undefined || !targets.some((t) => d.n !== undefined && d.n >= t.from && d.n <= t.to))
        continue;
      const asset = assetOf(String(p.source_id), d.id);
      if (!asset) continue;
      for (const r of ranges)
        out.push({
          asset_id: asset,
          address: d.ip,
          protocol: r.protocol,
          port_from: r.from,
          port_to: r.to,
          rule_kind: 'fortinet_policy',
          rule_ref: String(p.resource_id),
          rule_resource_id: String(p.resource_id),
          source_ranges_json: sources,
          internet_reachable: fromInternet,
        });
    }
  }
  return out;
}
