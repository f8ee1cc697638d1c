/**
 * VNG Cloud projects, VPCs, subnets, security groups (with planted internet-open admin ports),
 * volumes and public IPs around the VNG servers the generator already placed on machines. Runs on
 * its own random stream so the rest of the world is identical with or without it.
 */
import { GenContext } from './context.ts';
import type { VngProjectPlan } from './gen-endpoints.ts';
import type {
  VngElasticIp,
  VngNetwork,
  VngProject,
  VngSecgroup,
  VngSecgroupRule,
  VngServerExtras,
  VngSubnet,
  VngVolume,
  VngWorld,
} from './gen-vng-types.ts';
import { DAY_MS, EPOCH_MS, OUIS, isoAt, publicIp, uuid, vendorMac } from './ids.ts';
import type { Rng } from './prng.ts';
import type { GcpWorld, Machine, Scale } from './types.ts';

export const VNG_ZONES: Readonly<Record<string, string>> = {
  'hcm-3': 'HCM03-1A',
  'han-1': 'HAN01-1A',
};

type RuleSpec = Pick<VngSecgroupRule, 'protocol' | 'portRangeMin' | 'portRangeMax'> &
  Partial<Pick<VngSecgroupRule, 'direction' | 'etherType' | 'remoteIpPrefix'>>;

/** Groups open to the whole internet on admin ports: the planted findings of the VNG rule. */
const PLANTED_GROUPS: readonly { name: string; rules: readonly RuleSpec[] }[] = [
  { name: 'ssh-open-world', rules: [{ protocol: 'tcp', portRangeMin: 22, portRangeMax: 22 }] },
  { name: 'rdp-open-world', rules: [{ protocol: 'tcp', portRangeMin: 3389, portRangeMax: 3389 }] },
  {
    name: 'db-open-world',
    rules: [
      { protocol: 'tcp', portRangeMin: 3306, portRangeMax: 3306 },
      { protocol: 'tcp', portRangeMin: 5432, portRangeMax: 5432 },
    ],
  },
  {
    name: 'nosql-mssql-open',
    rules: [
      { protocol: 'tcp', portRangeMin: 27017, portRangeMax: 27017 },
      { protocol: 'tcp', portRangeMin: 1433, portRangeMax: 1433, etherType: 'IPv6', remoteIpPrefix: '::/0' },
    ],
  },
  { name: 'allow-all-tcp', rules: [{ protocol: 'tcp', portRangeMin: 1, portRangeMax: 65535 }] },
  { name: 'any-open', rules: [{ protocol: 'any', portRangeMin: 0, portRangeMax: 0 }] },
];

/** Look alike but are not findings: egress, office-only, non-admin ports, UDP, ICMP. */
const BENIGN_GROUPS: readonly { name: string; rules: readonly RuleSpec[] }[] = [
  {
    name: 'web',
    rules: [
      { protocol: 'tcp', portRangeMin: 80, portRangeMax: 80 },
      { protocol: 'tcp', portRangeMin: 443, portRangeMax: 443 },
      { protocol: 'icmp', portRangeMin: 0, portRangeMax: 0 },
    ],
  },
  {
    name: 'ssh-office',
    rules: [{ protocol: 'tcp', portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: '203.0.113.0/24' }],
  },
  {
    name: 'db-internal',
    rules: [
      { protocol: 'tcp', portRangeMin: 3306, portRangeMax: 3306, remoteIpPrefix: '10.0.0.0/8' },
      { protocol: 'tcp', portRangeMin: 5432, portRangeMax: 5432, remoteIpPrefix: '10.0.0.0/8' },
    ],
  },
  {
    name: 'app-high-ports',
    rules: [
      { protocol: 'tcp', portRangeMin: 8000, portRangeMax: 9000 },
      { protocol: 'udp', portRangeMin: 3389, portRangeMax: 3389 },
      { protocol: 'tcp', portRangeMin: 22, portRangeMax: 22, direction: 'egress' },
    ],
  },
];

function rule(rng: Rng, spec: RuleSpec, createdAt: string): VngSecgroupRule {
  const etherType = spec.etherType ?? 'IPv4';
  return {
    id: uuid(rng),
    direction: spec.direction ?? 'ingress',
    etherType,
    protocol: spec.protocol,
    portRangeMin: spec.portRangeMin,
    portRangeMax: spec.portRangeMax,
    remoteIpPrefix: spec.remoteIpPrefix ?? (etherType === 'IPv6' ? '::/0' : '0.0.0.0/0'),
    remoteGroupId: '',
    description: '',
    createdAt,
  };
}

function group(
  rng: Rng,
  projectId: string,
  name: string,
  specs: readonly RuleSpec[],
  planted: boolean,
): VngSecgroup {
  const createdAt = isoAt(EPOCH_MS - rng.int(30, 700) * DAY_MS);
  return {
    id: `secg-${uuid(rng)}`,
    projectId,
    name,
    description: planted ? 'temporary access' : `${name} access`,
    isSystem: false,
    createdAt,
    rules: specs.map((s) => rule(rng, s, createdAt)),
    ...(planted ? { planted: true } : {}),
  };
}

