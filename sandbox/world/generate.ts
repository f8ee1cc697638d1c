/** Builds a complete world from a seed and a scale. */
import { GenContext } from './context.ts';
import { generateDevice, generateEndpoint, generateVngServer, vngProjects } from './gen-endpoints.ts';
import { generateFirewalls, generateProjects, type ProjectPlan } from './gen-gcp.ts';
import { generateFortinet } from './gen-fortinet.ts';
import { buildVngWorld } from './gen-vng.ts';
import { generateVm, type VmRecords } from './gen-vms.ts';
import { DAY_MS, EPOCH_MS, gceTimestamp, isoAt, uint64Id } from './ids.ts';
import { PLANTS, applyPlant, cloneMachine } from './plant.ts';
import { SCALES } from './scales.ts';
import type { GcpAddress, GcpDisk, GcpInstance, GcpWorld, Machine, Scale, World } from './types.ts';
import { SHARED_DOCK_MAC } from './gen-endpoints.ts';

export const ORG = { id: '512345678901', name: 'Acme Retail', domain: 'acme.example' } as const;

export function machineIdOf(serial: number): string {
  return `m-${String(serial).padStart(6, '0')}`;
}

export function generateWorld(seed: number, scale: Scale): World {
  const spec = SCALES[scale];
  const ctx = new GenContext(seed, `world/${scale}`);
  const { rng } = ctx;
  const nowMs = EPOCH_MS;
  const plans = generateProjects(ctx, spec.projects, ORG.id);
  const gcp: GcpWorld = {
    projects: [],
    networks: [],
    subnetworks: [],
    firewalls: [],
    addresses: [],
    disks: [],
    instances: [],
  };
  plans.forEach((plan, i) => {
    gcp.projects.push(plan.project);
    for (const n of plan.networks) {
      gcp.networks.push(n.network);
      gcp.subnetworks.push(...n.subnets);
    }
    gcp.firewalls.push(...generateFirewalls(ctx, plan, i));
    gcp.addresses.push(...projectAddresses(ctx, plan));
  });

  const machines: Machine[] = [];
  let serial = 1;
  const push = (r: VmRecords): void => {
    machines.push(r.machine);
    gcp.instances.push(r.instance);
    gcp.disks.push(...r.disks);
    gcp.addresses.push(...r.addresses);
  };

  for (const p of PLANTS) {
    const plan = plans[p.project] as ProjectPlan;
    const gkeCluster = p.opts.gkeCluster === '' ? plan.gkeClusters[0] : p.opts.gkeCluster;
    const r = generateVm(ctx, plan, serial, machineIdOf(serial), nowMs, {
      ...p.opts,
      ...(gkeCluster ? { gkeCluster } : {}),
    });
    applyPlant(ctx, plan, p, r, nowMs);
    push(r);
    serial++;
  }

  const commonNames = new Map<string, Set<string>>();
  const previousByProject = new Map<string, VmRecords>();
  while (serial <= spec.gcpVms) {
    const plan = rng.pick(plans);
    const gkeCluster =
      plan.gkeClusters.length > 0 && rng.chance(0.35) ? rng.pick(plan.gkeClusters) : undefined;
    let name: string | undefined;
    if (!gkeCluster && rng.chance(0.004)) {
      // A handful of conventional names recur across projects (equal hostnames, different projects).
      const candidate = rng.pick(['bastion', 'jenkins', 'vpn-gw', 'nat-proxy']);
      const used = commonNames.get(plan.project.projectId) ?? new Set<string>();
      if (!used.has(candidate)) {
        used.add(candidate);
        commonNames.set(plan.project.projectId, used);
        name = candidate;
      }
    }
    const r = generateVm(ctx, plan, serial, machineIdOf(serial), nowMs, {
      ...(gkeCluster ? { gkeCluster } : {}),
      ...(name ? { name } : {}),
    });
    const previous = previousByProject.get(plan.project.projectId);
    if (previous && !gkeCluster && rng.chance(0.004)) cloneMachine(previous, r);
    push(r);
    if (!gkeCluster) previousByProject.set(plan.project.projectId, r);
    serial++;
  }
  // Always at least one clone pair among the planted project-0 VMs.
  const planted = machines.length;
  const first = pickRecords(gcp.instances, machines, 2);
  const second = pickRecords(gcp.instances, machines, 6);
  if (first && second && planted > 6) cloneMachine(first, second);

  const vng = vngProjects(ctx);
  for (let i = 0; i < spec.vngServers; i++, serial++)
    machines.push(generateVngServer(ctx, vng, i, machineIdOf(serial), nowMs));
  for (let i = 0; i < spec.endpoints; i++, serial++) {
    const m = generateEndpoint(ctx, i, machineIdOf(serial), nowMs);
    // Hot-desk dock: one physical MAC on several laptops.
    if (i < 4 || rng.chance(0.002))
      m.nics.push({ name: 'USB 10/100/1000 LAN', mac: SHARED_DOCK_MAC, virtual: false });
    machines.push(m);
  }
  for (let i = 0; i < spec.devices; i++, serial++)
    machines.push(generateDevice(ctx, i, machineIdOf(serial), nowMs));

  keepNoIdentityAgentsResolvable(machines);
  const vngWorld = buildVngWorld(seed, scale, vng, machines, gcp);
  return {
    seed,
    scale,
    generation: 0,
    now: isoAt(nowMs),
    org: { ...ORG },
    gcp,
    machines,
    nextSerial: serial,
    vng: vngWorld,
    fortinet: generateFortinet(seed, scale),
  };
}

