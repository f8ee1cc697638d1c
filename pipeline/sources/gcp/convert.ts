import { createHash } from 'node:crypto';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { ApiObject, DiscoveredProject } from './client.ts';

// Compute API objects → bronze records. Fields pass through as the API gives them; the history
// engine validates their types and refuses a record with a reason. Only the shaping the bronze
// conventions ask for happens here: URLs to short names, maps and arrays to child rows, nested
// objects to JSON.

type Row = Record<string, unknown>;

function obj(value: unknown): ApiObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as ApiObject)
    : undefined;
}

function list(value: unknown): ApiObject[] {
  return Array.isArray(value) ? (value.filter((v) => obj(v)) as ApiObject[]) : [];
}

function strings(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Last path segment of a resource URL (`…/zones/us-central1-a` → `us-central1-a`); other values pass. */
export function short(value: unknown): unknown {
  return typeof value === 'string' ? value.slice(value.lastIndexOf('/') + 1) : value;
}

/** `us-central1-a` → `us-central1`. */
export function regionOfZone(zone: unknown): unknown {
  return typeof zone === 'string' ? zone.replace(/-[a-z]$/, '') : zone;
}

/** The project id inside a resource URL (`projects/{id}/…`), for Shared VPC networks. */
function projectOf(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  return /\/projects\/([^/]+)\//.exec(url)?.[1] ?? null;
}

/**
 * JSON for `<field>_json` columns without the `_field` markers the protobuf decoder adds, so the
 * stored JSON looks like the REST API's.
 */
export function cleanJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanJson);
  const o = obj(value);
  if (!o) return value;
  const out: Row = {};
  for (const [k, v] of Object.entries(o)) if (!k.startsWith('_') && v !== undefined) out[k] = cleanJson(v);
  return out;
}

// Metadata keys that commonly carry passwords, tokens or scripts with credentials. Their values
// are stored as a fingerprint: changes stay visible in history, the secret never reaches a store.
const SENSITIVE_METADATA =
  /script|user-data|password|passwd|secret|token|credential|private|windows-keys|sysprep|cloud-init/i;

export function metadataRows(items: unknown): Row[] {
  return list(items).map((item) => {
    const key = item.key;
    const value = item.value;
    if (typeof key === 'string' && SENSITIVE_METADATA.test(key) && typeof value === 'string') {
      return {
        key,
        value: `sha256:${createHash('sha256').update(value).digest('hex')}`,
        value_redacted: true,
      };
    }
    return { key, value: value ?? null, value_redacted: false };
  });
}

function labelRows(labels: unknown): Row[] {
  return Object.entries(obj(labels) ?? {})
    .filter(([k]) => !k.startsWith('_'))
    .map(([key, value]) => ({ key, value }));
}

export function instanceRecord(i: ApiObject): SnapshotRecord {
  const zone = short(i.zone);
  const shielded = obj(i.shieldedInstanceConfig);
  const nics = list(i.networkInterfaces);
  return {
    row: {
      resource_id: i.id,
      name: i.name,
      zone,
      region: regionOfZone(zone),
      machine_type: short(i.machineType),
      status: i.status,
      hostname: i.hostname,
      description: i.description,
      cpu_platform: i.cpuPlatform,
      creation_timestamp: i.creationTimestamp,
      last_start_timestamp: i.lastStartTimestamp,
      last_stop_timestamp: i.lastStopTimestamp,
      can_ip_forward: i.canIpForward,
      deletion_protection: i.deletionProtection,
      shielded_secure_boot: shielded?.enableSecureBoot,
      shielded_vtpm: shielded?.enableVtpm,
      shielded_integrity_monitoring: shielded?.enableIntegrityMonitoring,
      confidential_compute: obj(i.confidentialInstanceConfig)?.enableConfidentialCompute,
      scheduling_json: cleanJson(i.scheduling),
      self_link: i.selfLink,
    },
    children: {
      gcp_compute_instance_nics: nics.map((n) => ({
        nic_name: n.name,
        network: short(n.network),
        network_project: projectOf(n.network),
        subnetwork: short(n.subnetwork),
        network_ip: n.networkIP,
        stack_type: n.stackType,
        ipv6_address: n.ipv6Address,
        nic_type: n.nicType,
      })),
      gcp_compute_instance_nic_access_configs: nics.flatMap((n) =>
        list(n.accessConfigs).map((a, index) => ({
          nic_name: n.name,
          // The name tells configs apart; an unnamed one falls back to its type and position.
          name: a.name ?? `${typeof a.type === 'string' ? a.type : 'access-config'}-${index}`,
          type: a.type,
          nat_ip: a.natIP,
          network_tier: a.networkTier,
          public_ptr_domain_name: a.publicPtrDomainName,
        })),
      ),
      gcp_compute_instance_nic_alias_ranges: nics.flatMap((n) =>
        list(n.aliasIpRanges).map((r) => ({
          nic_name: n.name,
          ip_cidr_range: r.ipCidrRange,
          subnetwork_range_name: r.subnetworkRangeName,
        })),
      ),
      gcp_compute_instance_disks: list(i.disks).map((d) => {
        const key = obj(d.diskEncryptionKey);
        return {
          device_name: d.deviceName,
          disk_index: d.index,
          source: short(d.source),
          boot: d.boot,
          auto_delete: d.autoDelete,
          mode: d.mode,
          interface: d.interface,
          type: d.type,
          disk_size_gb: d.diskSizeGb,
          licenses_json: strings(d.licenses),
          kms_key_name: key?.kmsKeyName,
          csek_sha256: key?.sha256,
        };
      }),
      gcp_compute_instance_labels: labelRows(i.labels),
      gcp_compute_instance_metadata: metadataRows(obj(i.metadata)?.items),
      gcp_compute_instance_tags: strings(obj(i.tags)?.items).map((tag) => ({ tag })),
      gcp_compute_instance_service_accounts: list(i.serviceAccounts).map((sa) => ({
        email: sa.email,
        scopes_json: strings(sa.scopes),
      })),
    },
  };
}

