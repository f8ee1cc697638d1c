/** Machines outside GCP: VNG Cloud servers, office laptops/desktops, devices only a FortiGate sees. */
import { DEVICE_OS, ENDPOINT_OS, FIRST_NAMES, ROLES, VNG_IMAGES } from './catalog.ts';
import type { GenContext } from './context.ts';
import { cvesFor, machineUuid, makeAgent, softwareFor } from './facts.ts';
import { DAY_MS, OUIS, isoAt, publicIp, uuid, vendorMac } from './ids.ts';
import type { Machine, MachineNic } from './types.ts';

export const FORTIGATES = ['FG100FTK22012345', 'FG60FTK21098765'] as const;

/** FortiClient and AnyConnect virtual adapters report the same MAC on every laptop. */
export const VPN_ADAPTER_MACS = ['00:09:0f:aa:00:01', '00:05:9a:3c:7a:00'] as const;
/** A USB-C dock shared by hot desks: one physical MAC on several laptops. */
export const SHARED_DOCK_MAC = 'a0:ce:c8:0d:0c:01';

export interface VngProjectPlan {
  id: string;
  region: 'hcm-3' | 'han-1';
  networkId: string;
  subnetId: string;
  cidrBase: string;
}

export function vngProjects(ctx: GenContext): VngProjectPlan[] {
  return (['hcm-3', 'han-1', 'hcm-3'] as const).map((region, i) => ({
    id: `pro-${uuid(ctx.rng)}`,
    region,
    networkId: `net-${uuid(ctx.rng)}`,
    subnetId: `sub-${uuid(ctx.rng)}`,
    // 10.10.x overlaps GCP vpc-main blocks: equal private IPs across providers.
    cidrBase: i === 0 ? '10.10' : `10.${200 + i}`,
  }));
}

export function generateVngServer(
  ctx: GenContext,
  projects: readonly VngProjectPlan[],
  seq: number,
  machineId: string,
  nowMs: number,
): Machine {
  const { rng } = ctx;
  const p = projects[seq % projects.length] as VngProjectPlan;
  const role = rng.pick(ROLES);
  const os = rng.pick(VNG_IMAGES);
  const ip = `${p.cidrBase}.${Math.floor(seq / 250) % 250}.${(seq % 250) + 2}`;
  const name = `vng-${role}-${seq.toString(36)}`;
  const software = softwareFor(ctx, os, role, 0.1);
  const floating = rng.chance(0.2) ? publicIp(rng, ctx.usedPublicIps) : undefined;
  const hasAgent = rng.chance(0.7);
  return {
    id: machineId,
    kind: 'vng-server',
    hostname: name,
    serialNumber: machineUuid(ctx),
    machineUuid: machineUuid(ctx),
    os,
    nics: [
      {
        name: os.family === 'windows' ? 'Ethernet' : 'eth0',
        mac: vendorMac(rng, OUIS.openstack),
        ip,
        virtual: false,
      },
    ],
    software,
    cves: cvesFor(software),
    vng: {
      id: uuid(rng),
      projectId: p.id,
      region: p.region,
      name,
      status: rng.chance(0.9) ? 'ACTIVE' : 'STOPPED',
      flavor: rng.pick(['2C4G', '4C8G', '8C16G']),
      networkId: p.networkId,
      subnetId: p.subnetId,
      ...(floating ? { floatingIp: floating } : {}),
    },
    ...(hasAgent ? { agent: makeAgent(ctx, nowMs, name, false) } : {}),
    ...(rng.chance(0.1) ? { fortigate: sighting(ctx, nowMs, 'port3') } : {}),
  };
}

export function generateEndpoint(ctx: GenContext, seq: number, machineId: string, nowMs: number): Machine {
  const { rng } = ctx;
  const laptop = rng.chance(0.75);
  const os = rng.weighted(ENDPOINT_OS.map((o) => [o, o.family === 'macos' ? 0.3 : 1] as const));
  const apple = os.family === 'macos';
  const vendor = apple ? 'apple' : rng.pick(['dell', 'lenovo', 'hp'] as const);
  const hostname = `${laptop ? 'LT' : 'DT'}-${rng.pick(FIRST_NAMES).toUpperCase()}-${String(1000 + seq).slice(-4)}`;
  const serial = apple
    ? `C02${rng.hex(9).toUpperCase()}`
    : vendor === 'dell'
      ? rng.hex(7).toUpperCase()
      : `PF${rng.hex(6).toUpperCase()}`;
  const lan = `192.168.${10 + (seq % 40)}.${(seq % 250) + 2}`;
  const nics: MachineNic[] = [
    { name: apple ? 'en0' : 'Wi-Fi', mac: vendorMac(rng, OUIS.intel), ip: lan, virtual: false },
  ];
  if (!laptop || rng.chance(0.3))
    nics.push({ name: apple ? 'en1' : 'Ethernet', mac: vendorMac(rng, OUIS[vendor]), virtual: false });
  if (rng.chance(0.6))
    nics.push({
      name: 'FortiClient Virtual Adapter',
      mac: VPN_ADAPTER_MACS[0],
      ip: `10.212.134.${(seq % 250) + 2}`,
      virtual: true,
    });
  else if (rng.chance(0.3))
    nics.push({ name: 'Cisco AnyConnect Virtual Miniport Adapter', mac: VPN_ADAPTER_MACS[1], virtual: true });
  const software = softwareFor(ctx, os, 'laptop', 0.1);
  return {
    id: machineId,
    kind: laptop ? 'laptop' : 'desktop',
    hostname,
    serialNumber: serial,
    machineUuid: machineUuid(ctx),
    os,
    nics,
    software,
    cves: cvesFor(software),
    ...(rng.chance(0.95) ? { agent: makeAgent(ctx, nowMs, hostname, false) } : {}),
    ...(rng.chance(0.8) ? { fortigate: sighting(ctx, nowMs, laptop ? 'wifi-corp' : 'port1') } : {}),
  };
}

export function generateDevice(ctx: GenContext, seq: number, machineId: string, nowMs: number): Machine {
  const { rng } = ctx;
  const os = rng.pick(DEVICE_OS);
  const hostname = rng.chance(0.5) ? `${os.name.split(' ')[0]?.toLowerCase() ?? 'dev'}-${seq}` : '';
  return {
    id: machineId,
    kind: 'fw-device',
    hostname,
    serialNumber: '',
    machineUuid: '',
    os,
    nics: [
      {
        name: 'eth0',
        mac: vendorMac(rng, OUIS.hp),
        ip: `192.168.${60 + (seq % 20)}.${(seq % 250) + 2}`,
        virtual: false,
      },
    ],
    software: [],
    cves: [],
    fortigate: sighting(ctx, nowMs, 'port2'),
  };
}

function sighting(ctx: GenContext, nowMs: number, iface: string): Machine['fortigate'] {
  const online = ctx.rng.chance(0.7);
  return {
    fortigate: ctx.rng.pick(FORTIGATES),
    interface: iface,
    isOnline: online,
    lastSeen: isoAt(nowMs - (online ? ctx.rng.int(1, 600) * 1000 : ctx.rng.int(1, 20) * DAY_MS)),
  };
}
