/** World records → Compute API JSON (REST v1 shapes; int64 fields as strings). */
import { regionOfZone } from '../../world/catalog.ts';
import { defaultServiceAccount } from '../../world/gen-gcp.ts';
import { hash32 } from '../../world/prng.ts';
import type {
  GcpAddress,
  GcpDisk,
  GcpFirewall,
  GcpInstance,
  GcpNetwork,
  GcpProject,
  GcpSubnetwork,
} from '../../world/types.ts';

export const API = 'https://www.googleapis.com/compute/v1';

const proj = (p: string): string => `${API}/projects/${p}`;
const fingerprint = (text: string): string =>
  Buffer.from(hash32(text).toString(16).padStart(8, '0')).toString('base64');
const licenseUrl = (l: string): string => `${API}/${l}`;

export function instanceUrl(project: string, zone: string, name: string): string {
  return `${proj(project)}/zones/${zone}/instances/${name}`;
}

export function renderInstance(i: GcpInstance): Record<string, unknown> {
  const base = proj(i.project);
  return {
    kind: 'compute#instance',
    id: i.id,
    creationTimestamp: i.creationTimestamp,
    name: i.name,
    description: '',
    tags: { ...(i.tags.length > 0 ? { items: i.tags } : {}), fingerprint: fingerprint(i.tags.join(',')) },
    machineType: `${base}/zones/${i.zone}/machineTypes/${i.machineType}`,
    status: i.status,
    zone: `${base}/zones/${i.zone}`,
    canIpForward: i.canIpForward,
    networkInterfaces: i.nics.map((n) => ({
      kind: 'compute#networkInterface',
      network: `${base}/global/networks/${n.network}`,
      subnetwork: `${base}/regions/${n.region}/subnetworks/${n.subnetwork}`,
      networkIP: n.networkIP,
      name: n.name,
      ...(n.accessConfigs.length > 0
        ? {
            accessConfigs: n.accessConfigs.map((a) => ({
              kind: 'compute#accessConfig',
              type: 'ONE_TO_ONE_NAT',
              name: a.name,
              ...(a.natIP ? { natIP: a.natIP } : {}),
              networkTier: a.networkTier,
            })),
          }
        : {}),
      ...(n.aliasIpRanges.length > 0 ? { aliasIpRanges: n.aliasIpRanges } : {}),
      fingerprint: fingerprint(`${n.networkIP}|${n.accessConfigs.map((a) => a.natIP).join()}`),
      stackType: 'IPV4_ONLY',
    })),
    disks: i.disks.map((d, index) => ({
      kind: 'compute#attachedDisk',
      type: 'PERSISTENT',
      mode: d.mode,
      source: `${base}/zones/${i.zone}/disks/${d.disk}`,
      deviceName: d.deviceName,
      index,
      boot: d.boot,
      autoDelete: d.autoDelete,
      ...(d.licenses.length > 0 ? { licenses: d.licenses.map(licenseUrl) } : {}),
      interface: 'SCSI',
      diskSizeGb: String(d.sizeGb),
      architecture: 'X86_64',
    })),
    metadata: {
      kind: 'compute#metadata',
      fingerprint: i.metadataFingerprint,
      ...(i.metadata.length > 0 ? { items: i.metadata } : {}),
    },
    ...(i.serviceAccounts.length > 0 ? { serviceAccounts: i.serviceAccounts } : {}),
    selfLink: instanceUrl(i.project, i.zone, i.name),
    scheduling: i.preemptible
      ? {
          onHostMaintenance: 'TERMINATE',
          automaticRestart: false,
          preemptible: true,
          provisioningModel: 'SPOT',
        }
      : {
          onHostMaintenance: 'MIGRATE',
          automaticRestart: true,
          preemptible: false,
          provisioningModel: 'STANDARD',
        },
    cpuPlatform: i.status === 'RUNNING' ? i.cpuPlatform : 'Unknown CPU Platform',
    ...(Object.keys(i.labels).length > 0 ? { labels: i.labels } : {}),
    labelFingerprint: fingerprint(JSON.stringify(i.labels)),
    startRestricted: false,
    deletionProtection: i.deletionProtection,
    shieldedInstanceConfig: {
      enableSecureBoot: i.shielded.secureBoot,
      enableVtpm: i.shielded.vtpm,
      enableIntegrityMonitoring: i.shielded.integrityMonitoring,
    },
    shieldedInstanceIntegrityPolicy: { updateAutoLearnPolicy: true },
    fingerprint: fingerprint(`${i.id}|${i.status}`),
    lastStartTimestamp: i.lastStartTimestamp,
    ...(i.hostname ? { hostname: i.hostname } : {}),
  };
}

