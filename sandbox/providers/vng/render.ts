/** World records → vServer gateway JSON (field names as the official and community SDKs read them). */
import type {
  VngElasticIp,
  VngNetwork,
  VngSecgroup,
  VngSecgroupRule,
  VngSubnet,
  VngVolume,
} from '../../world/gen-vng-types.ts';
import type { Machine, World } from '../../world/types.ts';
import type { VngProjectView } from './index-world.ts';

const zone = (id: string): Record<string, string> => ({ uuid: id, name: id });

function flavor(code: string, zoneId: string): Record<string, unknown> {
  const m = /^(\d+)C(\d+)G$/i.exec(code);
  const cpu = Number(m?.[1] ?? 2);
  const memory = Number(m?.[2] ?? 4);
  return {
    flavorId: `flav-${code.toLowerCase()}`,
    name: `v2-standard-${code.toLowerCase()}`,
    cpu,
    memory,
    gpu: 0,
    bandwidth: 1024,
    bandwidthUnit: 'Mbps',
    group: 'standard',
    zoneId,
  };
}

export function renderServer(world: World, view: VngProjectView, m: Machine): Record<string, unknown> {
  const s = m.vng as NonNullable<Machine['vng']>;
  const extras = world.vng?.servers[s.id];
  const zoneId = extras?.zoneId ?? '';
  const nic = m.nics.find((n) => !n.virtual);
  const boot = extras ? view.volumeById.get(extras.bootVolumeId) : undefined;
  const created = extras?.createdAt ?? world.now;
  const iface = (
    kind: 'internal' | 'external',
    x: { id: string; net: string; sub: string; ip: string; fip: string; mac: string },
  ) => ({
    uuid: x.id,
    portUuid: x.id,
    networkUuid: x.net,
    subnetUuid: x.sub,
    fixedIp: x.ip,
    floatingIp: x.fip,
    mac: x.mac,
    type: kind === 'internal' ? 'primary' : 'wan',
    interfaceType: kind === 'internal' ? 'internal_interface' : 'external_interface',
    status: 'ACTIVE',
    product: 'VSERVER',
    serverUuid: s.id,
    createdAt: created,
    updatedAt: created,
  });
  const ext = extras?.external;
  return {
    uuid: s.id,
    name: s.name,
    status: s.status,
    description: '',
    location: zoneId,
    zoneId,
    zone: zone(zoneId),
    createdAt: created,
    bootVolumeId: extras?.bootVolumeId ?? '',
    encryptionVolume: boot?.encrypted ?? false,
    licence: m.os.family === 'windows',
    metadata: '',
    product: '',
    image: {
      id: extras?.imageId ?? '',
      imageType: m.os.name.split(' ')[0] ?? m.os.name,
      imageVersion: m.os.version,
      licence: m.os.family === 'windows',
      flavorZoneIds: [],
    },
    flavor: flavor(s.flavor, zoneId),
    serverGroupId: null,
    serverGroupName: '',
    sshKeyName: extras?.sshKeyName ?? '',
    secGroups: (extras?.secgroupIds ?? []).flatMap((id) => {
      const g = view.secgroupById.get(id);
      return g ? [{ uuid: g.id, name: g.name }] : [];
    }),
    internalInterfaces: [
      iface('internal', {
        id: extras?.interfaceId ?? `port-${s.id}`,
        net: s.networkId,
        sub: s.subnetId,
        ip: nic?.ip ?? '',
        fip: s.floatingIp ?? '',
        mac: nic?.mac ?? '',
      }),
    ],
    externalInterfaces: ext
      ? [iface('external', { id: ext.id, net: ext.networkId, sub: '', ip: ext.ip, fip: '', mac: ext.mac })]
      : [],
  };
}

export function renderVolume(v: VngVolume, zoneName: string): Record<string, unknown> {
  return {
    uuid: v.id,
    projectId: v.projectId,
    name: v.name,
    size: v.sizeGb,
    status: v.serverId ? 'IN-USE' : 'AVAILABLE',
    volumeTypeId: v.volumeTypeId,
    volumeTypeZoneName: zoneName,
    iops: v.volumeTypeId.replace(/^.*-(\d+)$/, '$1'),
    serverId: v.serverId ?? null,
    createdAt: v.createdAt,
    updatedAt: null,
    bootable: v.bootable,
    encryptionType: v.encrypted ? 'aes-xts-plain64_256' : null,
    bootIndex: v.bootable ? 0 : -1,
    multiAttach: false,
    serverIdList: v.serverId ? [v.serverId] : [],
    location: null,
    product: 'VSERVER',
    persistentVolume: false,
  };
}

export function renderNetwork(n: VngNetwork, view: VngProjectView): Record<string, unknown> {
  const servers = view.servers.filter((m) => m.vng?.networkId === n.id);
  const serverIds = new Set(servers.map((m) => m.vng?.id));
  return {
    id: n.id,
    status: 'ACTIVE',
    elasticIps: [],
    displayName: n.name,
    createdAt: n.createdAt,
    cidr: n.cidr,
    dhcpOptionName: 'default',
    dhcpOptionId: n.dhcpOptionId,
    routeTableName: `${n.name}-rtb`,
    routeTableId: n.routeTableId,
    zone: zone(n.zoneId),
    dnsStatus: 'ENABLED',
    dnsId: '',
    mtu: 1450,
    serverCount: servers.length,
    volumeCount: view.volumes.filter((v) => v.serverId && serverIds.has(v.serverId)).length,
  };
}

export function renderSubnet(s: VngSubnet): Record<string, unknown> {
  return {
    uuid: s.id,
    status: 'ACTIVE',
    cidr: s.cidr,
    networkUuid: s.networkId,
    routeTableUuid: s.routeTableId,
    name: s.name,
    interfaceAclPolicyUuid: '',
    interfaceAclPolicyName: '',
    secondarySubnets: [],
    zone: { uuid: s.zoneId },
  };
}

export function renderSecgroup(g: VngSecgroup): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    status: 'ACTIVE',
    createdAt: g.createdAt,
    isSystem: g.isSystem,
  };
}

export function renderRule(r: VngSecgroupRule): Record<string, unknown> {
  // Rules without a port range (any protocol, ICMP) come back with null ports.
  const ranged = r.protocol === 'tcp' || r.protocol === 'udp';
  return {
    id: r.id,
    direction: r.direction,
    etherType: r.etherType,
    protocol: r.protocol,
    portRangeMin: ranged ? r.portRangeMin : null,
    portRangeMax: ranged ? r.portRangeMax : null,
    remoteIpPrefix: r.remoteIpPrefix,
    remoteGroupId: r.remoteGroupId,
    status: 'ACTIVE',
    description: r.description,
    createdAt: r.createdAt,
  };
}

export function renderElasticIp(e: VngElasticIp): Record<string, unknown> {
  return {
    uuid: e.id,
    name: e.name,
    ipAddress: e.ipAddress,
    networkInterfaceId: e.interfaceId ?? '',
    serverId: e.serverId ?? '',
    status: e.serverId ? 'ACTIVE' : 'AVAILABLE',
    type: e.type,
    createdAt: e.createdAt,
  };
}
