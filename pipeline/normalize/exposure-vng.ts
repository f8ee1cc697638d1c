// Exposure of VNG servers with a floating IP: security groups are allow-lists, so every ingress
// IPv4 rule of an attached group opens its range; from 0.0.0.0/0 it is internet-reachable.
import type { SqlSession } from '../../db/store/types.ts';
import type { ExposureRow } from './exposure-gcp.ts';
import { protocolName } from './port-ranges.ts';

export async function vngExposures(
  db: SqlSession,
  assetOf: (sourceId: string, serverId: string) => string | undefined,
): Promise<ExposureRow[]> {
  const out: ExposureRow[] = [];
  for (const r of await db.query(
    `SELECT s.source_id, s.resource_id, f.floating_ip, g.secgroup_id, rl.rule_id, rl.protocol,
            rl.port_range_min, rl.port_range_max, rl.remote_ip_prefix
       FROM bronze.vng_servers s
       JOIN bronze.vng_server_interfaces f ON f.source_id = s.source_id AND f.resource_id = s.resource_id
       JOIN bronze.vng_server_secgroups g ON g.source_id = s.source_id AND g.resource_id = s.resource_id
       JOIN bronze.vng_secgroup_rules rl ON rl.source_id = s.source_id AND rl.resource_id = g.secgroup_id
      WHERE s.status = 'ACTIVE' AND f.floating_ip IS NOT NULL AND lower(rl.direction) = 'ingress'
        AND COALESCE(rl.ether_type, 'IPv4') = 'IPv4' AND rl.remote_ip_prefix IS NOT NULL`,
  )) {
    const asset = assetOf(String(r.source_id), String(r.resource_id));
    if (!asset) continue;
    const protocol = protocolName(r.protocol);
    const lo = Number(r.port_range_min ?? 0);
    const hi = Number(r.port_range_max ?? 0);
    const all = protocol === 'all' || (lo === 0 && hi === 0);
    const prefix = String(r.remote_ip_prefix);
    out.push({
      asset_id: asset,
      address: String(r.floating_ip),
      protocol,
      port_from: all ? 0 : lo,
      port_to: all ? 65535 : hi || lo,
      rule_kind: 'vng_secgroup',
      rule_ref: `${String(r.secgroup_id)}/${String(r.rule_id)}`,
      rule_resource_id: String(r.secgroup_id),
      source_ranges_json: [prefix],
      internet_reachable: prefix === '0.0.0.0/0',
    });
  }
  return out;
}
