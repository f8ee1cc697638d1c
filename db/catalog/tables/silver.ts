import { childTable, col, resourceTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

// Silver: one asset per real machine, resolved across providers, plus what runs on it, what it is
// vulnerable to and how it is reachable. Written by pipeline/normalize as one snapshot per table
// with source_id 'hotpot' and scope 'all', so every silver table keeps its own history.

const layer = 'silver' as const;

export const SILVER_ASSETS = resourceTable({
  layer,
  name: 'assets',
  description:
    'One row per real machine, merged across GCP, VNG Cloud, SentinelOne and FortiGate (resource_id is the stable asset id).',
  columns: [
    col('kind', 'text', 'vm, k8s-node, endpoint, network-device or unknown.'),
    col('hostname', 'text', 'Short hostname (lower case, domain removed).'),
    col('os_family', 'text', 'linux, windows, macos or other.'),
    col('os_name', 'text', 'Operating system name.'),
    col('os_version', 'text', 'Operating system version.'),
    col('environment', 'text', 'Environment label (prod, staging, dev, …) when a source reports one.'),
    col('cloud_provider', 'text', 'gcp or vng when the machine is a cloud VM, else null.'),
    col('cloud_project', 'text', 'GCP project id or VNG project id.'),
    col('cloud_zone', 'text', 'Zone of the VM.'),
    col('cloud_region', 'text', 'Region of the VM.'),
    col('cloud_instance_id', 'text', 'GCP instance id or VNG server id.'),
    col('cloud_status', 'text', 'Cloud state of the VM: RUNNING, TERMINATED, ACTIVE, STOPPED, …'),
    col('private_ips_json', 'json', 'Private IPv4 addresses, sorted.'),
    col('public_ips_json', 'json', 'Public IPv4 addresses (GCP NAT IPs, VNG floating IPs), sorted.'),
    col('macs_json', 'json', 'Physical MAC addresses (normalised), sorted.'),
    col('first_seen', 'timestamp', 'Earliest creation or registration time any source reports.'),
    col(
      'last_seen',
      'timestamp',
      'Latest time any source saw the machine (kept current, opens no version).',
      {
        volatile: true,
      },
    ),
    col('in_cloud', 'boolean', 'Whether a cloud provider (GCP or VNG) lists the machine.'),
    col(
      'edr',
      'text',
      'EDR coverage: none (no agent or only decommissioned ones), active, stale (not seen for N days) or infected.',
    ),
    col('edr_agent_id', 'text', 'SentinelOne agent id that decides the coverage.'),
    col('edr_last_seen', 'timestamp', 'Last time that agent reported (kept current, opens no version).', {
      volatile: true,
    }),
    col('edr_agent_version', 'text', 'Version of that agent.'),
    col('edr_up_to_date', 'boolean', 'Whether that agent is on the current version.'),
    col('edr_decommissioned', 'boolean', 'True when the machine only has decommissioned agents.'),
    col('seen_by_firewall', 'boolean', 'Whether a FortiGate lists the machine as a detected device.'),
    col('internet_exposed', 'boolean', 'Whether any port of the machine is reachable from the internet.'),
    col('source_count', 'integer', 'Bronze records merged into the asset.'),
  ],
  examples: [
    'Which cloud VMs have no EDR agent?',
    'Which internet-exposed assets have a stale or no EDR agent?',
    'Which assets are seen by the firewall but unknown to the EDR?',
  ],
});

export const SILVER_ASSET_SOURCES = childTable({
  layer,
  name: 'asset_sources',
  description:
    'Bronze records that make up an asset, with the resolution rule that joined each one and its evidence.',
  parent: 'assets',
  naturalKey: ['source_table', 'record_source_id', 'record_id'],
  columns: [
    col('source_table', 'text', 'Bronze table of the record, e.g. bronze.gcp_compute_instances.'),
    col('record_source_id', 'text', 'source_id of the bronze record.'),
    col('record_id', 'text', 'resource_id of the bronze record.'),
    col(
      'rule',
      'text',
      'Rule that joined the record: cloud_instance_id, serial, mac, private_ip, hostname, or seed (the anchor).',
    ),
    col('matched_value', 'text', 'The value both records shared (instance id, MAC, scoped IP, hostname).'),
    col('confidence', 'double', 'Confidence of the rule, 0..1.'),
  ],
});

export const SILVER_SOFTWARE = resourceTable({
  layer,
  name: 'software',
  description: 'Software installed on an asset (resource_id is <asset_id>/<normalised name>/<version>).',
  columns: [
    col('asset_id', 'text', 'Asset the software is installed on.'),
    col('name', 'text', 'Normalised software name (lower case, single spaces).'),
    col('display_name', 'text', 'Name as the source reports it.'),
    col('version', 'text', 'Installed version.'),
    col('vendor', 'text', 'Vendor or publisher.'),
    col('source_table', 'text', 'Bronze table the install comes from.'),
    col('installed_at', 'timestamp', 'When it was installed, when known.'),
  ],
  examples: ['Which assets run Apache Log4j, and which version?'],
});

export const SILVER_VULNERABILITIES = resourceTable({
  layer,
  name: 'vulnerabilities',
  description: 'CVEs present on an asset (resource_id is <asset_id>/<cve_id>/<software>).',
  columns: [
    col('asset_id', 'text', 'Affected asset.'),
    col('cve_id', 'text', 'CVE identifier.'),
    col('cvss', 'double', 'CVSS base score (0-10).'),
    col('severity', 'text', 'critical, high, medium or low.'),
    col('software', 'text', 'Vulnerable software (normalised name).'),
    col('software_version', 'text', 'Its installed version.'),
    col('status', 'text', 'Status of the finding as the source reports it.'),
    col('first_detected', 'timestamp', 'When the finding was first detected.'),
    col('source_table', 'text', 'Bronze table the finding comes from.'),
  ],
  examples: ['Which internet-exposed assets carry critical CVEs?'],
});

export const SILVER_EXPOSURES = resourceTable({
  layer,
  name: 'exposures',
  description:
    'Ports of an asset that a firewall rule allows in (resource_id is <asset_id>/<address>/<protocol>/<port_from>-<port_to>/<rule_ref>).',
  columns: [
    col('asset_id', 'text', 'Exposed asset.'),
    col('address', 'text', 'Address the traffic reaches (public IP for internet exposure).'),
    col('protocol', 'text', 'tcp, udp, icmp or all.'),
    col('port_from', 'integer', 'First port of the allowed range (0 with all ports).'),
    col('port_to', 'integer', 'Last port of the allowed range (65535 with all ports).'),
    col('rule_kind', 'text', 'gcp_firewall, vng_secgroup or fortinet_policy.'),
    col(
      'rule_ref',
      'text',
      'The allowing rule: <project>/<firewall>, <secgroup id>/<rule id>, <serial>/<vdom>/<policyid>.',
    ),
    col('rule_resource_id', 'text', 'resource_id of the allowing rule in bronze.'),
    col('source_ranges_json', 'json', 'Source ranges the rule allows.'),
    col('internet_reachable', 'boolean', 'Whether the source ranges include the whole internet (0.0.0.0/0).'),
  ],
  examples: ['Which assets allow SSH or RDP from the internet?'],
});

export const SILVER_TABLES: readonly TableSpec[] = [
  SILVER_ASSETS,
  SILVER_ASSET_SOURCES,
  SILVER_SOFTWARE,
  SILVER_VULNERABILITIES,
  SILVER_EXPOSURES,
];
