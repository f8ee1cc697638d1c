/**
 * The FortiGate part of the world: appliances with their VDOMs, interfaces and firewall objects.
 * Detected devices are not stored here: they are the world's machines with a `fortigate`
 * sighting (see gen-fortinet-view.ts), plus synthetic ones when a benchmark load is set.
 */

/** Which monitor endpoint lists detected devices; older FortiOS versions answer only one. */
export type FortiDeviceApi = 'query' | 'select' | 'detected-device';

export interface FortiInterface {
  name: string;
  vdom: string;
  alias: string;
  description: string;
  type: 'physical' | 'vlan' | 'tunnel' | 'vap-switch' | 'hard-switch' | 'loopback';
  role: 'lan' | 'wan' | 'dmz' | 'undefined';
  mode: 'static' | 'dhcp' | 'pppoe';
  status: 'up' | 'down';
  /** "a.b.c.d m.m.m.m" as the API renders it. */
  ip: string;
  /** Space-separated, e.g. "ping https ssh". */
  allowaccess: string;
  macaddr: string;
  mtu: number;
  vlanid: number;
  /** Parent interface of a VLAN, '' otherwise. */
  parent: string;
}

export interface FortiAddress {
  name: string;
  uuid: string;
  type: 'ipmask' | 'iprange' | 'fqdn' | 'geography';
  subnet?: string;
  startIp?: string;
  endIp?: string;
  fqdn?: string;
  country?: string;
  associatedInterface: string;
  comment: string;
}

export interface FortiAddrGroup {
  name: string;
  uuid: string;
  members: string[];
  excludeMembers: string[];
  comment: string;
}

export interface FortiService {
  name: string;
  category: string;
  protocol: 'TCP/UDP/SCTP' | 'ICMP' | 'IP';
  tcp?: string;
  udp?: string;
  sctp?: string;
  icmptype?: number;
  icmpcode?: number;
  protocolNumber?: number;
  comment: string;
}

export interface FortiPolicy {
  policyid: number;
  name: string;
  uuid: string;
  srcintf: string[];
  dstintf: string[];
  srcaddr: string[];
  dstaddr: string[];
  service: string[];
  action: 'accept' | 'deny';
  status: 'enable' | 'disable';
  schedule: string;
  nat: 'enable' | 'disable';
  logtraffic: 'all' | 'utm' | 'disable';
  comments: string;
}

export interface FortiVdom {
  name: string;
  addresses: FortiAddress[];
  groups: FortiAddrGroup[];
  services: FortiService[];
  policies: FortiPolicy[];
}

/** Extra synthetic objects on one appliance, for benchmarks (rendered on demand, never stored). */
export interface FortiLoad {
  detectedDevices: number;
  policies: number;
}

export interface FortiGateBox {
  serial: string;
  hostname: string;
  /** e.g. FGT100F. */
  model: string;
  modelNumber: string;
  /** e.g. v7.2.8. */
  version: string;
  build: number;
  deviceApi: FortiDeviceApi;
  interfaces: FortiInterface[];
  vdoms: FortiVdom[];
  load?: FortiLoad;
}

export interface FortinetWorld {
  devices: FortiGateBox[];
}
