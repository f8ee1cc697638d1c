/**
 * Derived FortiGate views shared by the sandbox routes and the truth: detected devices per
 * `<serial>/<vdom>` (from machines' sightings plus synthetic benchmark load), synthetic policies,
 * table counts and the planted findings. Memoised per world object (worlds are immutable).
 */
import { FORTIOS_MINIMUM_VERSION, compareFortiOsVersions } from './gen-fortinet.ts';
import type { FortiGateBox, FortiPolicy, FortiVdom } from './gen-fortinet-types.ts';
import { OUIS, macFromBytes, uuid } from './ids.ts';
import { Rng, hash32, mix32 } from './prng.ts';
import type { Machine, World } from './types.ts';

export interface DetectedDeviceView {
  mac: string;
  ip?: string;
  hostname?: string;
  osName: string;
  osVersion: string;
  vendor?: string;
  hardwareType: string;
  hardwareFamily: string;
  iface: string;
  hostSrc: string;
  online: boolean;
  lastSeenMs: number;
  /** Machine behind the record; absent for synthetic benchmark devices. */
  machineId?: string;
}

const VENDOR_BY_OUI = new Map<string, string>(
  (
    [
      ['dell', 'Dell'],
      ['lenovo', 'Lenovo'],
      ['apple', 'Apple'],
      ['intel', 'Intel'],
      ['hp', 'HP'],
      ['vmware', 'VMware'],
    ] as const
  ).map(([key, vendor]) => [macFromBytes(OUIS[key]), vendor]),
);

function hardware(m: Machine): { type: string; family: string; hostSrc: string } {
  if (m.kind === 'laptop' || m.kind === 'desktop')
    return {
      type: m.os.family === 'macos' ? 'Mac' : `${m.os.family === 'windows' ? 'Windows' : 'Linux'} PC`,
      family: 'Computer',
      hostSrc: 'dhcp',
    };
  if (m.kind === 'fw-device') return { type: 'Network Device', family: 'IoT', hostSrc: 'dhcp' };
  return { type: 'Server', family: 'Computer', hostSrc: 'dhcp' };
}

export function scopeKey(serial: string, vdom: string): string {
  return `${serial}/${vdom}`;
}

const detectedCache = new WeakMap<World, Map<string, DetectedDeviceView[]>>();

/** Detected devices from machines' sightings, by `<serial>/<vdom>`, deduplicated by MAC. */
export function detectedFromMachines(world: World): Map<string, DetectedDeviceView[]> {
  const cached = detectedCache.get(world);
  if (cached) return cached;
  const nowMs = Date.parse(world.now);
  const boxes = new Map((world.fortinet?.devices ?? []).map((d) => [d.serial, d]));
  const out = new Map<string, DetectedDeviceView[]>();
  const seen = new Set<string>();
  for (const m of world.machines) {
    const s = m.fortigate;
    const nic = m.nics.find((n) => !n.virtual);
    const box = s ? boxes.get(s.fortigate) : undefined;
    if (!s || !nic || !box) continue;
    const vdom = box.interfaces.find((i) => i.name === s.interface)?.vdom ?? 'root';
    const key = scopeKey(box.serial, vdom);
    // One record per MAC and VDOM, as the appliance keeps it.
    if (seen.has(`${key}/${nic.mac}`)) continue;
    seen.add(`${key}/${nic.mac}`);
    const hw = hardware(m);
    const vendor = VENDOR_BY_OUI.get(nic.mac.slice(0, 8));
    const device: DetectedDeviceView = {
      mac: nic.mac,
      ...(nic.ip ? { ip: nic.ip } : {}),
      ...(m.hostname ? { hostname: m.hostname } : {}),
      osName: m.os.name,
      osVersion: m.os.version,
      ...(vendor ? { vendor } : {}),
      hardwareType: hw.type,
      hardwareFamily: hw.family,
      iface: s.interface,
      hostSrc: hw.hostSrc,
      online: s.isOnline,
      // Online devices were seen moments ago in every collection; offline ones keep their time.
      lastSeenMs: s.isOnline ? nowMs - ((hash32(nic.mac) % 600) + 1) * 1000 : Date.parse(s.lastSeen),
      machineId: m.id,
    };
    const list = out.get(key) ?? [];
    list.push(device);
    out.set(key, list);
  }
  detectedCache.set(world, out);
  return out;
}