export function renderDisk(d: GcpDisk): Record<string, unknown> {
  const base = proj(d.project);
  return {
    kind: 'compute#disk',
    id: d.id,
    creationTimestamp: d.creationTimestamp,
    name: d.name,
    sizeGb: String(d.sizeGb),
    zone: `${base}/zones/${d.zone}`,
    status: d.status,
    selfLink: `${base}/zones/${d.zone}/disks/${d.name}`,
    ...(d.sourceImage ? { sourceImage: `${API}/${d.sourceImage}` } : {}),
    type: `${base}/zones/${d.zone}/diskTypes/${d.type}`,
    ...(d.licenses.length > 0 ? { licenses: d.licenses.map(licenseUrl) } : {}),
    ...(d.users.length > 0
      ? {
          users: d.users.map((u) => instanceUrl(d.project, d.zone, u)),
          lastAttachTimestamp: d.creationTimestamp,
        }
      : {}),
    ...(Object.keys(d.labels).length > 0 ? { labels: d.labels } : {}),
    labelFingerprint: fingerprint(JSON.stringify(d.labels)),
    physicalBlockSizeBytes: '4096',
    architecture: 'X86_64',
  };
}

export function renderAddress(a: GcpAddress): Record<string, unknown> {
  const base = proj(a.project);
  const scope = a.region ? `${base}/regions/${a.region}` : `${base}/global`;
  const [zone, name] = (a.user ?? '').split('/');
  return {
    kind: 'compute#address',
    id: a.id,
    creationTimestamp: a.creationTimestamp,
    name: a.name,
    description: '',
    address: a.address,
    status: a.status,
    ...(a.region ? { region: scope } : { ipVersion: 'IPV4' }),
    selfLink: `${scope}/addresses/${a.name}`,
    ...(zone && name ? { users: [instanceUrl(a.project, zone, name)] } : {}),
    networkTier: a.networkTier,
    labelFingerprint: fingerprint('{}'),
    addressType: a.addressType,
    ...(a.purpose ? { purpose: a.purpose } : {}),
    ...(a.purpose === 'VPC_PEERING' ? { prefixLength: 16, network: `${base}/global/networks/vpc-main` } : {}),
    ...(a.subnetwork && a.region
      ? { subnetwork: `${base}/regions/${a.region}/subnetworks/${a.subnetwork}` }
      : {}),
  };
}

export function renderSubnetwork(s: GcpSubnetwork): Record<string, unknown> {
  const base = proj(s.project);
  return {
    kind: 'compute#subnetwork',
    id: s.id,
    creationTimestamp: s.creationTimestamp,
    name: s.name,
    network: `${base}/global/networks/${s.network}`,
    ipCidrRange: s.ipCidrRange,
    gatewayAddress: s.gatewayAddress,
    region: `${base}/regions/${s.region}`,
    selfLink: `${base}/regions/${s.region}/subnetworks/${s.name}`,
    privateIpGoogleAccess: s.privateIpGoogleAccess,
    ...(s.secondaryIpRanges.length > 0 ? { secondaryIpRanges: s.secondaryIpRanges } : {}),
    fingerprint: fingerprint(s.id),
    purpose: s.purpose,
    stackType: 'IPV4_ONLY',
    logConfig: s.flowLogs
      ? {
          enable: true,
          aggregationInterval: 'INTERVAL_5_SEC',
          flowSampling: 0.5,
          metadata: 'INCLUDE_ALL_METADATA',
        }
      : { enable: false },
  };
}

