// vServer API items → bronze snapshot records. Values go through as the API sent them (the history
// engine checks types and rejects a bad record with its reason); only identity is normalised: ids
// to text, and empty strings, which the API uses for "none", to null.
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { ApiItem } from './client.ts';

type Row = Record<string, unknown>;

function obj(value: unknown): Row {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};
}

/** Ids as text; absent or empty → undefined (a record without an id is rejected by the engine). */
function id(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The API's "" and null both mean "none". Other values pass through for the engine to check. */
function opt(value: unknown): unknown {
  return value === '' || value === undefined ? null : value;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function convertProject(item: ApiItem, region: string): SnapshotRecord {
  return {
    row: {
      resource_id: id(item.projectId ?? item.id),
      region,
      name: opt(item.name),
      status: opt(item.status),
      is_default: opt(item.isDefault),
      user_id: opt(item.userId),
    },
  };
}

function interfaces(item: ApiItem): Row[] {
  const rows: Row[] = [];
  for (const kind of ['internal', 'external'] as const) {
    list(item[`${kind}Interfaces`]).forEach((raw, i) => {
      const x = obj(raw);
      rows.push({
        interface_id: id(x.uuid) ?? id(x.portUuid) ?? `${kind}-${i}`,
        kind,
        network_uuid: opt(x.networkUuid),
        subnet_uuid: opt(x.subnetUuid),
        fixed_ip: opt(x.fixedIp),
        floating_ip: opt(x.floatingIp),
        mac: typeof x.mac === 'string' && x.mac !== '' ? x.mac.toLowerCase() : opt(x.mac),
        type: opt(x.type),
        interface_type: opt(x.interfaceType),
        status: opt(x.status),
      });
    });
  }
  return rows;
}

export function convertServer(item: ApiItem, projectId: string, region: string): SnapshotRecord {
  const image = obj(item.image);
  const flavor = obj(item.flavor);
  return {
    row: {
      resource_id: id(item.uuid ?? item.id),
      project_id: projectId,
      region,
      name: opt(item.name),
      status: opt(item.status),
      description: opt(item.description),
      location: opt(item.location),
      zone_id: opt(item.zoneId ?? obj(item.zone).uuid),
      created_at: opt(item.createdAt),
      boot_volume_id: opt(item.bootVolumeId),
      encryption_volume: opt(item.encryptionVolume),
      image_id: opt(image.id),
      image_type: opt(image.imageType),
      image_version: opt(image.imageVersion),
      flavor_id: opt(flavor.flavorId),
      flavor_name: opt(flavor.name),
      flavor_cpu: opt(flavor.cpu),
      flavor_memory: opt(flavor.memory),
      flavor_gpu: opt(flavor.gpu),
      flavor_bandwidth: opt(flavor.bandwidth),
      server_group_id: id(item.serverGroupId) ?? null,
      server_group_name: opt(item.serverGroupName),
      ssh_key_name: opt(item.sshKeyName),
      product: opt(item.product),
    },
    children: {
      vng_server_interfaces: interfaces(item),
      vng_server_secgroups: list(item.secGroups).map((raw) => {
        const g = obj(raw);
        return { secgroup_id: id(g.uuid ?? g.id), name: opt(g.name) };
      }),
    },
  };
}

export function convertVolume(item: ApiItem, projectId: string): SnapshotRecord {
  return {
    row: {
      resource_id: id(item.uuid ?? item.id),
      project_id: projectId,
      name: opt(item.name),
      size_gb: opt(item.size),
      status: opt(item.status),
      volume_type_id: opt(item.volumeTypeId),
      volume_type_zone_name: opt(item.volumeTypeZoneName),
      iops: typeof item.iops === 'number' ? String(item.iops) : opt(item.iops),
      server_id: opt(item.serverId),
      server_ids_json: Array.isArray(item.serverIdList) ? item.serverIdList : null,
      bootable: opt(item.bootable),
      boot_index: opt(item.bootIndex),
      multi_attach: opt(item.multiAttach),
      encryption_type: opt(item.encryptionType),
      persistent_volume: opt(item.persistentVolume),
      location: opt(item.location),
      product: opt(item.product),
      created_at: opt(item.createdAt),
      updated_at: opt(item.updatedAt),
    },
  };
}

export function convertNetwork(item: ApiItem, projectId: string): SnapshotRecord {
  return {
    row: {
      resource_id: id(item.id ?? item.uuid),
      project_id: projectId,
      name: opt(item.displayName ?? item.name),
      cidr: opt(item.cidr),
      status: opt(item.status),
      created_at: opt(item.createdAt),
      route_table_id: opt(item.routeTableId),
      route_table_name: opt(item.routeTableName),
      dhcp_option_id: opt(item.dhcpOptionId),
      dhcp_option_name: opt(item.dhcpOptionName),
      dns_status: opt(item.dnsStatus),
      mtu: opt(item.mtu),
      zone_id: opt(obj(item.zone).uuid ?? item.zoneId),
      elastic_ips_json: Array.isArray(item.elasticIps) ? item.elasticIps : null,
      server_count: opt(item.serverCount),
      volume_count: opt(item.volumeCount),
    },
  };
}

export function convertSubnet(item: ApiItem, projectId: string, networkId: string): SnapshotRecord {
  return {
    row: {
      resource_id: id(item.uuid ?? item.id),
      project_id: projectId,
      network_id: opt(item.networkUuid ?? item.networkId) ?? networkId,
      name: opt(item.name),
      cidr: opt(item.cidr),
      status: opt(item.status),
      route_table_id: opt(item.routeTableUuid ?? item.routeTableId),
      interface_acl_policy_id: opt(item.interfaceAclPolicyUuid ?? item.interfaceAclPolicyId),
      interface_acl_policy_name: opt(item.interfaceAclPolicyName),
      zone_id: opt(obj(item.zone).uuid ?? item.zoneId),
      secondary_subnets_json: Array.isArray(item.secondarySubnets) ? item.secondarySubnets : null,
    },
  };
}

export function convertSecgroup(item: ApiItem, rules: readonly ApiItem[], projectId: string): SnapshotRecord {
  return {
    row: {
      resource_id: id(item.id ?? item.uuid),
      project_id: projectId,
      name: opt(item.name),
      description: opt(item.description),
      status: opt(item.status),
      is_system: opt(item.isSystem ?? item.system),
      created_at: opt(item.createdAt),
    },
    children: {
      vng_secgroup_rules: rules.map((r) => ({
        rule_id: id(r.id ?? r.ruleId),
        direction: opt(r.direction),
        ether_type: opt(r.etherType),
        protocol: opt(r.protocol),
        port_range_min: opt(r.portRangeMin),
        port_range_max: opt(r.portRangeMax),
        remote_ip_prefix: opt(r.remoteIpPrefix),
        remote_group_id: opt(r.remoteGroupId),
        description: opt(r.description),
        status: opt(r.status),
        created_at: opt(r.createdAt),
      })),
    },
  };
}

export function convertElasticIp(item: ApiItem, projectId: string): SnapshotRecord {
  return {
    row: {
      resource_id: id(item.uuid ?? item.id),
      project_id: projectId,
      name: opt(item.name),
      ip_address: opt(item.ipAddress ?? item.floatingIp),
      status: opt(item.status),
      type: opt(item.type),
      server_id: opt(item.serverId),
      network_interface_id: opt(item.networkInterfaceId),
      created_at: opt(item.createdAt),
    },
  };
}