/** The i-th synthetic detected device of a benchmark load (deterministic, never a machine). */
export function syntheticDevice(box: FortiGateBox, i: number, nowMs: number): DetectedDeviceView {
  const h = mix32(hash32(box.serial) ^ i);
  return {
    mac: macFromBytes([0x02, 0xfe, (i >>> 16) & 255, (i >>> 8) & 255, i & 255, h & 255]),
    ip: `172.${16 + ((i >>> 16) & 15)}.${(i >>> 8) & 255}.${i & 255}`,
    hostname: `host-${i}`,
    osName: h % 3 === 0 ? 'Windows' : h % 3 === 1 ? 'Android' : 'iOS',
    osVersion: String(10 + (h % 5)),
    hardwareType: h % 3 === 0 ? 'Windows PC' : 'Mobile',
    hardwareFamily: h % 3 === 0 ? 'Computer' : 'Phone',
    iface: 'wifi-corp',
    hostSrc: 'dhcp',
    online: h % 4 !== 0,
    lastSeenMs: h % 4 !== 0 ? nowMs - ((h % 600) + 1) * 1000 : Date.UTC(2024, 11, 1) + (h % 1000) * 60_000,
  };
}

/** Detected devices of one scope: machine-backed ones, then the synthetic load on root. */
export function detectedCount(world: World, box: FortiGateBox, vdom: string): number {
  const base = detectedFromMachines(world).get(scopeKey(box.serial, vdom))?.length ?? 0;
  return base + (vdom === 'root' ? (box.load?.detectedDevices ?? 0) : 0);
}

export function detectedAt(
  world: World,
  box: FortiGateBox,
  vdom: string,
  index: number,
): DetectedDeviceView | undefined {
  const base = detectedFromMachines(world).get(scopeKey(box.serial, vdom)) ?? [];
  if (index < base.length) return base[index];
  const i = index - base.length;
  return vdom === 'root' && i < (box.load?.detectedDevices ?? 0)
    ? syntheticDevice(box, i, Date.parse(world.now))
    : undefined;
}

/** The i-th synthetic policy of a benchmark load, placed after the VDOM's own policies. */
export function syntheticPolicy(box: FortiGateBox, vdom: FortiVdom, i: number): FortiPolicy {
  const rng = new Rng(mix32(hash32(box.serial) ^ (i * 2654435761)));
  const objects = vdom.addresses.filter((a) => a.name !== 'none' && a.name !== 'all');
  const lan = box.interfaces.filter((x) => x.vdom === vdom.name && x.role === 'lan');
  const pick = <T>(list: readonly T[], fallback: T): T => (list.length > 0 ? rng.pick(list) : fallback);
  return {
    policyid: 100_000 + i,
    name: `bulk-${i}`,
    uuid: uuid(rng),
    srcintf: [pick(lan, box.interfaces[0])?.name ?? 'port1'],
    dstintf: ['wan1'],
    srcaddr: [pick(objects, vdom.addresses[0])?.name ?? 'all'],
    dstaddr: [pick(objects, vdom.addresses[0])?.name ?? 'all'],
    service: [rng.pick(['HTTP', 'HTTPS', 'DNS', 'SSH'])],
    action: rng.chance(0.9) ? 'accept' : 'deny',
    status: 'enable',
    schedule: 'always',
    nat: 'enable',
    logtraffic: 'utm',
    comments: '',
  };
}

export function policyCount(box: FortiGateBox, vdom: FortiVdom): number {
  return vdom.policies.length + (vdom.name === 'root' ? (box.load?.policies ?? 0) : 0);
}

export function policyAt(box: FortiGateBox, vdom: FortiVdom, index: number): FortiPolicy | undefined {
  if (index < vdom.policies.length) return vdom.policies[index];
  const i = index - vdom.policies.length;
  return vdom.name === 'root' && i < (box.load?.policies ?? 0) ? syntheticPolicy(box, vdom, i) : undefined;
}

export function policyMemberCount(p: FortiPolicy): number {
  return p.srcintf.length + p.dstintf.length + p.srcaddr.length + p.dstaddr.length + p.service.length;
}

