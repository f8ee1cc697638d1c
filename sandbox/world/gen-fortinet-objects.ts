/** Appliance objects of the FortiGate world: interfaces, addresses, groups, services. */
import type { FortiAddrGroup, FortiAddress, FortiInterface, FortiService } from './gen-fortinet-types.ts';
import { macFromBytes, uuid } from './ids.ts';
import type { Rng } from './prng.ts';

/** Predefined services every VDOM has (FortiOS ships them in firewall.service/custom). */
const DEFAULT_SERVICES: readonly FortiService[] = [
  { name: 'ALL', category: 'General', protocol: 'IP', protocolNumber: 0, comment: '' },
  { name: 'ALL_TCP', category: 'General', protocol: 'TCP/UDP/SCTP', tcp: '1-65535', comment: '' },
  { name: 'ALL_UDP', category: 'General', protocol: 'TCP/UDP/SCTP', udp: '1-65535', comment: '' },
  { name: 'ALL_ICMP', category: 'General', protocol: 'ICMP', comment: '' },
  { name: 'HTTP', category: 'Web Access', protocol: 'TCP/UDP/SCTP', tcp: '80', comment: '' },
  { name: 'HTTPS', category: 'Web Access', protocol: 'TCP/UDP/SCTP', tcp: '443', comment: '' },
  { name: 'SSH', category: 'Remote Access', protocol: 'TCP/UDP/SCTP', tcp: '22', comment: '' },
  { name: 'RDP', category: 'Remote Access', protocol: 'TCP/UDP/SCTP', tcp: '3389', comment: '' },
  { name: 'DNS', category: 'Network Services', protocol: 'TCP/UDP/SCTP', tcp: '53', udp: '53', comment: '' },
  {
    name: 'NTP',
    category: 'Network Services',
    protocol: 'TCP/UDP/SCTP',
    tcp: '123',
    udp: '123',
    comment: '',
  },
  { name: 'SMTP', category: 'Email', protocol: 'TCP/UDP/SCTP', tcp: '25', comment: '' },
  { name: 'PING', category: 'Network Services', protocol: 'ICMP', icmptype: 8, comment: '' },
];

function iface(
  partial: Partial<FortiInterface> & Pick<FortiInterface, 'name' | 'vdom' | 'role'>,
  mac: string,
): FortiInterface {
  return {
    alias: '',
    description: '',
    type: 'physical',
    mode: 'static',
    status: 'up',
    ip: '0.0.0.0 0.0.0.0',
    allowaccess: 'ping',
    macaddr: mac,
    mtu: 1500,
    vlanid: 0,
    parent: '',
    ...partial,
  };
}

export function interfacesOf(rng: Rng, hq: boolean): FortiInterface[] {
  const base = hq ? [0x70, 0x4c, 0xa5] : [0x90, 0x6c, 0xac];
  const tail = [rng.int(0, 255), rng.int(0, 255)];
  const mac = (i: number): string => macFromBytes([...base, ...tail, i]);
  const list: FortiInterface[] = [
    iface(
      hq
        ? {
            name: 'wan1',
            vdom: 'root',
            role: 'wan',
            ip: '203.0.113.10 255.255.255.248',
            allowaccess: 'ping https ssh',
            alias: 'ISP-A',
          }
        : {
            name: 'wan1',
            vdom: 'root',
            role: 'wan',
            mode: 'dhcp',
            ip: '198.51.100.77 255.255.255.0',
            allowaccess: 'ping fgfm',
          },
      mac(1),
    ),
    iface(
      {
        name: 'wan2',
        vdom: 'root',
        role: 'wan',
        mode: 'dhcp',
        ip: '192.0.2.34 255.255.255.0',
        status: hq ? 'up' : 'down',
      },
      mac(2),
    ),
    iface(
      {
        name: 'port1',
        vdom: 'root',
        role: 'lan',
        ip: '192.168.10.1 255.255.255.0',
        allowaccess: 'ping https ssh fgfm',
        alias: 'office-lan',
      },
      mac(3),
    ),
    iface(
      { name: 'port2', vdom: 'root', role: 'lan', ip: '192.168.60.1 255.255.255.0', alias: 'devices' },
      mac(4),
    ),
    iface(
      {
        name: 'port3',
        vdom: hq ? 'dmz' : 'root',
        role: 'dmz',
        ip: '10.200.0.1 255.255.0.0',
        alias: 'servers',
      },
      mac(5),
    ),
    iface(
      {
        name: 'wifi-corp',
        vdom: 'root',
        role: 'lan',
        type: 'vap-switch',
        ip: '192.168.30.1 255.255.255.0',
        macaddr: '',
      },
      mac(6),
    ),
    iface(
      {
        name: 'ssl.root',
        vdom: 'root',
        role: 'undefined',
        type: 'tunnel',
        allowaccess: '',
        macaddr: '',
        description: 'SSL VPN interface',
      },
      '',
    ),
  ];
  if (hq) {
    list.push(
      iface(
        {
          name: 'mgmt',
          vdom: 'root',
          role: 'lan',
          ip: '10.255.1.1 255.255.255.0',
          allowaccess: 'ping https ssh http',
        },
        mac(7),
      ),
      iface(
        {
          name: 'dmz-uplink',
          vdom: 'dmz',
          role: 'wan',
          type: 'vlan',
          vlanid: 100,
          parent: 'wan2',
          ip: '192.0.2.66 255.255.255.192',
          macaddr: mac(2),
        },
        mac(2),
      ),
    );
  }
  return list;
}

