/**
 * Generates the FortiGate appliances: two boxes (the serials machines' sightings name), VDOMs,
 * interfaces, addresses, groups, services and policies, with the planted findings
 * `fortinet.admin_access_on_wan` (HQ wan1 allows https ssh), `fortinet.policy_allow_all` (an
 * enabled accept policy all/all/ALL in HQ root) and `fortinet.firmware_below_minimum` (the branch
 * box runs FortiOS 6.2). Uses its own random stream so other generators are unaffected.
 */
import { FORTIGATES } from './gen-endpoints.ts';
import type {
  FortiGateBox,
  FortiInterface,
  FortiLoad,
  FortiPolicy,
  FortiVdom,
  FortinetWorld,
} from './gen-fortinet-types.ts';
import { addressesOf, groupsOf, interfacesOf, servicesOf } from './gen-fortinet-objects.ts';
import { uuid } from './ids.ts';
import { Rng } from './prng.ts';
import type { World } from './types.ts';

/** Firmware below this version is a finding (`fortinet.firmware_below_minimum`). */
export const FORTIOS_MINIMUM_VERSION = 'v7.2.0';
export const [HQ_SERIAL, BRANCH_SERIAL] = FORTIGATES;
/** Name of the planted enabled accept all/all/ALL policy in HQ root. */
export const PLANTED_ALLOW_ALL = 'temp-allow-any';

const NAMED_SERVICES = [
  'HTTP',
  'HTTPS',
  'SSH',
  'RDP',
  'DNS',
  'NTP',
  'SMTP',
  'PING',
  'tcp-8443',
  'app-5000-5010',
];

/** A random policy that is never an allow-all (random ones never use service ALL). */
function randomPolicy(rng: Rng, id: number, vdom: FortiVdom, ifaces: readonly FortiInterface[]): FortiPolicy {
  const own = ifaces.filter((i) => i.vdom === vdom.name && i.type !== 'tunnel');
  const src = rng.pick(
    own.filter((i) => i.role !== 'wan').length > 0 ? own.filter((i) => i.role !== 'wan') : own,
  );
  const dst = rng.pick(
    own.filter((i) => i.name !== src.name).length > 0 ? own.filter((i) => i.name !== src.name) : own,
  );
  const objects = [
    ...vdom.addresses.filter((a) => a.name !== 'none').map((a) => a.name),
    ...vdom.groups.map((g) => g.name),
  ];
  const services = [...new Set([rng.pick(NAMED_SERVICES), rng.pick(NAMED_SERVICES)])];
  return {
    policyid: id,
    name: `${src.name}-to-${dst.name}-${id}`,
    uuid: uuid(rng),
    srcintf: [src.name],
    dstintf: [dst.name],
    srcaddr: [rng.pick(objects)],
    dstaddr: rng.chance(0.5) ? ['all'] : [rng.pick(objects)],
    service: services,
    action: rng.chance(0.85) ? 'accept' : 'deny',
    status: rng.chance(0.9) ? 'enable' : 'disable',
    schedule: 'always',
    nat: dst.role === 'wan' ? 'enable' : 'disable',
    logtraffic: rng.pick(['all', 'utm', 'utm', 'disable'] as const),
    comments: '',
  };
}

function anyPolicy(
  rng: Rng,
  id: number,
  name: string,
  src: string,
  dst: string,
  action: 'accept' | 'deny',
  status: 'enable' | 'disable',
): FortiPolicy {
  return {
    policyid: id,
    name,
    uuid: uuid(rng),
    srcintf: [src],
    dstintf: [dst],
    srcaddr: ['all'],
    dstaddr: ['all'],
    service: ['ALL'],
    action,
    status,
    schedule: 'always',
    nat: action === 'accept' ? 'enable' : 'disable',
    logtraffic: action === 'accept' ? 'all' : 'disable',
    comments: action === 'accept' ? 'temporary, remove after migration' : '',
  };
}

function vdomOf(
  rng: Rng,
  name: string,
  ifaces: readonly FortiInterface[],
  size: number,
  plantAllowAll: boolean,
): FortiVdom {
  const addresses = addressesOf(rng, name, size);
  const vdom: FortiVdom = {
    name,
    addresses,
    groups: groupsOf(rng, name, addresses),
    services: servicesOf(),
    policies: [],
  };
  let id = 1;
  for (let i = 0; i < size; i++) vdom.policies.push(randomPolicy(rng, id++, vdom, ifaces));
  const lan = ifaces.find((i) => i.vdom === name && i.role !== 'wan')?.name ?? 'any';
  const wan = ifaces.find((i) => i.vdom === name && i.role === 'wan')?.name ?? 'any';
  if (plantAllowAll) {
    vdom.policies.push(anyPolicy(rng, id++, PLANTED_ALLOW_ALL, lan, wan, 'accept', 'enable'));
    // Not findings: a disabled allow-all and a trailing deny-all.
    vdom.policies.push(anyPolicy(rng, id++, 'legacy-any-any', lan, wan, 'accept', 'disable'));
  }
  vdom.policies.push(anyPolicy(rng, id, 'deny-any', lan, wan, 'deny', 'enable'));
  return vdom;
}

export function generateFortinet(seed: number, scale: World['scale']): FortinetWorld {
  const rng = Rng.derive(seed, `fortinet/${scale}`);
  const size = scale === 'small' ? 12 : scale === 'medium' ? 60 : 200;
  const hqIfaces = interfacesOf(rng, true);
  const branchIfaces = interfacesOf(rng, false);
  const hq: FortiGateBox = {
    serial: HQ_SERIAL,
    hostname: 'FGT-HQ',
    model: 'FGT100F',
    modelNumber: '100F',
    version: 'v7.2.8',
    build: 1639,
    deviceApi: 'query',
    interfaces: hqIfaces,
    vdoms: [
      vdomOf(rng, 'root', hqIfaces, size, true),
      vdomOf(rng, 'dmz', hqIfaces, Math.ceil(size / 2), false),
    ],
  };
  const branch: FortiGateBox = {
    serial: BRANCH_SERIAL,
    hostname: 'FGT-BRANCH',
    model: 'FGT60F',
    modelNumber: '60F',
    version: 'v6.2.15',
    build: 1378,
    // FortiOS 6.2 predates monitor/user/device/query.
    deviceApi: 'select',
    interfaces: branchIfaces,
    vdoms: [vdomOf(rng, 'root', branchIfaces, Math.ceil(size / 2), false)],
  };
  return { devices: [hq, branch] };
}

/** The world with a benchmark load (synthetic detected devices and policies) on the HQ box. */
export function withFortinetLoad(world: World, load: FortiLoad): World {
  const fortinet = world.fortinet ?? generateFortinet(world.seed, world.scale);
  return {
    ...world,
    fortinet: { devices: fortinet.devices.map((d, i) => (i === 0 ? { ...d, load: { ...load } } : d)) },
  };
}

/** Numeric comparison of FortiOS versions such as "v6.2.15" and "v7.2.0". */
export function compareFortiOsVersions(a: string, b: string): number {
  const parts = (v: string): number[] =>
    v
      .replace(/^v/i, '')
      .split('.')
      .map((x) => Number.parseInt(x, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