/** An agent without cloud identity can only be matched by hostname, so its hostname must be unique. */
function keepNoIdentityAgentsResolvable(machines: Machine[]): void {
  const count = new Map<string, number>();
  for (const m of machines)
    count.set(m.hostname.toLowerCase(), (count.get(m.hostname.toLowerCase()) ?? 0) + 1);
  for (const m of machines) {
    if (
      m.gcpInstanceId &&
      m.agent &&
      !m.agent.cloudIdentity &&
      (count.get(m.hostname.toLowerCase()) ?? 0) > 1
    )
      m.agent.cloudIdentity = true;
  }
}

function pickRecords(instances: GcpInstance[], machines: Machine[], index: number): VmRecords | undefined {
  const instance = instances[index];
  const machine = machines[index];
  return instance && machine ? { instance, machine, disks: [], addresses: [] } : undefined;
}

/** Reserved-but-unused, internal and global addresses that no VM carries. */
function projectAddresses(ctx: GenContext, plan: ProjectPlan): GcpAddress[] {
  const { rng } = ctx;
  const out: GcpAddress[] = [];
  const ts = gceTimestamp(EPOCH_MS - rng.int(10, 500) * DAY_MS);
  const sub = plan.networks[0]?.subnets[0];
  out.push({
    id: uint64Id(rng, ctx.usedIds),
    project: plan.project.projectId,
    name: 'reserved-unused',
    region: sub?.region ?? 'us-central1',
    address: `35.${rng.int(186, 199)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    addressType: 'EXTERNAL',
    status: 'RESERVED',
    networkTier: 'PREMIUM',
    creationTimestamp: ts,
  });
  if (sub) {
    out.push({
      id: uint64Id(rng, ctx.usedIds),
      project: plan.project.projectId,
      name: 'ilb-frontend',
      region: sub.region,
      address: sub.ipCidrRange.replace(/\.0\/\d+$/, '.250'),
      addressType: 'INTERNAL',
      status: 'RESERVED',
      networkTier: 'PREMIUM',
      subnetwork: sub.name,
      purpose: 'GCE_ENDPOINT',
      creationTimestamp: ts,
    });
  }
  out.push({
    id: uint64Id(rng, ctx.usedIds),
    project: plan.project.projectId,
    name: 'lb-global-ip',
    address: `34.${rng.int(96, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    addressType: 'EXTERNAL',
    status: 'IN_USE',
    networkTier: 'PREMIUM',
    creationTimestamp: ts,
  });
  if (rng.chance(0.5)) {
    out.push({
      id: uint64Id(rng, ctx.usedIds),
      project: plan.project.projectId,
      name: 'google-managed-services',
      address: '10.250.0.0',
      addressType: 'INTERNAL',
      status: 'RESERVED',
      networkTier: 'PREMIUM',
      purpose: 'VPC_PEERING',
      creationTimestamp: ts,
    });
  }
  return out;
}

export type { GcpDisk };
