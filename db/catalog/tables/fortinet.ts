import { childTable, col, resourceTable } from '../define.ts';
import type { TableSpec } from '../types.ts';

// FortiGate inventory from the FortiOS REST API. One source is one appliance (one base URL and
// API token). Scope is `<serial>/<vdom>` for VDOM objects and `<serial>` for the appliance row.
// Resource ids are prefixed with the serial (and VDOM) so that the same object name on two
// appliances or two VDOMs ("all", policy 1) never collides across sources.

const layer = 'bronze' as const;

export const FORTINET_DEVICES = resourceTable({
  layer,
  name: 'fortinet_devices',
  description:
    'FortiGate appliances, one row per appliance (monitor/system/status; resource_id is the serial).',
  columns: [
    col('hostname', 'text', 'Hostname configured on the appliance.'),
    col('model', 'text', 'Model code, e.g. FGT100F.'),
    col('model_name', 'text', 'Model family name, e.g. FortiGate.'),
    col('model_number', 'text', 'Model number, e.g. 100F.'),
    col('version', 'text', 'FortiOS version as the API reports it, e.g. v7.2.8.'),
    col('build', 'integer', 'FortiOS build number.'),
    col('log_disk_status', 'text', 'Log disk state, e.g. available or not_available.'),
    col('vdoms_json', 'json', 'VDOMs the API token can read (the scopes collected).'),
    col(
      'detected_device_api',
      'text',
      'Monitor endpoint that answered for detected devices (user/device/query on 6.4+, older paths before); null if none.',
    ),
  ],
  examples: ['Which FortiGates run a FortiOS version below 7.2?'],
});

export const FORTINET_INTERFACES = resourceTable({
  layer,
  name: 'fortinet_interfaces',
  description: 'FortiGate interfaces (cmdb/system/interface), listed under the VDOM they belong to.',
  columns: [
    col('name', 'text', 'Interface name, e.g. wan1, port3, a VLAN or tunnel name.'),
    col('vdom', 'text', 'VDOM the interface belongs to.'),
    col('alias', 'text', 'Alias shown in the GUI.'),
    col('description', 'text', 'Free-text description.'),
    col('type', 'text', 'physical, vlan, aggregate, loopback, tunnel, vap-switch, hard-switch, …'),
    col('role', 'text', 'lan, wan, dmz or undefined.'),
    col('mode', 'text', 'Addressing mode: static, dhcp or pppoe.'),
    col('status', 'text', 'Administrative status: up or down.'),
    col('ip', 'text', 'IPv4 address and netmask as the API gives them: "a.b.c.d m.m.m.m".'),
    col(
      'allowaccess',
      'text',
      'Administrative access allowed on the interface, space-separated (ping https ssh http telnet fgfm snmp …).',
    ),
    col('macaddr', 'text', 'MAC address of the interface.'),
    col('mtu', 'integer', 'MTU.'),
    col('vlanid', 'integer', 'VLAN id for VLAN interfaces (0 otherwise).'),
    col('parent_interface', 'text', 'Parent interface of a VLAN (API field `interface`).'),
  ],
  examples: ['Which WAN interfaces allow HTTPS or SSH administration?'],
});

export const FORTINET_ADDRESSES = resourceTable({
  layer,
  name: 'fortinet_addresses',
  description: 'Firewall address objects of a VDOM (cmdb/firewall/address). "all" is the any-address object.',
  columns: [
    col('name', 'text', 'Address name (unique within the VDOM).'),
    col('vdom', 'text', 'VDOM the object belongs to.'),
    col('uuid', 'text', 'Object UUID.'),
    col('type', 'text', 'ipmask, iprange, fqdn, geography, wildcard, dynamic, interface-subnet, mac, …'),
    col('subnet', 'text', 'Address and netmask for ipmask objects: "a.b.c.d m.m.m.m".'),
    col('start_ip', 'text', 'First address of an iprange object.'),
    col('end_ip', 'text', 'Last address of an iprange object.'),
    col('fqdn', 'text', 'Domain name of an fqdn object.'),
    col('country', 'text', 'Country code of a geography object.'),
    col('associated_interface', 'text', 'Interface the object is bound to, if any.'),
    col('comment', 'text', 'Free-text comment.'),
  ],
});

export const FORTINET_ADDRESS_GROUPS = resourceTable({
  layer,
  name: 'fortinet_address_groups',
  description: 'Firewall address groups of a VDOM (cmdb/firewall/addrgrp).',
  columns: [
    col('name', 'text', 'Group name (unique within the VDOM).'),
    col('vdom', 'text', 'VDOM the group belongs to.'),
    col('uuid', 'text', 'Group UUID.'),
    col('type', 'text', 'default or folder.'),
    col('exclude', 'text', 'enable when exclude-member lists addresses taken out of the group.'),
    col('comment', 'text', 'Free-text comment.'),
  ],
});

export const FORTINET_ADDRESS_GROUP_MEMBERS = childTable({
  layer,
  name: 'fortinet_address_group_members',
  description: 'Members of an address group: `member` entries and `exclude-member` entries.',
  parent: 'fortinet_address_groups',
  naturalKey: ['kind', 'name'],
  columns: [
    col('kind', 'text', 'member or exclude-member.'),
    col('name', 'text', 'Name of the address or nested group.'),
  ],
});