/** Rows a complete collection of every FortiGate must produce, per bronze table. */
export function fortinetCounts(world: World): Record<string, number> {
  const c: Record<string, number> = {
    fortinet_devices: 0,
    fortinet_interfaces: 0,
    fortinet_addresses: 0,
    fortinet_address_groups: 0,
    fortinet_address_group_members: 0,
    fortinet_services: 0,
    fortinet_policies: 0,
    fortinet_policy_members: 0,
    fortinet_detected_devices: 0,
  };
  const add = (t: string, n: number): void => void (c[t] = (c[t] ?? 0) + n);
  for (const box of world.fortinet?.devices ?? []) {
    add('fortinet_devices', 1);
    add('fortinet_interfaces', box.interfaces.length);
    for (const v of box.vdoms) {
      add('fortinet_addresses', v.addresses.length);
      add('fortinet_address_groups', v.groups.length);
      add(
        'fortinet_address_group_members',
        v.groups.reduce((n, g) => n + g.members.length + g.excludeMembers.length, 0),
      );
      add('fortinet_services', v.services.length);
      const n = policyCount(box, v);
      add('fortinet_policies', n);
      for (let i = 0; i < n; i++)
        add('fortinet_policy_members', policyMemberCount(policyAt(box, v, i) as FortiPolicy));
      add('fortinet_detected_devices', detectedCount(world, box, v.name));
    }
  }
  return c;
}

export interface FortinetFinding {
  rule: 'fortinet.admin_access_on_wan' | 'fortinet.policy_allow_all' | 'fortinet.firmware_below_minimum';
  type: 'fortinet_interface' | 'fortinet_policy' | 'fortinet_device';
  id: string;
  detail: string;
}

const ADMIN_PROTOCOLS = ['https', 'http', 'ssh', 'telnet'];

/** The planted FortiGate findings, computed from the world (ids are bronze resource ids). */
export function fortinetFindings(world: World): FortinetFinding[] {
  const out: FortinetFinding[] = [];
  for (const box of world.fortinet?.devices ?? []) {
    if (compareFortiOsVersions(box.version, FORTIOS_MINIMUM_VERSION) < 0)
      out.push({
        rule: 'fortinet.firmware_below_minimum',
        type: 'fortinet_device',
        id: box.serial,
        detail: box.version,
      });
    for (const i of box.interfaces) {
      const admin = i.allowaccess.split(/\s+/).filter((a) => ADMIN_PROTOCOLS.includes(a));
      if (i.role === 'wan' && admin.length > 0)
        out.push({
          rule: 'fortinet.admin_access_on_wan',
          type: 'fortinet_interface',
          id: `${box.serial}/${i.name}`,
          detail: admin.join(' '),
        });
    }
    for (const v of box.vdoms)
      for (let k = 0; k < policyCount(box, v); k++) {
        const p = policyAt(box, v, k) as FortiPolicy;
        if (
          p.action === 'accept' &&
          p.status === 'enable' &&
          p.srcaddr.includes('all') &&
          p.dstaddr.includes('all') &&
          p.service.includes('ALL')
        )
          out.push({
            rule: 'fortinet.policy_allow_all',
            type: 'fortinet_policy',
            id: `${box.serial}/${v.name}/${p.policyid}`,
            detail: p.name,
          });
      }
  }
  return out;
}

/** Every id a FortiGate finding may name, by resource type (for consistency checks). */
export function fortinetRecordIds(
  world: World,
): Record<'fortinet_device' | 'fortinet_interface' | 'fortinet_policy', Set<string>> {
  const boxes = world.fortinet?.devices ?? [];
  return {
    fortinet_device: new Set(boxes.map((b) => b.serial)),
    fortinet_interface: new Set(boxes.flatMap((b) => b.interfaces.map((i) => `${b.serial}/${i.name}`))),
    fortinet_policy: new Set(
      boxes.flatMap((b) =>
        b.vdoms.flatMap((v) =>
          Array.from(
            { length: policyCount(b, v) },
            (_, k) => `${b.serial}/${v.name}/${policyAt(b, v, k)?.policyid ?? ''}`,
          ),
        ),
      ),
    ),
  };
}
