import type { AgentDialect } from './executor.ts';

/**
 * A curated question → SQL pair. `tables` lists every table the SQL reads; a pair whose tables
 * are not all in the catalog (silver and gold before their issues land) is inactive: retrieval
 * skips it, so the model is never shown SQL that cannot run.
 */
export interface ExamplePair {
  readonly id: string;
  readonly question: string;
  readonly tables: readonly string[];
  /** DuckDB SQL; `postgres` when the PostgreSQL spelling differs (JSON, lists). */
  readonly sql: { readonly duckdb: string; readonly postgres?: string };
  /** What the query decides that the question leaves open. */
  readonly note?: string;
}

const SSH_PORT_MATCH_DUCKDB = `(coalesce(a.ports, '') = '' OR EXISTS (
    SELECT 1 FROM unnest(string_split(a.ports, ',')) AS p(r)
    WHERE 22 BETWEEN CAST(split_part(r, '-', 1) AS INTEGER)
                 AND CAST(coalesce(nullif(split_part(r, '-', 2), ''), split_part(r, '-', 1)) AS INTEGER)))`;

const SSH_PORT_MATCH_POSTGRES = SSH_PORT_MATCH_DUCKDB.replace(
  "unnest(string_split(a.ports, ','))",
  "unnest(string_to_array(a.ports, ','))",
);