export function diskRecord(d: ApiObject): SnapshotRecord {
  const zone = short(d.zone);
  const key = obj(d.diskEncryptionKey);
  return {
    row: {
      resource_id: d.id,
      name: d.name,
      zone: zone ?? null,
      region: d.region !== undefined ? short(d.region) : regionOfZone(zone),
      size_gb: d.sizeGb,
      type: short(d.type),
      status: d.status,
      source_image: d.sourceImage,
      source_snapshot: d.sourceSnapshot,
      users_json: strings(d.users),
      licenses_json: strings(d.licenses),
      kms_key_name: key?.kmsKeyName,
      csek_sha256: key?.sha256,
      creation_timestamp: d.creationTimestamp,
      last_attach_timestamp: d.lastAttachTimestamp,
      last_detach_timestamp: d.lastDetachTimestamp,
      self_link: d.selfLink,
    },
    children: { gcp_compute_disk_labels: labelRows(d.labels) },
  };
}

export function networkRecord(n: ApiObject): SnapshotRecord {
  return {
    row: {
      resource_id: n.id,
      name: n.name,
      description: n.description,
      auto_create_subnetworks: n.autoCreateSubnetworks,
      routing_mode: obj(n.routingConfig)?.routingMode,
      mtu: n.mtu,
      subnetworks_json: strings(n.subnetworks),
      creation_timestamp: n.creationTimestamp,
      self_link: n.selfLink,
    },
    children: {
      gcp_compute_network_peerings: list(n.peerings).map((p) => ({
        name: p.name,
        network: p.network,
        state: p.state,
        state_details: p.stateDetails,
        export_custom_routes: p.exportCustomRoutes,
        import_custom_routes: p.importCustomRoutes,
        exchange_subnet_routes: p.exchangeSubnetRoutes,
      })),
    },
  };
}

export function subnetworkRecord(s: ApiObject): SnapshotRecord {
  const log = obj(s.logConfig);
  return {
    row: {
      resource_id: s.id,
      name: s.name,
      network: short(s.network),
      region: short(s.region),
      ip_cidr_range: s.ipCidrRange,
      gateway_address: s.gatewayAddress,
      private_ip_google_access: s.privateIpGoogleAccess,
      purpose: s.purpose,
      role: s.role,
      stack_type: s.stackType,
      flow_logs_enabled: log?.enable,
      log_config_json: log ? cleanJson(log) : null,
      creation_timestamp: s.creationTimestamp,
      self_link: s.selfLink,
    },
    children: {
      gcp_compute_subnetwork_secondary_ranges: list(s.secondaryIpRanges).map((r) => ({
        range_name: r.rangeName,
        ip_cidr_range: r.ipCidrRange,
      })),
    },
  };
}

function portRules(rules: unknown): Row[] {
  return list(rules).map((r) => ({ ip_protocol: r.IPProtocol, ports: strings(r.ports).join(',') }));
}

export function firewallRecord(f: ApiObject): SnapshotRecord {
  return {
    row: {
      resource_id: f.id,
      name: f.name,
      description: f.description,
      network: short(f.network),
      direction: f.direction,
      priority: f.priority,
      disabled: f.disabled,
      source_ranges_json: strings(f.sourceRanges),
      destination_ranges_json: strings(f.destinationRanges),
      source_tags_json: strings(f.sourceTags),
      target_tags_json: strings(f.targetTags),
      source_service_accounts_json: strings(f.sourceServiceAccounts),
      target_service_accounts_json: strings(f.targetServiceAccounts),
      log_enabled: obj(f.logConfig)?.enable,
      creation_timestamp: f.creationTimestamp,
      self_link: f.selfLink,
    },
    children: {
      gcp_compute_firewall_allowed: portRules(f.allowed),
      gcp_compute_firewall_denied: portRules(f.denied),
    },
  };
}

export function addressRecord(a: ApiObject, isGlobal: boolean): SnapshotRecord {
  return {
    row: {
      resource_id: a.id,
      name: a.name,
      address: a.address,
      address_type: a.addressType,
      status: a.status,
      region: isGlobal ? null : short(a.region),
      is_global: isGlobal,
      network_tier: a.networkTier,
      purpose: a.purpose,
      ip_version: a.ipVersion,
      prefix_length: a.prefixLength,
      network: short(a.network),
      subnetwork: short(a.subnetwork),
      users_json: strings(a.users),
      creation_timestamp: a.creationTimestamp,
      self_link: a.selfLink,
    },
  };
}

/** A project as discovery and the Compute API see it together. */
export function projectRecord(discovered: DiscoveredProject, compute: ApiObject): SnapshotRecord {
  return {
    row: {
      resource_id: discovered.projectId,
      project_number: discovered.projectNumber ?? (typeof compute.id === 'string' ? compute.id : undefined),
      display_name: discovered.name,
      lifecycle_state: discovered.lifecycleState,
      parent_type: discovered.parent?.type,
      parent_id: discovered.parent?.id,
      default_service_account: compute.defaultServiceAccount,
      xpn_project_status: compute.xpnProjectStatus,
      default_network_tier: compute.defaultNetworkTier,
      creation_timestamp: compute.creationTimestamp,
      labels_json: discovered.labels ?? {},
      compute_enabled: true,
    },
    children: { gcp_project_metadata: metadataRows(obj(compute.commonInstanceMetadata)?.items) },
  };
}
