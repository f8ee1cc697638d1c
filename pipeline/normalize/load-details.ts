// Descriptive columns of the machine-like bronze records, keyed by record key, for building
// asset rows after resolution.
import type { Row, SqlSession } from '../../db/store/types.ts';
import type { RecordTable } from './records.ts';

export type Details = Map<string, Row>;

const QUERIES: Record<RecordTable, string> = {
  // Children are aggregated once per table and joined, rather than looked up per instance.
  'bronze.gcp_compute_instances': `
    WITH labels AS (
      SELECT source_id, resource_id,
             max(CASE WHEN key = 'env' THEN value END) AS env,
             sum(CASE WHEN key = 'goog-gke-node' THEN 1 ELSE 0 END) AS gke
        FROM bronze.gcp_compute_instance_labels WHERE key IN ('env', 'goog-gke-node')
       GROUP BY source_id, resource_id),
    boot AS (
      SELECT source_id, resource_id, max(CAST(licenses_json AS TEXT)) AS licenses
        FROM bronze.gcp_compute_instance_disks WHERE boot GROUP BY source_id, resource_id),
    nics AS (
      SELECT source_id, resource_id, string_agg(network_ip, ',') AS private_ips
        FROM bronze.gcp_compute_instance_nics GROUP BY source_id, resource_id),
    nat AS (
      SELECT source_id, resource_id, string_agg(nat_ip, ',') AS public_ips
        FROM bronze.gcp_compute_instance_nic_access_configs WHERE nat_ip IS NOT NULL
       GROUP BY source_id, resource_id)
    SELECT i.source_id, i.resource_id, i.scope AS project, i.name, i.hostname, i.zone, i.region, i.status,
           i.creation_timestamp, i.collected_at, labels.env, labels.gke, boot.licenses, nics.private_ips,
           nat.public_ips
      FROM bronze.gcp_compute_instances i
      LEFT JOIN labels ON labels.source_id = i.source_id AND labels.resource_id = i.resource_id
      LEFT JOIN boot ON boot.source_id = i.source_id AND boot.resource_id = i.resource_id
      LEFT JOIN nics ON nics.source_id = i.source_id AND nics.resource_id = i.resource_id
      LEFT JOIN nat ON nat.source_id = i.source_id AND nat.resource_id = i.resource_id`,
  'bronze.vng_servers': `
    WITH ifs AS (
      SELECT source_id, resource_id,
             string_agg(CASE WHEN kind <> 'external' THEN fixed_ip END, ',') AS private_ips,
             string_agg(floating_ip, ',') AS public_ips
        FROM bronze.vng_server_interfaces GROUP BY source_id, resource_id)
    SELECT s.source_id, s.resource_id, s.project_id, s.region, s.zone_id, s.name, s.status, s.created_at,
           s.image_type, s.image_version, s.product, s.collected_at, ifs.private_ips, ifs.public_ips
      FROM bronze.vng_servers s
      LEFT JOIN ifs ON ifs.source_id = s.source_id AND ifs.resource_id = s.resource_id`,
  'bronze.s1_agents': `
    SELECT source_id, resource_id, computer_name, os_type, os_name, os_revision, machine_type, agent_version,
           is_active, is_up_to_date, infected, active_threats, is_decommissioned, is_uninstalled,
           last_active_date, registered_at, last_ip_to_mgmt, group_name
      FROM bronze.s1_agents`,
  'bronze.fortinet_detected_devices': `
    SELECT source_id, resource_id, mac, hostname, ipv4_address, os_name, os_version, hardware_family,
           hardware_type, last_seen, collected_at, first_collected_at
      FROM bronze.fortinet_detected_devices`,
};

export async function loadDetails(db: SqlSession): Promise<Details> {
  const out: Details = new Map();
  for (const [table, sql] of Object.entries(QUERIES)) {
    for (const row of await db.query(sql))
      out.set(`${table}|${String(row.source_id)}|${String(row.resource_id)}`, row);
  }
  return out;
}
