import { childTable, col, resourceTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

// Google Cloud Compute inventory, shaped after the bronze conventions: scalars as columns,
// uint64 ids as text, arrays of objects as child tables, maps as key/value children, nested
// objects and arrays of primitives as `<field>_json`. Scope is the project id.

const layer = 'bronze' as const;

export const GCP_PROJECTS = resourceTable({
  layer,
  name: 'gcp_projects',
  description: 'Google Cloud projects discovered for a source (resource_id is the project id).',
  columns: [
    col('project_number', 'text', 'Numeric project number.'),
    col('display_name', 'text', 'Human-readable project name.'),
    col('lifecycle_state', 'text', 'ACTIVE, DELETE_REQUESTED, …'),
    col('parent_type', 'text', 'organization or folder the project belongs to.'),
    col('parent_id', 'text', 'Id of the parent organization or folder.'),
    col('default_service_account', 'text', 'Default Compute Engine service account email.'),
    col('xpn_project_status', 'text', 'Shared VPC role: HOST or UNSPECIFIED_XPN_PROJECT_STATUS.'),
    col('default_network_tier', 'text', 'PREMIUM or STANDARD.'),
    col('creation_timestamp', 'timestamp', 'When the project was created (Compute view).'),
    col('labels_json', 'json', 'Project labels.'),
    col('compute_enabled', 'boolean', 'Whether the Compute API answered for this project.'),
  ],
  examples: ['Which projects have project-wide SSH keys allowed?'],
});

export const GCP_PROJECT_METADATA = childTable({
  layer,
  name: 'gcp_project_metadata',
  description: 'Common instance metadata of a project (enable-oslogin, block-project-ssh-keys, ssh-keys, …).',
  parent: 'gcp_projects',
  naturalKey: ['key'],
  columns: [
    col('key', 'text', 'Metadata key.'),
    col('value', 'text', 'Metadata value; for sensitive keys (scripts, passwords) a fingerprint instead.'),
    col(
      'value_redacted',
      'boolean',
      'True when `value` is a sha256 fingerprint because the key may hold secrets.',
    ),
  ],
});

export const GCP_INSTANCES = resourceTable({
  layer,
  name: 'gcp_compute_instances',
  description: 'Compute Engine VM instances (aggregated list per project).',
  columns: [
    col('name', 'text', 'Instance name.'),
    col('zone', 'text', 'Zone short name, e.g. us-central1-a.'),
    col('region', 'text', 'Region derived from the zone, e.g. us-central1.'),
    col('machine_type', 'text', 'Machine type short name, e.g. e2-standard-4.'),
    col('status', 'text', 'PROVISIONING, STAGING, RUNNING, STOPPING, SUSPENDED, TERMINATED, …'),
    col('hostname', 'text', 'Custom hostname when set.'),
    col('description', 'text', 'Free-text description.'),
    col('cpu_platform', 'text', 'CPU platform the instance runs on.'),
    col('creation_timestamp', 'timestamp', 'When the instance was created.'),
    col('last_start_timestamp', 'timestamp', 'When the instance last started.'),
    col('last_stop_timestamp', 'timestamp', 'When the instance last stopped.'),
    col(
      'can_ip_forward',
      'boolean',
      'Whether the instance may send packets with other source IPs (CIS 4.6).',
    ),
    col('deletion_protection', 'boolean', 'Whether deletion is blocked.'),
    col('shielded_secure_boot', 'boolean', 'Shielded VM secure boot (CIS 4.8).'),
    col('shielded_vtpm', 'boolean', 'Shielded VM virtual TPM (CIS 4.8).'),
    col('shielded_integrity_monitoring', 'boolean', 'Shielded VM integrity monitoring (CIS 4.8).'),
    col('confidential_compute', 'boolean', 'Confidential VM enabled (CIS 4.11).'),
    col(
      'scheduling_json',
      'json',
      'Scheduling options (preemptible, onHostMaintenance, automaticRestart, …).',
    ),
    col('self_link', 'text', 'API URL of the instance.'),
  ],
  examples: [
    'Which running VMs have a public IP?',
    'Which VMs use the default service account with full API access?',
  ],
});

export const GCP_INSTANCE_NICS = childTable({
  layer,
  name: 'gcp_compute_instance_nics',
  description: 'Network interfaces of an instance.',
  parent: 'gcp_compute_instances',
  naturalKey: ['nic_name'],
  columns: [
    col('nic_name', 'text', 'Interface name, e.g. nic0.'),
    col('network', 'text', 'VPC network short name.'),
    col('network_project', 'text', 'Project that owns the network (differs from the scope for Shared VPC).'),
    col('subnetwork', 'text', 'Subnetwork short name.'),
    col('network_ip', 'text', 'Primary private IPv4 address.'),
    col('stack_type', 'text', 'IPV4_ONLY or IPV4_IPV6.'),
    col('ipv6_address', 'text', 'Internal IPv6 address.'),
    col('nic_type', 'text', 'VIRTIO_NET or GVNIC.'),
  ],
});

export const GCP_INSTANCE_NIC_ACCESS_CONFIGS = childTable({
  layer,
  name: 'gcp_compute_instance_nic_access_configs',
  description: 'External (NAT) access configs of an interface: how the instance gets a public IP.',
  parent: 'gcp_compute_instance_nics',
  naturalKey: ['nic_name', 'name'],
  columns: [
    col('nic_name', 'text', 'Interface the access config belongs to.'),
    col('name', 'text', 'Access config name, e.g. External NAT.'),
    col('type', 'text', 'ONE_TO_ONE_NAT, DIRECT_IPV6, …'),
    col('nat_ip', 'text', 'External IPv4 address.'),
    col('network_tier', 'text', 'PREMIUM or STANDARD.'),
    col('public_ptr_domain_name', 'text', 'Public reverse DNS name when set.'),
  ],
});

export const GCP_INSTANCE_NIC_ALIAS_RANGES = childTable({
  layer,
  name: 'gcp_compute_instance_nic_alias_ranges',
  description: 'Alias IP ranges of an interface (e.g. GKE pod ranges).',
  parent: 'gcp_compute_instance_nics',
  naturalKey: ['nic_name', 'ip_cidr_range'],
  columns: [
    col('nic_name', 'text', 'Interface the range belongs to.'),
    col('ip_cidr_range', 'text', 'Alias range in CIDR form.'),
    col('subnetwork_range_name', 'text', 'Secondary range of the subnetwork it comes from.'),
  ],
});

export const GCP_INSTANCE_DISKS = childTable({
  layer,
  name: 'gcp_compute_instance_disks',
  description: 'Disks attached to an instance.',
  parent: 'gcp_compute_instances',
  naturalKey: ['device_name'],
  columns: [
    col('device_name', 'text', 'Device name inside the guest.'),
    col('disk_index', 'integer', 'Attachment index.'),
    col('source', 'text', 'Disk short name.'),
    col('boot', 'boolean', 'Whether this is the boot disk.'),
    col('auto_delete', 'boolean', 'Deleted with the instance.'),
    col('mode', 'text', 'READ_WRITE or READ_ONLY.'),
    col('interface', 'text', 'SCSI or NVME.'),
    col('type', 'text', 'PERSISTENT or SCRATCH.'),
    col('disk_size_gb', 'bigint', 'Size in GB.'),
    col('licenses_json', 'json', 'License URLs (they name the OS image family).'),
    col('kms_key_name', 'text', 'Customer-managed encryption key, when used (CIS 4.7).'),
    col('csek_sha256', 'text', 'Fingerprint of a customer-supplied key, when used (CIS 4.7).'),
  ],
});

export const GCP_INSTANCE_LABELS = childTable({
  layer,
  name: 'gcp_compute_instance_labels',
  description: 'Labels of an instance (GKE nodes carry goog-gke-node, goog-k8s-cluster-name).',
  parent: 'gcp_compute_instances',
  naturalKey: ['key'],
  columns: [col('key', 'text', 'Label key.'), col('value', 'text', 'Label value.')],
});

export const GCP_INSTANCE_METADATA = childTable({
  layer,
  name: 'gcp_compute_instance_metadata',
  description:
    'Instance metadata items (enable-oslogin, block-project-ssh-keys, serial-port-enable, ssh-keys, …).',
  parent: 'gcp_compute_instances',
  naturalKey: ['key'],
  columns: [
    col('key', 'text', 'Metadata key.'),
    col('value', 'text', 'Metadata value; for sensitive keys (scripts, passwords) a fingerprint instead.'),
    col(
      'value_redacted',
      'boolean',
      'True when `value` is a sha256 fingerprint because the key may hold secrets.',
    ),
  ],
});

export const GCP_INSTANCE_TAGS = childTable({
  layer,
  name: 'gcp_compute_instance_tags',
  description: 'Network tags of an instance (firewall rules target them).',
  parent: 'gcp_compute_instances',
  naturalKey: ['tag'],
  columns: [col('tag', 'text', 'Network tag.')],
});

export const GCP_INSTANCE_SERVICE_ACCOUNTS = childTable({
  layer,
  name: 'gcp_compute_instance_service_accounts',
  description: 'Service accounts attached to an instance, with their OAuth scopes (CIS 4.1, 4.2).',
  parent: 'gcp_compute_instances',
  naturalKey: ['email'],
  columns: [
    col('email', 'text', 'Service account email.'),
    col('scopes_json', 'json', 'OAuth scopes granted.'),
  ],
});

export const GCP_DISKS = resourceTable({
  layer,
  name: 'gcp_compute_disks',
  description: 'Persistent disks (aggregated list per project).',
  columns: [
    col('name', 'text', 'Disk name.'),
    col('zone', 'text', 'Zone short name (zonal disks).'),
    col('region', 'text', 'Region short name (regional disks, or derived from the zone).'),
    col('size_gb', 'bigint', 'Size in GB.'),
    col('type', 'text', 'Disk type short name, e.g. pd-balanced.'),
    col('status', 'text', 'CREATING, READY, FAILED, DELETING, …'),
    col('source_image', 'text', 'Image the disk was created from (URL).'),
    col('source_snapshot', 'text', 'Snapshot the disk was created from (URL).'),
    col('users_json', 'json', 'Instances the disk is attached to (URLs).'),
    col('licenses_json', 'json', 'License URLs.'),
    col('kms_key_name', 'text', 'Customer-managed encryption key, when used.'),
    col('csek_sha256', 'text', 'Fingerprint of a customer-supplied key, when used.'),
    col('creation_timestamp', 'timestamp', 'When the disk was created.'),
    col('last_attach_timestamp', 'timestamp', 'When the disk was last attached.'),
    col('last_detach_timestamp', 'timestamp', 'When the disk was last detached.'),
    col('self_link', 'text', 'API URL of the disk.'),
  ],
});

export const GCP_DISK_LABELS = childTable({
  layer,
  name: 'gcp_compute_disk_labels',
  description: 'Labels of a disk.',
  parent: 'gcp_compute_disks',
  naturalKey: ['key'],
  columns: [col('key', 'text', 'Label key.'), col('value', 'text', 'Label value.')],
});

export const GCP_NETWORKS = resourceTable({
  layer,
  name: 'gcp_compute_networks',
  description: 'VPC networks of a project.',
  columns: [
    col('name', 'text', 'Network name.'),
    col('description', 'text', 'Free-text description.'),
    col('auto_create_subnetworks', 'boolean', 'Auto mode network (one subnet per region).'),
    col('routing_mode', 'text', 'REGIONAL or GLOBAL.'),
    col('mtu', 'integer', 'Maximum transmission unit.'),
    col('subnetworks_json', 'json', 'Subnetwork URLs.'),
    col('creation_timestamp', 'timestamp', 'When the network was created.'),
    col('self_link', 'text', 'API URL of the network.'),
  ],
});

export const GCP_NETWORK_PEERINGS = childTable({
  layer,
  name: 'gcp_compute_network_peerings',
  description: 'VPC peerings of a network.',
  parent: 'gcp_compute_networks',
  naturalKey: ['name'],
  columns: [
    col('name', 'text', 'Peering name.'),
    col('network', 'text', 'Peer network URL.'),
    col('state', 'text', 'ACTIVE or INACTIVE.'),
    col('state_details', 'text', 'Why the peering is in its state.'),
    col('export_custom_routes', 'boolean', 'Custom routes exported to the peer.'),
    col('import_custom_routes', 'boolean', 'Custom routes imported from the peer.'),
    col('exchange_subnet_routes', 'boolean', 'Subnet routes exchanged.'),
  ],
});

export const GCP_SUBNETWORKS = resourceTable({
  layer,
  name: 'gcp_compute_subnetworks',
  description: 'Subnetworks (aggregated list per project).',
  columns: [
    col('name', 'text', 'Subnetwork name.'),
    col('network', 'text', 'VPC network short name.'),
    col('region', 'text', 'Region short name.'),
    col('ip_cidr_range', 'text', 'Primary range in CIDR form.'),
    col('gateway_address', 'text', 'Gateway IP of the primary range.'),
    col('private_ip_google_access', 'boolean', 'Private Google Access enabled.'),
    col('purpose', 'text', 'PRIVATE, REGIONAL_MANAGED_PROXY, …'),
    col('role', 'text', 'ACTIVE or BACKUP for proxy subnets.'),
    col('stack_type', 'text', 'IPV4_ONLY or IPV4_IPV6.'),
    col('flow_logs_enabled', 'boolean', 'VPC flow logs enabled (CIS 3.8).'),
    col('log_config_json', 'json', 'Flow log settings (aggregation interval, sampling, metadata).'),
    col('creation_timestamp', 'timestamp', 'When the subnetwork was created.'),
    col('self_link', 'text', 'API URL of the subnetwork.'),
  ],
});

export const GCP_SUBNETWORK_SECONDARY_RANGES = childTable({
  layer,
  name: 'gcp_compute_subnetwork_secondary_ranges',
  description: 'Secondary IP ranges of a subnetwork (GKE pods and services).',
  parent: 'gcp_compute_subnetworks',
  naturalKey: ['range_name'],
  columns: [col('range_name', 'text', 'Range name.'), col('ip_cidr_range', 'text', 'Range in CIDR form.')],
});

export const GCP_FIREWALLS = resourceTable({
  layer,
  name: 'gcp_compute_firewalls',
  description: 'VPC firewall rules of a project.',
  columns: [
    col('name', 'text', 'Rule name.'),
    col('description', 'text', 'Free-text description.'),
    col('network', 'text', 'VPC network short name.'),
    col('direction', 'text', 'INGRESS or EGRESS.'),
    col('priority', 'integer', 'Lower numbers win (0–65535).'),
    col('disabled', 'boolean', 'Whether the rule is disabled.'),
    col('source_ranges_json', 'json', 'Source CIDR ranges (ingress).'),
    col('destination_ranges_json', 'json', 'Destination CIDR ranges (egress).'),
    col('source_tags_json', 'json', 'Source network tags.'),
    col('target_tags_json', 'json', 'Instances the rule applies to, by tag (empty = all).'),
    col('source_service_accounts_json', 'json', 'Source service accounts.'),
    col('target_service_accounts_json', 'json', 'Instances the rule applies to, by service account.'),
    col('log_enabled', 'boolean', 'Firewall rule logging enabled.'),
    col('creation_timestamp', 'timestamp', 'When the rule was created.'),
    col('self_link', 'text', 'API URL of the rule.'),
  ],
  examples: ['Which firewall rules allow SSH or RDP from 0.0.0.0/0?'],
});

const firewallPorts = [
  col('ip_protocol', 'text', 'tcp, udp, icmp, all, or a protocol number.'),
  col('ports', 'text', 'Ports and ranges, comma-separated in API order; empty means all ports.'),
];

export const GCP_FIREWALL_ALLOWED = childTable({
  layer,
  name: 'gcp_compute_firewall_allowed',
  description: 'What an allow rule permits: protocol and ports.',
  parent: 'gcp_compute_firewalls',
  naturalKey: ['ip_protocol', 'ports'],
  columns: firewallPorts,
});

export const GCP_FIREWALL_DENIED = childTable({
  layer,
  name: 'gcp_compute_firewall_denied',
  description: 'What a deny rule blocks: protocol and ports.',
  parent: 'gcp_compute_firewalls',
  naturalKey: ['ip_protocol', 'ports'],
  columns: firewallPorts,
});

export const GCP_ADDRESSES = resourceTable({
  layer,
  name: 'gcp_compute_addresses',
  description: 'Reserved IP addresses, regional and global.',
  columns: [
    col('name', 'text', 'Address name.'),
    col('address', 'text', 'The IP address.'),
    col('address_type', 'text', 'EXTERNAL or INTERNAL.'),
    col('status', 'text', 'RESERVING, RESERVED or IN_USE.'),
    col('region', 'text', 'Region short name; NULL for global addresses.'),
    col('is_global', 'boolean', 'Global (not regional) address.'),
    col('network_tier', 'text', 'PREMIUM or STANDARD.'),
    col('purpose', 'text', 'GCE_ENDPOINT, VPC_PEERING, NAT_AUTO, …'),
    col('ip_version', 'text', 'IPV4 or IPV6.'),
    col('prefix_length', 'integer', 'Prefix length for ranges.'),
    col('network', 'text', 'VPC network short name (internal addresses).'),
    col('subnetwork', 'text', 'Subnetwork short name (internal addresses).'),
    col('users_json', 'json', 'Resources using the address (URLs).'),
    col('creation_timestamp', 'timestamp', 'When the address was reserved.'),
    col('self_link', 'text', 'API URL of the address.'),
  ],
});

export const GCP_TABLES: readonly TableSpec[] = [
  GCP_PROJECTS,
  GCP_PROJECT_METADATA,
  GCP_INSTANCES,
  GCP_INSTANCE_NICS,
  GCP_INSTANCE_NIC_ACCESS_CONFIGS,
  GCP_INSTANCE_NIC_ALIAS_RANGES,
  GCP_INSTANCE_DISKS,
  GCP_INSTANCE_LABELS,
  GCP_INSTANCE_METADATA,
  GCP_INSTANCE_TAGS,
  GCP_INSTANCE_SERVICE_ACCOUNTS,
  GCP_DISKS,
  GCP_DISK_LABELS,
  GCP_NETWORKS,
  GCP_NETWORK_PEERINGS,
  GCP_SUBNETWORKS,
  GCP_SUBNETWORK_SECONDARY_RANGES,
  GCP_FIREWALLS,
  GCP_FIREWALL_ALLOWED,
  GCP_FIREWALL_DENIED,
  GCP_ADDRESSES,
];