/** The platform's default group: egress everywhere, ingress only from members of the group. */
function defaultGroup(rng: Rng, projectId: string): VngSecgroup {
  const createdAt = isoAt(EPOCH_MS - 900 * DAY_MS);
  const id = `secg-${uuid(rng)}`;
  const egress = (etherType: 'IPv4' | 'IPv6'): VngSecgroupRule => ({
    ...rule(
      rng,
      { protocol: 'any', portRangeMin: 0, portRangeMax: 0, direction: 'egress', etherType },
      createdAt,
    ),
  });
  const fromSelf = (etherType: 'IPv4' | 'IPv6'): VngSecgroupRule => ({
    ...rule(rng, { protocol: 'any', portRangeMin: 0, portRangeMax: 0, etherType }, createdAt),
    remoteIpPrefix: '',
    remoteGroupId: id,
  });
  return {
    id,
    projectId,
    name: 'default',
    description: 'Default security group',
    isSystem: true,
    createdAt,
    rules: [egress('IPv4'), egress('IPv6'), fromSelf('IPv4'), fromSelf('IPv6')],
  };
}

/** Builds the VNG view on its own stream, avoiding every public IP the world already uses. */
export function buildVngWorld(
  seed: number,
  scale: Scale,
  plans: readonly VngProjectPlan[],
  machines: readonly Machine[],
  gcp: GcpWorld,
): VngWorld {
  const ctx = new GenContext(seed, `vng/${scale}`);
  for (const a of gcp.addresses) ctx.usedPublicIps.add(a.address);
  for (const i of gcp.instances)
    for (const n of i.nics) for (const a of n.accessConfigs) if (a.natIP) ctx.usedPublicIps.add(a.natIP);
  for (const m of machines) if (m.vng?.floatingIp) ctx.usedPublicIps.add(m.vng.floatingIp);
  return generateVngWorld(ctx, plans, machines);
}

export function generateVngWorld(
  ctx: GenContext,
  plans: readonly VngProjectPlan[],
  machines: readonly Machine[],
): VngWorld {
  const { rng } = ctx;
  const out: VngWorld = {
    projects: [],
    networks: [],
    subnets: [],
    secgroups: [],
    volumes: [],
    elasticIps: [],
    servers: {},
  };
  const groupsByProject = new Map<string, VngSecgroup[]>();
  plans.forEach((plan, i) => {
    const project: VngProject = {
      projectId: plan.id,
      region: plan.region,
      name: `acme-${['prod', 'hanoi', 'staging'][i] ?? `p${i}`}-${plan.region}`,
      userId: 53_000 + i,
      isDefault: i < 2,
    };
    out.projects.push(project);
    const zoneId = VNG_ZONES[plan.region] ?? 'HCM03-1A';
    const created = (days: number): string => isoAt(EPOCH_MS - days * DAY_MS);
    const main: VngNetwork = {
      id: plan.networkId,
      projectId: plan.id,
      name: 'vpc-main',
      cidr: `${plan.cidrBase}.0.0/16`,
      createdAt: created(800),
      routeTableId: `rtb-${uuid(rng)}`,
      dhcpOptionId: `dhcp-${uuid(rng)}`,
      zoneId,
    };
    const spare: VngNetwork = {
      ...main,
      id: `net-${uuid(rng)}`,
      name: 'vpc-sandbox',
      cidr: `172.${20 + i}.0.0/16`,
      createdAt: created(rng.int(20, 400)),
      routeTableId: `rtb-${uuid(rng)}`,
    };
    out.networks.push(main, spare);
    out.subnets.push({
      id: plan.subnetId,
      projectId: plan.id,
      networkId: main.id,
      name: 'subnet-main',
      cidr: main.cidr,
      zoneId,
      routeTableId: main.routeTableId,
    });
    const spareSubnets = rng.int(1, 3);
    for (let s = 0; s < spareSubnets; s++) {
      out.subnets.push({
        id: `sub-${uuid(rng)}`,
        projectId: plan.id,
        networkId: spare.id,
        name: `subnet-sandbox-${s + 1}`,
        cidr: `172.${20 + i}.${s}.0/24`,
        zoneId,
        routeTableId: spare.routeTableId,
      });
    }
    // Project 0 carries every planted group so each finding exists at every seed and scale.
    const groups = [defaultGroup(rng, plan.id)];
    for (const g of BENIGN_GROUPS) groups.push(group(rng, plan.id, g.name, g.rules, false));
    for (const g of PLANTED_GROUPS)
      if (i === 0 || rng.chance(0.3)) groups.push(group(rng, plan.id, g.name, g.rules, true));
    groupsByProject.set(plan.id, groups);
    out.secgroups.push(...groups);
  });

  for (const m of machines) {
    const server = m.vng;
    if (!server) continue;
    const groups = groupsByProject.get(server.projectId) ?? [];
    out.servers[server.id] = serverExtras(ctx, m, groups, out);
  }
  for (const project of out.projects) {
    const spareIps = rng.int(1, 3);
    for (let k = 0; k < spareIps; k++) {
      out.elasticIps.push({
        id: `eip-${uuid(rng)}`,
        projectId: project.projectId,
        name: `reserved-${k + 1}`,
        ipAddress: publicIp(rng, ctx.usedPublicIps),
        type: 'FLOATING',
        createdAt: isoAt(EPOCH_MS - rng.int(5, 300) * DAY_MS),
      });
    }
    const detached = rng.int(1, 2);
    for (let k = 0; k < detached; k++)
      out.volumes.push(volume(rng, project.projectId, `orphan-data-${k + 1}`));
  }
  return out;
}

