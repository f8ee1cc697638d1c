/** Renders world objects in the FortiOS API shapes (hyphenated cmdb keys, q_origin_key, …). */
import type { DetectedDeviceView } from '../../world/gen-fortinet-view.ts';
import type {
  FortiAddrGroup,
  FortiAddress,
  FortiDeviceApi,
  FortiInterface,
  FortiPolicy,
  FortiService,
} from '../../world/gen-fortinet-types.ts';

type Json = Record<string, unknown>;

const members = (names: readonly string[]): Json[] => names.map((name) => ({ name, q_origin_key: name }));

export function renderInterface(i: FortiInterface): Json {
  return {
    name: i.name,
    q_origin_key: i.name,
    vdom: i.vdom,
    vrf: 0,
    mode: i.mode,
    ip: i.ip,
    allowaccess: i.allowaccess,
    status: i.status,
    type: i.type,
    alias: i.alias,
    description: i.description,
    role: i.role,
    macaddr: i.macaddr || '00:00:00:00:00:00',
    mtu: i.mtu,
    'mtu-override': 'disable',
    vlanid: i.vlanid,
    interface: i.parent,
    'secondary-IP': 'disable',
    secondaryip: [],
    'device-identification': i.role === 'lan' ? 'enable' : 'disable',
  };
}

export function renderAddress(a: FortiAddress): Json {
  return {
    name: a.name,
    q_origin_key: a.name,
    uuid: a.uuid,
    type: a.type,
    'sub-type': 'sdn',
    subnet: a.subnet ?? '0.0.0.0 0.0.0.0',
    'start-ip': a.startIp ?? '0.0.0.0',
    'end-ip': a.endIp ?? '0.0.0.0',
    fqdn: a.fqdn ?? '',
    country: a.country ?? '',
    'associated-interface': a.associatedInterface,
    comment: a.comment,
    color: 0,
    macaddr: [],
    'allow-routing': 'disable',
    'fabric-object': 'disable',
  };
}

export function renderGroup(g: FortiAddrGroup): Json {
  return {
    name: g.name,
    q_origin_key: g.name,
    type: 'default',
    uuid: g.uuid,
    member: members(g.members),
    comment: g.comment,
    exclude: g.excludeMembers.length > 0 ? 'enable' : 'disable',
    'exclude-member': members(g.excludeMembers),
    color: 0,
    'allow-routing': 'disable',
  };
}

export function renderService(s: FortiService): Json {
  return {
    name: s.name,
    q_origin_key: s.name,
    proxy: 'disable',
    category: s.category,
    protocol: s.protocol,
    helper: 'auto',
    iprange: '0.0.0.0',
    fqdn: '',
    'protocol-number': s.protocolNumber ?? (s.protocol === 'ICMP' ? 1 : 6),
    icmptype: s.icmptype ?? '',
    icmpcode: s.icmpcode ?? '',
    'tcp-portrange': s.tcp ?? '',
    'udp-portrange': s.udp ?? '',
    'sctp-portrange': s.sctp ?? '',
    comment: s.comment,
    color: 0,
    visibility: 'enable',
  };
}

export function renderPolicy(p: FortiPolicy): Json {
  return {
    policyid: p.policyid,
    q_origin_key: p.policyid,
    status: p.status,
    name: p.name,
    uuid: p.uuid,
    srcintf: members(p.srcintf),
    dstintf: members(p.dstintf),
    action: p.action,
    srcaddr: members(p.srcaddr),
    dstaddr: members(p.dstaddr),
    srcaddr6: [],
    dstaddr6: [],
    'internet-service': 'disable',
    schedule: p.schedule,
    service: members(p.service),
    'inspection-mode': 'flow',
    'utm-status': p.logtraffic === 'utm' ? 'enable' : 'disable',
    'ssl-ssh-profile': 'no-inspection',
    logtraffic: p.logtraffic,
    'logtraffic-start': 'disable',
    nat: p.nat,
    groups: [],
    users: [],
    comments: p.comments,
  };
}

/** Field sets differ between the 6.4+ `device/query` and the older device endpoints. */
export function renderDetected(d: DetectedDeviceView, vdom: string, api: FortiDeviceApi): Json {
  const lastSeen = Math.floor(d.lastSeenMs / 1000);
  const common: Json = {
    mac: d.mac,
    ...(d.ip ? { ipv4_address: d.ip } : {}),
    ...(d.hostname ? { hostname: d.hostname } : {}),
    os_name: d.osName,
    os_version: d.osVersion,
    ...(d.vendor ? { hardware_vendor: d.vendor } : {}),
    hardware_type: d.hardwareType,
    detected_interface: d.iface,
    last_seen: lastSeen,
    is_online: d.online,
  };
  if (api === 'select') return common;
  return {
    ...common,
    hardware_family: d.hardwareFamily,
    vdom,
    host_src: d.hostSrc,
    ...(api === 'query' && d.online ? { active_start_time: lastSeen - 3600 } : {}),
    is_master_device: true,
    master_mac: d.mac,
  };
}

/** `format=a|b` keeps only those fields (FortiOS returns everything when none match). */
export function applyFormat(item: Json, format: string | null): Json {
  if (!format) return item;
  const keep = format.split('|').filter((f) => f in item);
  if (keep.length === 0) return item;
  return Object.fromEntries(keep.map((k) => [k, item[k]]));
}