export function addressesOf(rng: Rng, vdom: string, count: number): FortiAddress[] {
  const any = { associatedInterface: '', comment: '' };
  const list: FortiAddress[] = [
    { name: 'all', uuid: uuid(rng), type: 'ipmask', subnet: '0.0.0.0 0.0.0.0', ...any },
    { name: 'none', uuid: uuid(rng), type: 'ipmask', subnet: '0.0.0.0 255.255.255.255', ...any },
    {
      name: 'FIREWALL_AUTH_PORTAL_ADDRESS',
      uuid: uuid(rng),
      type: 'ipmask',
      subnet: '0.0.0.0 0.0.0.0',
      ...any,
    },
    {
      name: 'login.microsoftonline.com',
      uuid: uuid(rng),
      type: 'fqdn',
      fqdn: 'login.microsoftonline.com',
      ...any,
    },
    { name: 'geo-CN', uuid: uuid(rng), type: 'geography', country: 'CN', ...any },
  ];
  if (vdom === 'root')
    list.push({
      name: 'SSLVPN_TUNNEL_ADDR1',
      uuid: uuid(rng),
      type: 'iprange',
      startIp: '10.212.134.200',
      endIp: '10.212.134.210',
      ...any,
    });
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0)
      list.push({
        name: `net-${vdom}-${i}`,
        uuid: uuid(rng),
        type: 'ipmask',
        subnet: `10.${40 + (i % 50)}.${i}.0 255.255.255.0`,
        associatedInterface: '',
        comment: 'office subnet',
      });
    else
      list.push({
        name: `srv-${vdom}-${i}`,
        uuid: uuid(rng),
        type: 'ipmask',
        subnet: `10.200.${i}.${rng.int(2, 250)} 255.255.255.255`,
        associatedInterface: '',
        comment: '',
      });
  }
  return list;
}

export function groupsOf(rng: Rng, vdom: string, addresses: readonly FortiAddress[]): FortiAddrGroup[] {
  const named = (prefix: string): string[] =>
    addresses.filter((a) => a.name.startsWith(prefix)).map((a) => a.name);
  const servers = named('srv-');
  const nets = named('net-');
  return [
    {
      name: `grp-servers-${vdom}`,
      uuid: uuid(rng),
      members: servers.length > 0 ? servers : ['none'],
      excludeMembers: [],
      comment: '',
    },
    {
      name: `grp-office-${vdom}`,
      uuid: uuid(rng),
      members: nets.length > 0 ? nets : ['none'],
      excludeMembers: servers.slice(0, 1),
      comment: 'office networks',
    },
  ];
}

export function servicesOf(): FortiService[] {
  return [
    ...DEFAULT_SERVICES.map((s) => ({ ...s })),
    {
      name: 'tcp-8443',
      category: 'Web Access',
      protocol: 'TCP/UDP/SCTP',
      tcp: '8443',
      comment: 'admin portal',
    },
    {
      name: 'app-5000-5010',
      category: 'General',
      protocol: 'TCP/UDP/SCTP',
      tcp: '5000-5010',
      udp: '5000-5010',
      comment: '',
    },
  ];
}