export const FORTINET_SERVICES = resourceTable({
  layer,
  name: 'fortinet_services',
  description:
    'Firewall service objects of a VDOM (cmdb/firewall.service/custom), predefined ones included. "ALL" is the any-service object.',
  columns: [
    col('name', 'text', 'Service name (unique within the VDOM).'),
    col('vdom', 'text', 'VDOM the service belongs to.'),
    col('category', 'text', 'GUI category, e.g. General, Web Access, Remote Access.'),
    col('protocol', 'text', 'TCP/UDP/SCTP, ICMP, ICMP6 or IP.'),
    col('protocol_number', 'integer', 'IP protocol number for protocol IP (0 = any).'),
    col(
      'tcp_portrange',
      'text',
      'TCP destination[:source] port ranges, space-separated, e.g. "443 8443-8444".',
    ),
    col('udp_portrange', 'text', 'UDP port ranges, space-separated.'),
    col('sctp_portrange', 'text', 'SCTP port ranges, space-separated.'),
    col('icmptype', 'integer', 'ICMP type for ICMP services.'),
    col('icmpcode', 'integer', 'ICMP code for ICMP services.'),
    col('iprange', 'text', 'Destination IP range the service is limited to, if any.'),
    col('fqdn', 'text', 'Destination domain the service is limited to, if any.'),
    col('comment', 'text', 'Free-text comment.'),
  ],
});

export const FORTINET_POLICIES = resourceTable({
  layer,
  name: 'fortinet_policies',
  description:
    'IPv4/IPv6 firewall policies of a VDOM (cmdb/firewall/policy); members are in fortinet_policy_members.',
  columns: [
    col('policyid', 'integer', 'Policy id (unique within the VDOM).'),
    col('vdom', 'text', 'VDOM the policy belongs to.'),
    col('name', 'text', 'Policy name.'),
    col('uuid', 'text', 'Policy UUID.'),
    col('action', 'text', 'accept, deny or ipsec.'),
    col('status', 'text', 'enable or disable.'),
    col('schedule', 'text', 'Schedule name, e.g. always.'),
    col('nat', 'text', 'Source NAT: enable or disable.'),
    col('logtraffic', 'text', 'Traffic logging: all, utm or disable.'),
    col('inspection_mode', 'text', 'flow or proxy.'),
    col(
      'internet_service',
      'text',
      'enable when the destination is an Internet Service instead of addresses.',
    ),
    col('comments', 'text', 'Free-text comment.'),
  ],
  examples: [
    'Which enabled accept policies allow all sources to all destinations on ALL services?',
    'What changed on policy 12 since last week?',
  ],
});

export const FORTINET_POLICY_MEMBERS = childTable({
  layer,
  name: 'fortinet_policy_members',
  description:
    'Members of a policy, one row per (kind, name): srcintf, dstintf, srcaddr, dstaddr, service (also srcaddr6, dstaddr6, groups, users when used).',
  parent: 'fortinet_policies',
  naturalKey: ['kind', 'name'],
  columns: [
    col(
      'kind',
      'text',
      'Which list of the policy: srcintf, dstintf, srcaddr, dstaddr, service, srcaddr6, dstaddr6, groups or users.',
    ),
    col(
      'name',
      'text',
      'Name of the interface, address, group, service or user ("all"/"ALL" are the any objects).',
    ),
  ],
});

export const FORTINET_DETECTED_DEVICES = resourceTable({
  layer,
  name: 'fortinet_detected_devices',
  description:
    'Devices a FortiGate detected on its networks (monitor/user/device/query, or the older device endpoints); resource_id is <serial>/<vdom>/<mac>.',
  columns: [
    col('mac', 'text', 'MAC address (lowercase, colon-separated).'),
    col('vdom', 'text', 'VDOM the device was detected in.'),
    col('ipv4_address', 'text', 'Last IPv4 address seen.'),
    col('hostname', 'text', 'Hostname learned (DHCP, NetBIOS, FortiClient, LLDP, …).'),
    col('os_name', 'text', 'Operating system fingerprinted by the FortiGate.'),
    col('os_version', 'text', 'Operating system version.'),
    col('hardware_vendor', 'text', 'Hardware vendor (from the MAC OUI or fingerprint).'),
    col('hardware_type', 'text', 'Device type, e.g. Windows PC, Router/NAT Device.'),
    col('hardware_family', 'text', 'Hardware family, e.g. Computer, FortiSwitch.'),
    col('detected_interface', 'text', 'Interface the device was seen on.'),
    col('host_src', 'text', 'How the hostname was learned, e.g. dhcp, forticlient, lldp.'),
    col('is_online', 'boolean', 'Whether the device is currently online.'),
    col(
      'last_seen',
      'timestamp',
      'When the device was last seen (changes every collection, so not versioned).',
      {
        volatile: true,
      },
    ),
    col('active_start_time', 'timestamp', 'Start of the current online session (not versioned).', {
      volatile: true,
    }),
  ],
  examples: ['Which devices seen by the firewall have no EDR agent?', 'Which devices were online on port1?'],
});

export const FORTINET_TABLES: readonly TableSpec[] = [
  FORTINET_DEVICES,
  FORTINET_INTERFACES,
  FORTINET_ADDRESSES,
  FORTINET_ADDRESS_GROUPS,
  FORTINET_ADDRESS_GROUP_MEMBERS,
  FORTINET_SERVICES,
  FORTINET_POLICIES,
  FORTINET_POLICY_MEMBERS,
  FORTINET_DETECTED_DEVICES,
];