export function renderNetwork(n: GcpNetwork, subnets: readonly GcpSubnetwork[]): Record<string, unknown> {
  const base = proj(n.project);
  return {
    kind: 'compute#network',
    id: n.id,
    creationTimestamp: n.creationTimestamp,
    name: n.name,
    selfLink: `${base}/global/networks/${n.name}`,
    selfLinkWithId: `${base}/global/networks/${n.id}`,
    autoCreateSubnetworks: n.autoCreateSubnetworks,
    subnetworks: subnets.map((s) => `${base}/regions/${s.region}/subnetworks/${s.name}`),
    ...(n.peerings.length > 0
      ? {
          peerings: n.peerings.map((p) => ({
            ...p,
            stateDetails: '[2024-11-02T10:11:12.000-07:00]: Connected.',
            exchangeSubnetRoutes: true,
            exportSubnetRoutesWithPublicIp: false,
            importSubnetRoutesWithPublicIp: false,
            stackType: 'IPV4_ONLY',
          })),
        }
      : {}),
    routingConfig: { routingMode: n.routingMode },
    mtu: n.mtu,
    networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
  };
}

export function renderFirewall(f: GcpFirewall): Record<string, unknown> {
  const base = proj(f.project);
  const list = (k: string, v: string[] | undefined) => (v && v.length > 0 ? { [k]: v } : {});
  return {
    kind: 'compute#firewall',
    id: f.id,
    creationTimestamp: f.creationTimestamp,
    name: f.name,
    description: f.description,
    network: `${base}/global/networks/${f.network}`,
    priority: f.priority,
    ...list('sourceRanges', f.sourceRanges),
    ...list('destinationRanges', f.destinationRanges),
    ...list('sourceTags', f.sourceTags),
    ...list('targetTags', f.targetTags),
    ...list('targetServiceAccounts', f.targetServiceAccounts),
    ...(f.allowed ? { allowed: f.allowed } : {}),
    ...(f.denied ? { denied: f.denied } : {}),
    direction: f.direction,
    logConfig: { enable: f.logConfig },
    disabled: f.disabled,
    selfLink: `${base}/global/firewalls/${f.name}`,
  };
}

export function renderProject(p: GcpProject): Record<string, unknown> {
  return {
    kind: 'compute#project',
    id: p.projectNumber,
    creationTimestamp: p.createTime.replace('Z', '-00:00'),
    name: p.projectId,
    description: '',
    commonInstanceMetadata: {
      kind: 'compute#metadata',
      fingerprint: fingerprint(JSON.stringify(p.commonMetadata)),
      ...(p.commonMetadata.length > 0 ? { items: p.commonMetadata } : {}),
    },
    quotas: [
      { metric: 'FIREWALLS', limit: 500, usage: 0 },
      { metric: 'NETWORKS', limit: 15, usage: 0 },
    ],
    selfLink: proj(p.projectId),
    defaultServiceAccount: defaultServiceAccount(p),
    xpnProjectStatus: 'UNSPECIFIED_XPN_PROJECT_STATUS',
    defaultNetworkTier: 'PREMIUM',
    vmDnsSetting: 'ZONAL_ONLY',
  };
}

export function scopeOfZone(zone: string): string {
  return `zones/${zone}`;
}

export function scopeOfRegion(zoneOrRegion: string, isZone: boolean): string {
  return `regions/${isZone ? regionOfZone(zoneOrRegion) : zoneOrRegion}`;
}