function volume(rng: Rng, projectId: string, name: string, serverId?: string, boot = false): VngVolume {
  return {
    id: `vol-${uuid(rng)}`,
    projectId,
    name,
    sizeGb: boot ? rng.pick([20, 40, 60]) : rng.pick([100, 200, 500, 1000]),
    volumeTypeId: rng.pick(['vtype-ssd-3000', 'vtype-ssd-6000', 'vtype-nvme-10000']),
    ...(serverId ? { serverId } : {}),
    bootable: boot,
    encrypted: rng.chance(0.4),
    createdAt: isoAt(EPOCH_MS - rng.int(10, 600) * DAY_MS),
  };
}

function serverExtras(
  ctx: GenContext,
  m: Machine,
  groups: readonly VngSecgroup[],
  out: VngWorld,
): VngServerExtras {
  const { rng } = ctx;
  const server = m.vng;
  if (!server) throw new Error(`machine ${m.id} has no VNG server`);
  const byName = (name: string): VngSecgroup | undefined => groups.find((g) => g.name === name);
  const names = new Set(['default']);
  const role = server.name.split('-')[1] ?? '';
  if (role === 'web') names.add('web');
  if (role === 'db' || role === 'cache') names.add('db-internal');
  if (rng.chance(0.4)) names.add('ssh-office');
  if (rng.chance(0.15)) names.add(rng.pick(PLANTED_GROUPS).name);
  const secgroupIds = [...names].flatMap((n) => byName(n)?.id ?? []);

  const boot = volume(rng, server.projectId, `${server.name}-boot`, server.id, true);
  out.volumes.push(boot);
  if (role === 'db' || rng.chance(0.2))
    out.volumes.push(volume(rng, server.projectId, `${server.name}-data`, server.id));

  const interfaceId = `port-${uuid(rng)}`;
  const createdAt = isoAt(EPOCH_MS - rng.int(5, 800) * DAY_MS);
  if (server.floatingIp) {
    out.elasticIps.push({
      id: `eip-${uuid(rng)}`,
      projectId: server.projectId,
      name: `${server.name}-fip`,
      ipAddress: server.floatingIp,
      type: 'FLOATING',
      serverId: server.id,
      interfaceId,
      createdAt,
    });
  }
  let external: VngExternalInterfaceOut | undefined;
  if (!server.floatingIp && rng.chance(0.08)) {
    // A WAN interface: the public address sits inside the guest, so the machine reports the NIC too.
    external = {
      id: `port-${uuid(rng)}`,
      networkId: `net-wan-${server.region}`,
      ip: publicIp(rng, ctx.usedPublicIps),
      mac: vendorMac(rng, OUIS.vmware),
    };
    m.nics.push({
      name: m.os.family === 'windows' ? 'Ethernet 2' : 'eth1',
      mac: external.mac,
      ip: external.ip,
      virtual: false,
    });
    out.elasticIps.push({
      id: `eip-${uuid(rng)}`,
      projectId: server.projectId,
      name: `${server.name}-wan`,
      ipAddress: external.ip,
      type: 'WAN',
      serverId: server.id,
      interfaceId: external.id,
      createdAt,
    });
  }
  return {
    secgroupIds,
    bootVolumeId: boot.id,
    interfaceId,
    ...(external ? { external } : {}),
    createdAt,
    imageId: `img-${m.os.name.split(' ')[0]?.toLowerCase() ?? 'os'}-${m.os.version.replace(/\./g, '')}`,
    zoneId: VNG_ZONES[server.region] ?? 'HCM03-1A',
    sshKeyName: m.os.family === 'windows' ? '' : rng.pick(['ops-key', 'deploy-key', 'legacy-root']),
  };
}

type VngExternalInterfaceOut = NonNullable<VngServerExtras['external']>;

export type { VngElasticIp, VngSubnet };
