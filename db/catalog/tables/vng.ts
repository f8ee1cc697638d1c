import { childTable, col, resourceTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

// VNG Cloud (GreenNode) vServer inventory. Projects are listed per region (scope = region); every
// other table is listed per project in a region (scope = `<region>/<projectId>`). Shapes follow the
// vServer gateway's JSON (`/v2/{projectId}/...`): scalars as columns, arrays of objects as child
// tables, nested objects flattened when they are one small fixed record (image, flavor).

const layer = 'bronze' as const;

export const VNG_PROJECTS = resourceTable({
  layer,
  name: 'vng_projects',
  description: 'VNG Cloud projects visible to the service account in a region (resource_id is projectId).',
  columns: [
    col('region', 'text', 'Region the project lives in, e.g. hcm-3 or han-1.'),
    col('name', 'text', 'Project name.'),
    col('status', 'text', 'Project status as the portal reports it.'),
    col('is_default', 'boolean', 'Whether this is the default project of the account in the region.'),
    col('user_id', 'bigint', 'Portal user id that owns the project.'),
  ],
  examples: ['Which VNG projects exist in han-1?'],
});

export const VNG_SERVERS = resourceTable({
  layer,
  name: 'vng_servers',
  description: 'vServer virtual machines of a project (resource_id is the server uuid).',
  columns: [
    col('project_id', 'text', 'Project the server belongs to.'),
    col('region', 'text', 'Region of the project, e.g. hcm-3.'),
    col('name', 'text', 'Server name.'),
    col(
      'status',
      'text',
      'ACTIVE, STOPPED, ERROR, CREATING, … (STOPPED is also how deleted servers linger).',
    ),
    col('description', 'text', 'Free-text description.'),
    col('location', 'text', 'Placement location reported by the API.'),
    col('zone_id', 'text', 'Availability zone id.'),
    col('created_at', 'timestamp', 'When the server was created.'),
    col('boot_volume_id', 'text', 'Uuid of the boot volume (see vng_volumes).'),
    col('encryption_volume', 'boolean', 'Whether the boot volume is encrypted.'),
    col('image_id', 'text', 'Image id the server was built from.'),
    col('image_type', 'text', 'Image family, e.g. Ubuntu, CentOS, Windows.'),
    col('image_version', 'text', 'Image version, e.g. 22.04.'),
    col('flavor_id', 'text', 'Flavor id.'),
    col('flavor_name', 'text', 'Flavor name, e.g. v2-standard-2c4g.'),
    col('flavor_cpu', 'integer', 'vCPUs of the flavor.'),
    col('flavor_memory', 'integer', 'Memory of the flavor in GiB.'),
    col('flavor_gpu', 'integer', 'GPUs of the flavor.'),
    col('flavor_bandwidth', 'bigint', 'Network bandwidth of the flavor.'),
    col('server_group_id', 'text', 'Server (anti-)affinity group id, when in one.'),
    col('server_group_name', 'text', 'Server group name.'),
    col('ssh_key_name', 'text', 'Name of the SSH key pair injected at creation.'),
    col('product', 'text', 'Product line reported by the API (e.g. VKS for Kubernetes nodes).'),
  ],
  examples: [
    'Which VNG servers are ACTIVE but have no SentinelOne agent?',
    'Which VNG servers have a floating IP?',
  ],
});

export const VNG_SERVER_INTERFACES = childTable({
  layer,
  name: 'vng_server_interfaces',
  description:
    'Network interfaces of a server (internalInterfaces and externalInterfaces), with MAC and IPs.',
  parent: 'vng_servers',
  naturalKey: ['interface_id'],
  columns: [
    col('interface_id', 'text', 'Interface (port) uuid; `<kind>-<index>` when the API gives none.'),
    col('kind', 'text', 'internal (VPC interface) or external (WAN interface).'),
    col('network_uuid', 'text', 'VPC network uuid.'),
    col('subnet_uuid', 'text', 'Subnet uuid.'),
    col('fixed_ip', 'text', 'Private IPv4 address of the interface.'),
    col('floating_ip', 'text', 'Public floating IP NATed to the interface, when one is attached.'),
    col('mac', 'text', 'MAC address of the interface (as seen inside the guest).'),
    col('type', 'text', 'Interface role, e.g. primary.'),
    col('interface_type', 'text', 'Interface type reported by the API.'),
    col('status', 'text', 'Interface status.'),
  ],
});

export const VNG_SERVER_SECGROUPS = childTable({
  layer,
  name: 'vng_server_secgroups',
  description: 'Security groups attached to a server.',
  parent: 'vng_servers',
  naturalKey: ['secgroup_id'],
  columns: [
    col('secgroup_id', 'text', 'Security group uuid (see vng_secgroups).'),
    col('name', 'text', 'Security group name.'),
  ],
});

export const VNG_VOLUMES = resourceTable({
  layer,
  name: 'vng_volumes',
  description: 'Block storage volumes of a project (resource_id is the volume uuid).',
  columns: [
    col('project_id', 'text', 'Project the volume belongs to.'),
    col('name', 'text', 'Volume name.'),
    col('size_gb', 'bigint', 'Size in GB.'),
    col('status', 'text', 'IN-USE, AVAILABLE, ERROR, …'),
    col('volume_type_id', 'text', 'Volume type id.'),
    col('volume_type_zone_name', 'text', 'Volume type zone name.'),
    col('iops', 'text', 'Provisioned IOPS as the API reports it.'),
    col('server_id', 'text', 'Server the volume is attached to, when attached.'),
    col('server_ids_json', 'json', 'All servers the volume is attached to (multi-attach).'),
    col('bootable', 'boolean', 'Whether the volume is a boot volume.'),
    col('boot_index', 'integer', 'Boot index (0 for the boot disk).'),
    col('multi_attach', 'boolean', 'Whether the volume may attach to several servers.'),
    col('encryption_type', 'text', 'Encryption type, when the volume is encrypted.'),
    col('persistent_volume', 'boolean', 'Whether the volume is a Kubernetes persistent volume.'),
    col('location', 'text', 'Placement location reported by the API.'),
    col('product', 'text', 'Product line reported by the API.'),
    col('created_at', 'timestamp', 'When the volume was created.'),
    col('updated_at', 'timestamp', 'When the volume was last updated.'),
  ],
  examples: ['Which VNG volumes are unencrypted?', 'Which VNG volumes are not attached to any server?'],
});

export const VNG_NETWORKS = resourceTable({
  layer,
  name: 'vng_networks',
  description: 'VPC networks of a project (resource_id is the network id).',
  columns: [
    col('project_id', 'text', 'Project the network belongs to.'),
    col('name', 'text', 'Display name.'),
    col('cidr', 'text', 'Address range of the VPC.'),
    col('status', 'text', 'ACTIVE, …'),
    col('created_at', 'timestamp', 'When the network was created.'),
    col('route_table_id', 'text', 'Main route table id.'),
    col('route_table_name', 'text', 'Main route table name.'),
    col('dhcp_option_id', 'text', 'DHCP option set id.'),
    col('dhcp_option_name', 'text', 'DHCP option set name.'),
    col('dns_status', 'text', 'Private DNS status.'),
    col('mtu', 'integer', 'MTU of the network.'),
    col('zone_id', 'text', 'Zone id.'),
    col('elastic_ips_json', 'json', 'Elastic IPs bound to the VPC.'),
    col('server_count', 'integer', 'Servers in the VPC (a derived count: kept current, opens no version).', {
      volatile: true,
    }),
    col('volume_count', 'integer', 'Volumes in the VPC (a derived count: kept current, opens no version).', {
      volatile: true,
    }),
  ],
});

export const VNG_SUBNETS = resourceTable({
  layer,
  name: 'vng_subnets',
  description: 'Subnets of the VPC networks of a project (resource_id is the subnet uuid).',
  columns: [
    col('project_id', 'text', 'Project the subnet belongs to.'),
    col('network_id', 'text', 'VPC network uuid the subnet belongs to.'),
    col('name', 'text', 'Subnet name.'),
    col('cidr', 'text', 'Address range of the subnet.'),
    col('status', 'text', 'ACTIVE, …'),
    col('route_table_id', 'text', 'Route table of the subnet.'),
    col('interface_acl_policy_id', 'text', 'Network ACL applied to the subnet.'),
    col('interface_acl_policy_name', 'text', 'Network ACL name.'),
    col('zone_id', 'text', 'Zone id.'),
    col('secondary_subnets_json', 'json', 'Secondary ranges: [{uuid, name, cidr}].'),
  ],
});

export const VNG_SECGROUPS = resourceTable({
  layer,
  name: 'vng_secgroups',
  description: 'Security groups of a project (resource_id is the security group id).',
  columns: [
    col('project_id', 'text', 'Project the security group belongs to.'),
    col('name', 'text', 'Security group name.'),
    col('description', 'text', 'Description.'),
    col('status', 'text', 'ACTIVE, …'),
    col('is_system', 'boolean', 'Created by the platform (e.g. the default group).'),
    col('created_at', 'timestamp', 'When the group was created.'),
  ],
  examples: ['Which VNG security groups allow SSH or RDP from 0.0.0.0/0?'],
});

export const VNG_SECGROUP_RULES = childTable({
  layer,
  name: 'vng_secgroup_rules',
  description: 'Rules of a security group (from secgroups/{id}/secGroupRules).',
  parent: 'vng_secgroups',
  naturalKey: ['rule_id'],
  columns: [
    col('rule_id', 'text', 'Rule id.'),
    col('direction', 'text', 'ingress or egress.'),
    col('ether_type', 'text', 'IPv4 or IPv6.'),
    col('protocol', 'text', 'tcp, udp, icmp, or any (all protocols).'),
    col('port_range_min', 'integer', 'First port of the range (empty or 0 with any protocol: all ports).'),
    col('port_range_max', 'integer', 'Last port of the range.'),
    col('remote_ip_prefix', 'text', 'Source (ingress) or destination (egress) CIDR, e.g. 0.0.0.0/0.'),
    col('remote_group_id', 'text', 'Remote security group instead of a CIDR.'),
    col('description', 'text', 'Description.'),
    col('status', 'text', 'Rule status.'),
    col('created_at', 'timestamp', 'When the rule was created.'),
  ],
});

export const VNG_ELASTIC_IPS = resourceTable({
  layer,
  name: 'vng_elastic_ips',
  description: 'Public (WAN / elastic) IPs of a project (resource_id is the IP uuid).',
  columns: [
    col('project_id', 'text', 'Project the address belongs to.'),
    col('name', 'text', 'Address name.'),
    col('ip_address', 'text', 'Public IPv4 address.'),
    col('status', 'text', 'ACTIVE (in use), AVAILABLE, …'),
    col('type', 'text', 'Address type reported by the API.'),
    col('server_id', 'text', 'Server the address is attached to, when attached.'),
    col('network_interface_id', 'text', 'Interface the address is attached to, when attached.'),
    col('created_at', 'timestamp', 'When the address was allocated.'),
  ],
  examples: ['Which VNG public IPs are allocated but unused?'],
});

export const VNG_TABLES: readonly TableSpec[] = [
  VNG_PROJECTS,
  VNG_SERVERS,
  VNG_SERVER_INTERFACES,
  VNG_SERVER_SECGROUPS,
  VNG_VOLUMES,
  VNG_NETWORKS,
  VNG_SUBNETS,
  VNG_SECGROUPS,
  VNG_SECGROUP_RULES,
  VNG_ELASTIC_IPS,
];
