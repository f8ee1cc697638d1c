// FortiOS API items → bronze snapshot records. Fields go through as the API gives them (the
// history engine validates types and rejects bad records with a reason); only what the column
// types require is normalised: hyphenated keys, unix seconds to ISO time, "" for unset integers.
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { DeviceStatus, Json } from './client.ts';

export interface ItemScope {
  serial: string;
  vdom: string;
}

/** `a/b/c` from id parts, or undefined (a record without id) when a part is missing. */
function idOf(...parts: unknown[]): string | undefined {
  if (parts.some((p) => (typeof p !== 'string' && typeof p !== 'number') || p === '')) return undefined;
  return parts.map(String).join('/');
}

/** FortiOS renders unset integers as "" (e.g. icmptype of a TCP service). */
function int(v: unknown): unknown {
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return v;
}

function unixTime(v: unknown): unknown {
  if (v === undefined || v === null || v === 0 || v === '') return null;
  return typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000).toISOString() : v;
}

/** `[{name}, …]` member lists as `{kind, name}` child rows; non-lists contribute nothing. */
function members(kind: string, list: unknown): Json[] {
  if (!Array.isArray(list)) return [];
  return list.map((m) => ({ kind, name: m && typeof m === 'object' ? (m as Json).name : m }));
}

export function convertDevice(
  status: DeviceStatus,
  vdoms: readonly string[],
  deviceApi: string | null,
): SnapshotRecord {
  const r = status.results;
  return {
    row: {
      resource_id: status.serial,
      hostname: r.hostname,
      model: r.model,
      model_name: r.model_name,
      model_number: r.model_number,
      version: status.version,
      build: status.build,
      log_disk_status: r.log_disk_status,
      vdoms_json: [...vdoms],
      detected_device_api: deviceApi,
    },
  };
}

export function convertInterface(item: Json, s: ItemScope): SnapshotRecord {
  return {
    row: {
      resource_id: idOf(s.serial, item.name),
      name: item.name,
      vdom: item.vdom ?? s.vdom,
      alias: item.alias,
      description: item.description,
      type: item.type,
      role: item.role,
      mode: item.mode,
      status: item.status,
      ip: item.ip,
      allowaccess: item.allowaccess,
      macaddr: item.macaddr,
      mtu: int(item.mtu),
      vlanid: int(item.vlanid),
      parent_interface: item.interface,
    },
  };
}

export function convertAddress(item: Json, s: ItemScope): SnapshotRecord {
  return {
    row: {
      resource_id: idOf(s.serial, s.vdom, item.name),
      name: item.name,
      vdom: s.vdom,
      uuid: item.uuid,
      type: item.type,
      subnet: item.subnet,
      start_ip: item['start-ip'],
      end_ip: item['end-ip'],
      fqdn: item.fqdn,
      country: item.country,
      associated_interface: item['associated-interface'],
      comment: item.comment,
    },
  };
}

export function convertAddressGroup(item: Json, s: ItemScope): SnapshotRecord {
  return {
    row: {
      resource_id: idOf(s.serial, s.vdom, item.name),
      name: item.name,
      vdom: s.vdom,
      uuid: item.uuid,
      type: item.type,
      exclude: item.exclude,
      comment: item.comment,
    },
    children: {
      fortinet_address_group_members: [
        ...members('member', item.member),
        ...members('exclude-member', item['exclude-member']),
      ],
    },
  };
}

export function convertService(item: Json, s: ItemScope): SnapshotRecord {
  return {
    row: {
      resource_id: idOf(s.serial, s.vdom, item.name),
      name: item.name,
      vdom: s.vdom,
      category: item.category,
      protocol: item.protocol,
      protocol_number: int(item['protocol-number']),
      tcp_portrange: item['tcp-portrange'],
      udp_portrange: item['udp-portrange'],
      sctp_portrange: item['sctp-portrange'],
      icmptype: int(item.icmptype),
      icmpcode: int(item.icmpcode),
      iprange: item.iprange,
      fqdn: item.fqdn,
      comment: item.comment,
    },
  };
}

const POLICY_MEMBER_KINDS = [
  'srcintf',
  'dstintf',
  'srcaddr',
  'dstaddr',
  'srcaddr6',
  'dstaddr6',
  'service',
  'groups',
  'users',
] as const;

export function convertPolicy(item: Json, s: ItemScope): SnapshotRecord {
  return {
    row: {
      resource_id: idOf(s.serial, s.vdom, item.policyid),
      policyid: int(item.policyid),
      vdom: s.vdom,
      name: item.name,
      uuid: item.uuid,
      action: item.action,
      status: item.status,
      schedule: item.schedule,
      nat: item.nat,
      logtraffic: item.logtraffic,
      inspection_mode: item['inspection-mode'],
      internet_service: item['internet-service'],
      comments: item.comments,
    },
    children: { fortinet_policy_members: POLICY_MEMBER_KINDS.flatMap((k) => members(k, item[k])) },
  };
}

export function convertDetectedDevice(item: Json, s: ItemScope): SnapshotRecord {
  const mac = typeof item.mac === 'string' ? item.mac.toLowerCase() : item.mac;
  return {
    row: {
      resource_id: idOf(s.serial, s.vdom, mac),
      mac,
      vdom: s.vdom,
      ipv4_address: item.ipv4_address,
      hostname: item.hostname,
      os_name: item.os_name,
      os_version: item.os_version,
      hardware_vendor: item.hardware_vendor,
      hardware_type: item.hardware_type,
      hardware_family: item.hardware_family,
      detected_interface: item.detected_interface,
      host_src: item.host_src,
      is_online: item.is_online,
      last_seen: unixTime(item.last_seen),
      active_start_time: unixTime(item.active_start_time),
    },
  };
}
