/**
 * VNG Cloud records of the world beyond the servers themselves. Servers stay on `Machine.vng`
 * (one real machine each); everything a vServer project holds besides them lives here, plus the
 * per-server facts the API shows (security groups, boot volume, interface id).
 */

export type VngRegion = 'hcm-3' | 'han-1';

export interface VngProject {
  projectId: string;
  region: VngRegion;
  name: string;
  userId: number;
  isDefault: boolean;
}

export interface VngNetwork {
  id: string;
  projectId: string;
  name: string;
  cidr: string;
  createdAt: string;
  routeTableId: string;
  dhcpOptionId: string;
  zoneId: string;
}

export interface VngSubnet {
  id: string;
  projectId: string;
  networkId: string;
  name: string;
  cidr: string;
  zoneId: string;
  routeTableId: string;
}

export interface VngSecgroupRule {
  id: string;
  direction: 'ingress' | 'egress';
  etherType: 'IPv4' | 'IPv6';
  /** `any` means every protocol (and every port). */
  protocol: 'tcp' | 'udp' | 'icmp' | 'any';
  /** 0/0 with tcp/udp means every port, as the API shows an unrestricted range. */
  portRangeMin: number;
  portRangeMax: number;
  remoteIpPrefix: string;
  remoteGroupId: string;
  description: string;
  createdAt: string;
}

export interface VngSecgroup {
  id: string;
  projectId: string;
  name: string;
  description: string;
  isSystem: boolean;
  createdAt: string;
  rules: VngSecgroupRule[];
  /** Deliberately open to the internet on an admin port; mutate never touches it. */
  planted?: boolean;
}

export interface VngVolume {
  id: string;
  projectId: string;
  name: string;
  sizeGb: number;
  volumeTypeId: string;
  /** Attached server, if any. */
  serverId?: string;
  bootable: boolean;
  encrypted: boolean;
  createdAt: string;
}

export interface VngElasticIp {
  id: string;
  projectId: string;
  name: string;
  ipAddress: string;
  /** FLOATING (NAT to an internal interface) or WAN (an external interface's own address). */
  type: 'FLOATING' | 'WAN';
  serverId?: string;
  interfaceId?: string;
  createdAt: string;
}

export interface VngExternalInterface {
  id: string;
  networkId: string;
  ip: string;
  mac: string;
}

/** What the server API shows beyond `Machine.vng`, keyed by server id. */
export interface VngServerExtras {
  secgroupIds: string[];
  bootVolumeId: string;
  interfaceId: string;
  external?: VngExternalInterface;
  createdAt: string;
  imageId: string;
  zoneId: string;
  sshKeyName: string;
}

export interface VngWorld {
  projects: VngProject[];
  networks: VngNetwork[];
  subnets: VngSubnet[];
  secgroups: VngSecgroup[];
  volumes: VngVolume[];
  elasticIps: VngElasticIp[];
  servers: Record<string, VngServerExtras>;
}
