// Reads the identity evidence of every machine-like bronze record into compact records. One query
// per table plus one per child table, grouped in memory by (source_id, resource_id).
import type { SqlSession } from '../../db/store/types.ts';
import { gceMacOf, isIdentityMac, normalizeMac, shortHostname } from './identity.ts';
import type { IdentityRecord, RecordTable, ScopedIp } from './records.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const k = (sourceId: unknown, id: unknown): string => `${String(sourceId)}\u0001${String(id)}`;

function ipsOf(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((x): x is string => typeof x === 'string') : [];
}

export async function loadIdentities(db: SqlSession): Promise<IdentityRecord[]> {
  const out: IdentityRecord[] = [];
  const push = (r: Omit<IdentityRecord, 'idx'>): IdentityRecord => {
    const rec = { ...r, idx: out.length };
    out.push(rec);
    return rec;
  };
  const byKey = new Map<string, IdentityRecord>();
  const add = (table: RecordTable, r: Omit<IdentityRecord, 'idx' | 'table'>): void => {
    byKey.set(`${table}\u0002${k(r.sourceId, r.recordId)}`, push({ ...r, table }));
  };
  const find = (table: RecordTable, sourceId: unknown, id: unknown): IdentityRecord | undefined =>
    byKey.get(`${table}\u0002${k(sourceId, id)}`);

  const gcp = 'bronze.gcp_compute_instances';
  for (const row of await db.query(
    `SELECT source_id, resource_id, scope, name, hostname FROM bronze.gcp_compute_instances`,
  )) {
    const hostname = shortHostname(row.hostname) ?? shortHostname(row.name);
    add(gcp, {
      sourceId: String(row.source_id),
      recordId: String(row.resource_id),
      cloudId: `gcp:${String(row.resource_id)}`,
      ownsCloudId: true,
      macs: [],
      ips: [],
      ...(hostname ? { hostname } : {}),
    });
  }
  for (const row of await db.query(
    `SELECT n.source_id, n.resource_id, i.scope, n.network, n.network_ip
       FROM bronze.gcp_compute_instance_nics n
       JOIN bronze.gcp_compute_instances i ON i.source_id = n.source_id AND i.resource_id = n.resource_id`,
  )) {
    const rec = find(gcp, row.source_id, row.resource_id);
    const ip = str(row.network_ip);
    if (!rec || !ip) continue;
    // Scope by the instance's project and network name: that is what an agent's cloudProviders
    // reports (cloudAccount, cloudNetwork), and equal IPs in two VPCs must stay apart.
    rec.ips.push({ ip, scope: `gcp:${String(row.scope)}/${String(row.network)}` });
    const mac = gceMacOf(ip);
    if (mac) rec.macs.push(mac);
  }

  const vng = 'bronze.vng_servers';
  for (const row of await db.query(`SELECT source_id, resource_id, name FROM bronze.vng_servers`)) {
    const hostname = shortHostname(row.name);
    add(vng, {
      sourceId: String(row.source_id),
      recordId: String(row.resource_id),
      cloudId: `vng:${String(row.resource_id)}`,
      ownsCloudId: true,
      macs: [],
      ips: [],
      ...(hostname ? { hostname } : {}),
    });
  }
  for (const row of await db.query(
    `SELECT source_id, resource_id, kind, network_uuid, fixed_ip, mac FROM bronze.vng_server_interfaces`,
  )) {
    const rec = find(vng, row.source_id, row.resource_id);
    if (!rec) continue;
    const mac = normalizeMac(row.mac);
    if (mac && isIdentityMac(mac)) rec.macs.push(mac);
    const ip = str(row.fixed_ip);
    if (ip && row.kind !== 'external') rec.ips.push({ ip, scope: `vng:${String(row.network_uuid)}` });
  }

  const s1 = 'bronze.s1_agents';
  for (const row of await db.query(
    `SELECT source_id, resource_id, computer_name, serial_number, cloud_provider, cloud_instance_id,
            cloud_account, cloud_network
       FROM bronze.s1_agents`,
  )) {
    const provider = str(row.cloud_provider)?.toLowerCase();
    const instance = str(row.cloud_instance_id);
    const cloudId = provider === 'gcp' && instance ? `gcp:${instance}` : undefined;
    const hostname = shortHostname(row.computer_name);
    const serial = str(row.serial_number);
    add(s1, {
      sourceId: String(row.source_id),
      recordId: String(row.resource_id),
      ...(cloudId ? { cloudId } : {}),
      ownsCloudId: false,
      macs: [],
      ips: [],
      ...(hostname ? { hostname } : {}),
      ...(serial ? { serial: serial.toUpperCase() } : {}),
    });
  }
  for (const row of await db.query(
    `SELECT n.source_id, n.resource_id, n.name, n.physical, n.inet_json, a.cloud_account, a.cloud_network
       FROM bronze.s1_agent_nics n
       JOIN bronze.s1_agents a ON a.source_id = n.source_id AND a.resource_id = n.resource_id`,
  )) {
    const rec = find(s1, row.source_id, row.resource_id);
    if (!rec) continue;
    const mac = normalizeMac(row.physical);
    const name = str(row.name);
    if (!mac || !isIdentityMac(mac, name)) continue;
    rec.macs.push(mac);
    const scope =
      rec.cloudId && str(row.cloud_account) && str(row.cloud_network)
        ? `gcp:${String(row.cloud_account)}/${String(row.cloud_network)}`
        : undefined;
    if (scope) for (const ip of ipsOf(row.inet_json)) rec.ips.push({ ip, scope });
  }

  const fgt = 'bronze.fortinet_detected_devices';
  for (const row of await db.query(
    `SELECT source_id, resource_id, scope, mac, ipv4_address, hostname FROM bronze.fortinet_detected_devices`,
  )) {
    const mac = normalizeMac(row.mac);
    const hostname = shortHostname(row.hostname);
    const ip = str(row.ipv4_address);
    add(fgt, {
      sourceId: String(row.source_id),
      recordId: String(row.resource_id),
      ownsCloudId: false,
      macs: mac && isIdentityMac(mac) ? [mac] : [],
      ips: ip ? [{ ip, scope: `fortinet:${String(row.scope)}` } satisfies ScopedIp] : [],
      ...(hostname ? { hostname } : {}),
    });
  }
  for (const r of out) r.macs = [...new Set(r.macs)];
  return out;
}