export const EXAMPLE_PAIRS: readonly ExamplePair[] = [
  {
    id: 'gcp.public_ip',
    question: 'Which GCP VMs have a public IP?',
    tables: ['bronze.gcp_compute_instances', 'bronze.gcp_compute_instance_nic_access_configs'],
    sql: {
      duckdb: `SELECT DISTINCT i.resource_id, i.name, i.scope AS project, i.status, c.nat_ip
FROM bronze.gcp_compute_instances i
JOIN bronze.gcp_compute_instance_nic_access_configs c
  ON c.source_id = i.source_id AND c.resource_id = i.resource_id
WHERE c.nat_ip IS NOT NULL
ORDER BY i.name, c.nat_ip`,
    },
  },
  {
    id: 'gcp.vms_without_s1',
    question: 'Which GCP VMs have no SentinelOne agent?',
    tables: ['bronze.gcp_compute_instances', 'bronze.s1_agents'],
    note: 'Matched on the exact cloud identity; a decommissioned agent does not count as protection.',
    sql: {
      duckdb: `SELECT i.resource_id, i.name, i.scope AS project, i.status
FROM bronze.gcp_compute_instances i
WHERE NOT EXISTS (
  SELECT 1 FROM bronze.s1_agents a
  WHERE a.cloud_instance_id = i.resource_id AND NOT coalesce(a.is_decommissioned, false))
ORDER BY i.name`,
    },
  },
  {
    id: 's1.stale_agents',
    question: 'Which SentinelOne agents are stale (no report for more than 7 days)?',
    tables: ['bronze.s1_agents'],
    sql: {
      duckdb: `SELECT resource_id, computer_name, site_name, last_active_date
FROM bronze.s1_agents
WHERE NOT coalesce(is_decommissioned, false) AND last_active_date < now() - INTERVAL '7 days'
ORDER BY last_active_date`,
    },
  },
  {
    id: 'gcp.firewall_ssh_open',
    question: 'Which firewall rules allow SSH from 0.0.0.0/0?',
    tables: ['bronze.gcp_compute_firewalls', 'bronze.gcp_compute_firewall_allowed'],
    note: 'Enabled ingress allow rules; an empty port list means every port, ranges are "lo-hi".',
    sql: {
      duckdb: `SELECT DISTINCT f.resource_id, f.name, f.scope AS project, f.network, f.priority
FROM bronze.gcp_compute_firewalls f
JOIN bronze.gcp_compute_firewall_allowed a ON a.source_id = f.source_id AND a.resource_id = f.resource_id
WHERE f.direction = 'INGRESS' AND NOT coalesce(f.disabled, false)
  AND list_contains(CAST(f.source_ranges_json AS VARCHAR[]), '0.0.0.0/0')
  AND a.ip_protocol IN ('tcp', 'all', '6')
  AND ${SSH_PORT_MATCH_DUCKDB}
ORDER BY f.name`,
      postgres: `SELECT DISTINCT f.resource_id, f.name, f.scope AS project, f.network, f.priority
FROM bronze.gcp_compute_firewalls f
JOIN bronze.gcp_compute_firewall_allowed a ON a.source_id = f.source_id AND a.resource_id = f.resource_id
WHERE f.direction = 'INGRESS' AND NOT coalesce(f.disabled, false)
  AND f.source_ranges_json @> '["0.0.0.0/0"]'::jsonb
  AND a.ip_protocol IN ('tcp', 'all', '6')
  AND ${SSH_PORT_MATCH_POSTGRES}
ORDER BY f.name`,
    },
  },
  {
    id: 'gcp.exposed_vms_critical_cves',
    question: 'Which internet-facing GCP VMs carry critical CVEs?',
    tables: [
      'bronze.gcp_compute_instances',
      'bronze.gcp_compute_instance_nic_access_configs',
      'bronze.s1_agents',
      'bronze.s1_application_risks',
    ],
    note: 'Internet-facing = has an external IP; critical = CVSS base score of 9 or more, as SentinelOne reports it.',
    sql: {
      duckdb: `SELECT i.resource_id, i.name, string_agg(DISTINCT r.cve_id, ', ' ORDER BY r.cve_id) AS cves, max(r.base_score) AS max_score
FROM bronze.gcp_compute_instances i
JOIN bronze.gcp_compute_instance_nic_access_configs c ON c.source_id = i.source_id AND c.resource_id = i.resource_id
JOIN bronze.s1_agents a ON a.cloud_instance_id = i.resource_id
JOIN bronze.s1_application_risks r ON r.endpoint_id = a.resource_id
WHERE c.nat_ip IS NOT NULL AND r.base_score >= 9
GROUP BY i.resource_id, i.name
ORDER BY i.name`,
    },
  },
  {
    id: 'vng.servers_without_s1',
    question: 'Which VNG Cloud servers are ACTIVE but have no SentinelOne agent?',
    tables: ['bronze.vng_servers', 'bronze.s1_agents'],
    sql: {
      duckdb: `SELECT v.resource_id, v.name, v.project_id, v.region
FROM bronze.vng_servers v
WHERE v.status = 'ACTIVE' AND NOT EXISTS (
  SELECT 1 FROM bronze.s1_agents a
  WHERE a.cloud_instance_id = v.resource_id AND NOT coalesce(a.is_decommissioned, false))
ORDER BY v.name`,
    },
  },
  {
    id: 'vng.secgroups_ssh_rdp_open',
    question: 'Which VNG security groups allow SSH or RDP from 0.0.0.0/0?',
    tables: ['bronze.vng_secgroups', 'bronze.vng_secgroup_rules'],
    sql: {
      duckdb: `SELECT DISTINCT g.resource_id, g.name, r.protocol, r.port_range_min, r.port_range_max
FROM bronze.vng_secgroups g
JOIN bronze.vng_secgroup_rules r ON r.source_id = g.source_id AND r.resource_id = g.resource_id
WHERE r.direction = 'ingress' AND r.remote_ip_prefix IN ('0.0.0.0/0', '::/0')
  AND r.protocol IN ('tcp', 'any')
  AND (coalesce(r.port_range_min, 0) = 0
       OR 22 BETWEEN r.port_range_min AND r.port_range_max
       OR 3389 BETWEEN r.port_range_min AND r.port_range_max)
ORDER BY g.name`,
    },
  },
  {
    id: 'gcp.instance_changes',
    question: 'What changed on the GCP VM web-1 since last week?',
    tables: ['bronze.gcp_compute_instances'],
    note: 'Every version valid at some point in the last 7 days, oldest first; compare consecutive rows field by field.',
    sql: {
      duckdb: `SELECT h.history_id, h.valid_from, h.valid_to, h.status, h.machine_type, h.can_ip_forward, h.deletion_protection
FROM bronze_history.gcp_compute_instances h
WHERE h.name = 'web-1' AND (h.valid_to IS NULL OR h.valid_to >= now() - INTERVAL '7 days')
ORDER BY h.valid_from`,
    },
  },
  {
    id: 'fortinet.policy_changes',
    question: 'Which FortiGate firewall policies changed since last week?',
    tables: ['bronze.fortinet_policies'],
    sql: {
      duckdb: `SELECT h.resource_id, h.name, h.action, h.status, h.valid_from, h.valid_to
FROM bronze_history.fortinet_policies h
WHERE h.valid_from >= now() - INTERVAL '7 days' OR h.valid_to >= now() - INTERVAL '7 days'
ORDER BY h.resource_id, h.valid_from`,
    },
  },
  // Silver and gold (DESIGN §6–7): inactive until those layers are in the catalog.
  {
    id: 'silver.exposed_assets_without_edr',
    question: 'Which internet-facing VMs have no EDR agent?',
    tables: ['silver.assets'],
    note: 'silver.assets.resource_id is the asset id; edr is none, active, stale or infected.',
    sql: {
      duckdb: `SELECT resource_id AS asset_id, hostname, cloud_provider, cloud_project, cloud_instance_id
FROM silver.assets
WHERE in_cloud AND coalesce(internet_exposed, false) AND edr = 'none'
ORDER BY hostname`,
    },
  },
  {
    id: 'silver.cloud_vms_without_edr',
    question:
      'Which VMs exist in GCP or VNG Cloud but have no SentinelOne agent, and which agents are stale?',
    tables: ['silver.assets'],
    sql: {
      duckdb: `SELECT resource_id AS asset_id, hostname, cloud_provider, cloud_instance_id, edr, edr_last_seen
FROM silver.assets
WHERE in_cloud AND cloud_provider IN ('gcp', 'vng') AND edr IN ('none', 'stale')
ORDER BY edr, cloud_provider, hostname`,
    },
  },
  {
    id: 'gold.exposed_critical_alerts',
    question: 'Which internet-exposed assets carry critical CVEs or allow SSH/RDP from 0.0.0.0/0?',
    tables: ['gold.alerts', 'silver.assets'],
    sql: {
      duckdb: `SELECT s.resource_id AS asset_id, s.hostname, a.rule_id, a.severity, a.reason, a.first_seen
FROM gold.alerts a
JOIN silver.assets s ON s.resource_id = a.asset_id
WHERE a.status IN ('open', 'acknowledged') AND coalesce(s.internet_exposed, false)
  AND a.rule_id IN ('vuln.critical_cve_internet_exposed', 'exposure.ssh_rdp_db_open_to_internet')
ORDER BY s.hostname, a.rule_id`,
    },
  },
  {
    id: 'gold.cis_failures',
    question: 'Which CIS GCP controls fail, on which resources, and since when?',
    tables: ['gold.compliance', 'gold.alerts'],
    note: 'Failing = status alarm; "since when" is the first_seen of the matching alert.',
    sql: {
      duckdb: `SELECT c.rule_id, c.title, c.resource, c.reason, a.first_seen AS failing_since
FROM gold.compliance c
LEFT JOIN gold.alerts a ON a.rule_id = c.rule_id AND a.resource = c.resource
WHERE c.status = 'alarm' AND c.rule_id LIKE 'cis_gcp.%'
ORDER BY c.rule_id, c.resource`,
    },
  },
];

export interface ActiveExample {
  readonly pair: ExamplePair;
  readonly sql: string;
}

/** The pairs whose tables all exist, with the SQL for the store's dialect (DuckDB SQL otherwise). */
export function activeExamples(
  has: (table: string) => boolean,
  dialect: AgentDialect,
  pairs: readonly ExamplePair[] = EXAMPLE_PAIRS,
): ActiveExample[] {
  return pairs
    .filter((p) => p.tables.every(has))
    .filter(
      (p) =>
        dialect === 'duckdb' ||
        p.sql.postgres !== undefined ||
        !/::|list_|string_split|CAST\(.* AS VARCHAR\[\]\)/.test(p.sql.duckdb),
    )
    .map((p) => ({ pair: p, sql: dialect === 'postgres' ? (p.sql.postgres ?? p.sql.duckdb) : p.sql.duckdb }));
}
