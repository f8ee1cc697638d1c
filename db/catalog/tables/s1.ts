import { childTable, col, resourceTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

// SentinelOne management API v2.1 inventory. Ids are decimal strings below 2^63 and stay text.
// Scopes: accounts and sites are listed once for everything the token sees (scope '*'); groups,
// agents, installed applications and application risks are listed per site (scope = site id).
// Registration tokens enrol agents, so they are kept only as sha256 fingerprints.

const layer = 'bronze' as const;

export const S1_ACCOUNTS = resourceTable({
  layer,
  name: 's1_accounts',
  description: 'SentinelOne accounts visible to the API token (a site-scoped token sees none).',
  columns: [
    col('name', 'text', 'Account name.'),
    col('account_type', 'text', 'Trial or Paid.'),
    col('state', 'text', 'active, expired or deleted.'),
    col('billing_mode', 'text', 'subscription or consumption.'),
    col('active_agents', 'integer', 'Agents currently active in the account.'),
    col('number_of_sites', 'integer', 'Sites in the account.'),
    col('total_licenses', 'integer', 'Licences purchased (0 with unlimited licences).'),
    col('unlimited_licenses', 'boolean', 'Whether the licence count is unlimited.'),
    col('expiration', 'timestamp', 'When the account expires.'),
    col('unlimited_expiration', 'boolean', 'Whether the account never expires.'),
    col('external_id', 'text', 'Id in an external CRM, when set.'),
    col('created_at', 'timestamp', 'When the account was created.'),
    col('updated_at', 'timestamp', 'When the account was last updated.'),
    col('skus_json', 'json', 'Licensed SKUs and their modules.'),
  ],
  examples: ['How many SentinelOne accounts and sites do we manage?'],
});

export const S1_SITES = resourceTable({
  layer,
  name: 's1_sites',
  description: 'SentinelOne sites (data.sites[] of GET /sites); agents, groups and risks are scoped by site.',
  columns: [
    col('name', 'text', 'Site name.'),
    col('account_id', 'text', 'Account the site belongs to.'),
    col('account_name', 'text', 'Name of that account.'),
    col('site_type', 'text', 'Trial or Paid.'),
    col('state', 'text', 'active, expired or deleted.'),
    col('sku', 'text', 'Licensed SKU, e.g. Complete or Control.'),
    col('suite', 'text', 'Licensed suite.'),
    col('is_default', 'boolean', 'Whether this is the account default site.'),
    col('health_status', 'boolean', 'Whether the site is healthy (licences not exceeded).'),
    col('active_licenses', 'integer', 'Licences in use.'),
    col('total_licenses', 'integer', 'Licences available to the site.'),
    col('unlimited_licenses', 'boolean', 'Whether the licence count is unlimited.'),
    col('expiration', 'timestamp', 'When the site licence expires.'),
    col('description', 'text', 'Free-text description.'),
    col('external_id', 'text', 'Id in an external CRM, when set.'),
    col('creator', 'text', 'User who created the site.'),
    col(
      'registration_token_sha256',
      'text',
      'sha256 of the site registration token (the token enrols agents and is never stored).',
    ),
    col('created_at', 'timestamp', 'When the site was created.'),
    col('updated_at', 'timestamp', 'When the site was last updated.'),
    col('licenses_json', 'json', 'Licence bundles, modules and settings of the site.'),
  ],
});

export const S1_GROUPS = resourceTable({
  layer,
  name: 's1_groups',
  description: 'Agent groups of a site (static, dynamic or pinned); scope is the site id.',
  columns: [
    col('name', 'text', 'Group name.'),
    col('site_id', 'text', 'Site the group belongs to.'),
    col('type', 'text', 'static, dynamic or pinned.'),
    col('is_default', 'boolean', 'Whether this is the site Default Group.'),
    col('inherits', 'boolean', 'Whether the group inherits the site policy.'),
    col('rank', 'integer', 'Evaluation rank of a dynamic group.'),
    col('total_agents', 'integer', 'Agents in the group.'),
    col('filter_name', 'text', 'Name of the filter of a dynamic group.'),
    col('description', 'text', 'Free-text description.'),
    col('creator', 'text', 'User who created the group.'),
    col('registration_token_sha256', 'text', 'sha256 of the group registration token (never stored).'),
    col('created_at', 'timestamp', 'When the group was created.'),
    col('updated_at', 'timestamp', 'When the group was last updated.'),
  ],
});

export const S1_AGENTS = resourceTable({
  layer,
  name: 's1_agents',
  description:
    'SentinelOne agents (GET /agents per site, decommissioned included); the cloud_* columns flatten cloudProviders so agents join cloud VMs by instance id.',
  columns: [
    col('uuid', 'text', 'Agent UUID (stable per installation).'),
    col('computer_name', 'text', 'Hostname the agent reports.'),
    col('domain', 'text', 'Windows domain or workgroup; "unknown" elsewhere.'),
    col('serial_number', 'text', 'Hardware serial number (GoogleCloud-… on GCE).'),
    col('machine_type', 'text', 'server, laptop, desktop, kubernetes node, …'),
    col('model_name', 'text', 'Hardware or virtual platform model, e.g. Google Compute Engine.'),
    col('os_name', 'text', 'Operating system name.'),
    col('os_revision', 'text', 'Operating system build or revision.'),
    col('os_type', 'text', 'linux, windows or macos.'),
    col('os_arch', 'text', '32 bit or 64 bit.'),
    col('agent_version', 'text', 'Installed agent version.'),
    col('is_active', 'boolean', 'Whether the agent is currently connected and reporting.'),
    col('is_up_to_date', 'boolean', 'Whether the agent version is current.'),
    col('infected', 'boolean', 'Whether the agent reports unresolved threats.'),
    col('active_threats', 'integer', 'Number of active threats on the endpoint.'),
    col('is_decommissioned', 'boolean', 'Whether the agent was decommissioned in the console.'),
    col('is_uninstalled', 'boolean', 'Whether the agent was uninstalled.'),
    col('is_pending_uninstall', 'boolean', 'Whether an uninstall is pending.'),
    col('network_status', 'text', 'connected, disconnected, connecting, disconnecting.'),
    col('apps_vulnerability_status', 'text', 'up_to_date, patch_required, not_applicable.'),
    col('mitigation_mode', 'text', 'Policy mode for malicious threats: protect or detect.'),
    col(
      'last_active_date',
      'timestamp',
      'Last time the agent reported (kept current; never opens a version).',
      {
        volatile: true,
      },
    ),
    col('registered_at', 'timestamp', 'When the agent registered with the console.'),
    col('created_at', 'timestamp', 'When the agent record was created.'),
    col('updated_at', 'timestamp', 'Last update of the agent record (kept current; never opens a version).', {
      volatile: true,
    }),
    col('external_ip', 'text', 'Public IP the console sees the agent connect from.'),
    col('last_ip_to_mgmt', 'text', 'Local IP the agent last used to reach the console.'),
    col('account_id', 'text', 'Account the agent belongs to.'),
    col('account_name', 'text', 'Name of that account.'),
    col('site_id', 'text', 'Site the agent belongs to.'),
    col('site_name', 'text', 'Name of that site.'),
    col('group_id', 'text', 'Group the agent belongs to.'),
    col('group_name', 'text', 'Name of that group.'),
    col(
      'cloud_provider',
      'text',
      'Cloud the agent reports running in (GCP, AWS, Azure), when it reports one.',
    ),
    col('cloud_instance_id', 'text', 'Cloud instance id (for GCP the numeric Compute instance id).'),
    col('cloud_account', 'text', 'Cloud account or project id.'),
    col('cloud_location', 'text', 'Cloud zone or region.'),
    col('cloud_network', 'text', 'Cloud VPC network.'),
    col('cloud_instance_size', 'text', 'Cloud machine type.'),
    col('cloud_image', 'text', 'Cloud image the instance booted from.'),
    col(
      'cloud_providers_json',
      'json',
      'The raw cloudProviders object ({} when the agent reports no cloud identity).',
    ),
  ],
  examples: [
    'Which GCP VMs have no SentinelOne agent?',
    'Which agents have not reported for more than 7 days?',
    'Which agents are infected or out of date?',
  ],
});

export const S1_AGENT_NICS = childTable({
  layer,
  name: 's1_agent_nics',
  description:
    'Network interfaces an agent reports, virtual ones (docker0, VPN adapters) included; MACs seen on many machines are not identity evidence.',
  parent: 's1_agents',
  naturalKey: ['name'],
  columns: [
    col('name', 'text', 'Interface name as the OS reports it, e.g. ens4, Wi-Fi, docker0.'),
    col('nic_id', 'text', 'Interface id in the console.'),
    col('physical', 'text', 'MAC address (lower case, colon separated).'),
    col('inet_json', 'json', 'IPv4 addresses of the interface.'),
    col('inet6_json', 'json', 'IPv6 addresses of the interface.'),
    col('gateway_ip', 'text', 'Default gateway reached through this interface.'),
    col('gateway_mac_address', 'text', 'MAC address of that gateway.'),
  ],
});

export const S1_AGENT_APPLICATIONS = resourceTable({
  layer,
  name: 's1_agent_applications',
  description:
    'Applications installed on an agent (GET /agents/applications?ids=<agent>): one row per agent, application and version, so an install, removal or upgrade re-versions only that row.',
  columns: [
    col('agent_id', 'text', 'Agent the application is installed on.', { nullable: false }),
    col('name', 'text', 'Application name.', { nullable: false }),
    col('publisher', 'text', 'Publisher (vendor).'),
    col('version', 'text', 'Installed version.'),
    col('size', 'bigint', 'Size on disk in bytes.'),
    col('installed_date', 'timestamp', 'When the application was installed.'),
  ],
  examples: ['Which endpoints run a Log4j older than 2.17?'],
});

export const S1_APPLICATION_RISKS = resourceTable({
  layer,
  name: 's1_application_risks',
  description:
    'Vulnerable applications found by SentinelOne (GET /application-management/risks): one CVE of one application version on one endpoint.',
  columns: [
    col('cve_id', 'text', 'CVE identifier.', { nullable: false }),
    col('base_score', 'double', 'CVSS base score (0-10).'),
    col('cvss_version', 'text', 'CVSS version of the score.'),
    col('severity', 'text', 'Critical, High, Medium, Low.'),
    col('risk_score', 'double', 'SentinelOne risk score.'),
    col('status', 'text', 'Status of the finding.'),
    col('mitigation_status', 'text', 'Mitigation status of the finding.'),
    col('application_name', 'text', 'Vulnerable application.'),
    col('application_vendor', 'text', 'Its vendor.'),
    col('application_version', 'text', 'Its installed version.'),
    col('endpoint_id', 'text', 'Agent id of the endpoint.'),
    col('endpoint_name', 'text', 'Computer name of the endpoint.'),
    col('endpoint_type', 'text', 'server, laptop, desktop, …'),
    col('os_type', 'text', 'linux, windows or macos.'),
    col('detection_date', 'timestamp', 'When SentinelOne first detected the finding.'),
    col('published_date', 'timestamp', 'When the CVE was published.'),
    col(
      'days_detected',
      'integer',
      'Days since detection (grows daily; kept current, never opens a version).',
      {
        volatile: true,
      },
    ),
    col('last_scan_date', 'timestamp', 'Last scan of the endpoint (kept current, never opens a version).', {
      volatile: true,
    }),
  ],
  examples: ['Which internet-exposed assets carry critical CVEs?'],
});

export const S1_TABLES: readonly TableSpec[] = [
  S1_ACCOUNTS,
  S1_SITES,
  S1_GROUPS,
  S1_AGENTS,
  S1_AGENT_NICS,
  S1_AGENT_APPLICATIONS,
  S1_APPLICATION_RISKS,
];
