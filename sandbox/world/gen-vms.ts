/** GCP VMs and GKE nodes, their disks and static addresses, and the machine behind each. */
import { CPU_PLATFORMS, GCP_IMAGES, GCP_REGIONS, GKE_IMAGE, MACHINE_TYPES, ROLES } from './catalog.ts';
import type { GenContext } from './context.ts';
import { machineUuid, makeAgent, softwareFor, cvesFor } from './facts.ts';
import { DEFAULT_SCOPES, FULL_SCOPE, defaultServiceAccount, type ProjectPlan } from './gen-gcp.ts';
import {
  DAY_MS,
  EPOCH_MS,
  cidrCapacity,
  gceMac,
  gceTimestamp,
  hostInCidr,
  publicIp,
  uint64Id,
} from './ids.ts';
import type {
  GcpAddress,
  GcpDisk,
  GcpInstance,
  GcpSubnetwork,
  InstanceStatus,
  Machine,
  MachineNic,
  MetadataItem,
} from './types.ts';

export interface VmOptions {
  role?: string;
  gkeCluster?: string;
  /** Force a public IP (true) or none (false). */
  publicIp?: boolean;
  name?: string;
  networkName?: string;
  status?: InstanceStatus;
  /** Place the VM in the network's first subnetwork (planted equal-IP pairs). */
  firstSubnet?: boolean;
}

export interface VmRecords {
  instance: GcpInstance;
  machine: Machine;
  disks: GcpDisk[];
  addresses: GcpAddress[];
}

const FULL_SCOPES: string[] = [FULL_SCOPE];

const STATUS_WEIGHTS: readonly (readonly [InstanceStatus, number])[] = [
  ['RUNNING', 0.88],
  ['TERMINATED', 0.08],
  ['SUSPENDED', 0.015],
  ['STOPPING', 0.01],
  ['STAGING', 0.01],
  ['PROVISIONING', 0.005],
];

export function allocateIp(ctx: GenContext, subnet: GcpSubnetwork): string | undefined {
  const n = ctx.subnetCursor.get(subnet.id) ?? 0;
  if (n >= cidrCapacity(subnet.ipCidrRange) - 2) return undefined;
  ctx.subnetCursor.set(subnet.id, n + 1);
  return hostInCidr(subnet.ipCidrRange, n);
}

function pickSubnet(ctx: GenContext, plan: ProjectPlan, networkName?: string): GcpSubnetwork {
  const { rng } = ctx;
  const nets = networkName ? plan.networks.filter((n) => n.network.name === networkName) : plan.networks;
  const weighted = nets.map(
    (n) => [n, n.network.name === 'vpc-main' ? 6 : n.network.name === 'default' ? 3 : 2] as const,
  );
  const net = rng.weighted(weighted.length > 0 ? weighted : plan.networks.map((n) => [n, 1] as const));
  return rng.pick(net.subnets);
}

export function generateVm(
  ctx: GenContext,
  plan: ProjectPlan,
  seq: number,
  machineId: string,
  nowMs: number,
  opts: VmOptions = {},
): VmRecords {
  const { rng } = ctx;
  const project = plan.project;
  const gke = opts.gkeCluster;
  const isGkeNode = gke !== undefined && gke !== '';
  const role = opts.role ?? (gke ? 'worker' : rng.pick(ROLES));
  let subnet = pickSubnet(ctx, plan, gke ? 'vpc-main' : opts.networkName);
  if (opts.firstSubnet)
    subnet = plan.networks.find((n) => n.network.name === opts.networkName)?.subnets[0] ?? subnet;
  let ip = allocateIp(ctx, subnet);
  for (let tries = 0; !ip && tries < 8; tries++) {
    subnet = pickSubnet(ctx, plan);
    ip = allocateIp(ctx, subnet);
  }
  if (!ip) throw new Error(`no free address in project ${project.projectId}`);
  const regionZones = GCP_REGIONS.find((r) => r.region === subnet.region)?.zones ?? [];
  const zone = rng.pick(regionZones);
  const os = gke
    ? GKE_IMAGE
    : rng.weighted(GCP_IMAGES.map((img) => [img, img.family === 'windows' ? 0.6 : 1] as const));
  const pool = gke ? (rng.chance(0.7) ? 'default-pool' : 'highmem-pool') : undefined;
  const name =
    opts.name ??
    (gke ? `gke-${gke}-${pool}-${rng.hex(8)}-${rng.hex(4)}` : `${role}-${plan.env}-${seq.toString(36)}`);
  const customHost = !gke && rng.chance(0.25) ? `${name}.${plan.team}.acme.internal` : undefined;
  const status: InstanceStatus = opts.status ?? rng.weighted(STATUS_WEIGHTS);
  const createdMs = EPOCH_MS - rng.int(1, 900) * DAY_MS;

  const wantsPublic =
    opts.publicIp ?? (!gke && rng.chance(role === 'web' || role === 'jump' || role === 'vpn' ? 0.6 : 0.12));
  const staticIp = wantsPublic && rng.chance(0.4);
  const natIP =
    wantsPublic && (status === 'RUNNING' || staticIp) ? publicIp(rng, ctx.usedPublicIps) : undefined;
  const addresses: GcpAddress[] = [];
  if (staticIp && natIP) {
    addresses.push({
      id: uint64Id(rng, ctx.usedIds),
      project: project.projectId,
      name: `${name}-ip`,
      region: subnet.region,
      address: natIP,
      addressType: 'EXTERNAL',
      status: 'IN_USE',
      networkTier: 'PREMIUM',
      user: `${zone}/${name}`,
      creationTimestamp: gceTimestamp(createdMs),
    });
  }
  const nics: GcpInstance['nics'] = [
    {
      name: 'nic0',
      network: subnet.network,
      subnetwork: subnet.name,
      region: subnet.region,
      networkIP: ip,
      accessConfigs: wantsPublic
        ? [{ name: 'External NAT', networkTier: 'PREMIUM', ...(natIP ? { natIP } : {}) }]
        : [],
      aliasIpRanges: gke ? [{ ipCidrRange: `/24`, subnetworkRangeName: 'pods' }] : [],
    },
  ];
  // Multi-NIC appliances: the second NIC must sit in a different VPC.
  const second =
    !gke && (role === 'vpn' || rng.chance(0.03))
      ? plan.networks.find(
          (n) => n.network.name !== subnet.network && n.subnets.some((s) => s.region === subnet.region),
        )
      : undefined;
  if (second) {
    const s2 = second.subnets.find((s) => s.region === subnet.region);
    const ip2 = s2 ? allocateIp(ctx, s2) : undefined;
    if (s2 && ip2)
      nics.push({
        name: 'nic1',
        network: s2.network,
        subnetwork: s2.name,
        region: s2.region,
        networkIP: ip2,
        accessConfigs: [],
        aliasIpRanges: [],
      });
  }
  for (const nic of nics) {
    for (const alias of nic.aliasIpRanges) {
      if (alias.ipCidrRange === '/24') alias.ipCidrRange = `172.${16 + (seq % 16)}.${seq % 256}.0/24`;
    }
  }

  const labels: Record<string, string> = gke
    ? { 'goog-gke-node': '', 'goog-k8s-cluster-name': gke, 'goog-k8s-node-pool-name': pool ?? 'default-pool' }
    : { env: plan.env, team: plan.team, role };
  if (!gke && rng.chance(0.5)) labels['cost-center'] = `cc-${rng.int(1000, 1036)}`;
  if (!gke && rng.chance(0.2)) labels.owner = `${rng.pick(['an', 'binh', 'chi', 'linh', 'minh'])}`;

  const metadata: MetadataItem[] = [];
  if (gke) {
    metadata.push({ key: 'cluster-name', value: gke }, { key: 'cluster-location', value: subnet.region });
  } else {
    if (rng.chance(0.15)) metadata.push({ key: 'enable-oslogin', value: rng.chance(0.5) ? 'TRUE' : 'FALSE' });
    if (rng.chance(0.4)) metadata.push({ key: 'block-project-ssh-keys', value: 'true' });
    if (rng.chance(0.2))
      metadata.push({
        key: 'ssh-keys',
        value: `${rng.pick(['an', 'linh', 'sam'])}:ssh-rsa AAAAB3NzaC1yc2E${rng.hex(48)} user@laptop`,
      });
    if (rng.chance(0.05)) metadata.push({ key: 'serial-port-enable', value: 'true' });
    if (rng.chance(0.3)) metadata.push({ key: 'startup-script', value: '#!/bin/bash\napt-get update -y\n' });
  }

  const dsa = defaultServiceAccount(project);
  const saRoll = rng.next();
  // Scope lists are shared between instances (read-only) to keep large worlds small.
  const serviceAccounts =
    role === 'ci'
      ? [{ email: plan.ciServiceAccount, scopes: FULL_SCOPES }]
      : saRoll < 0.3 || isGkeNode
        ? [{ email: dsa, scopes: FULL_SCOPES }]
        : saRoll < 0.7
          ? [{ email: dsa, scopes: DEFAULT_SCOPES as string[] }]
          : saRoll < 0.95
            ? [{ email: `${role}-sa@${project.projectId}.iam.gserviceaccount.com`, scopes: FULL_SCOPES }]
            : [];

  const tags = gke ? [`gke-${gke}-${rng.hex(8)}-node`] : roleTags(ctx, role, os.family);
  const bootName = name;
  const bootSize = gke ? 100 : rng.pick([10, 20, 50, 100]);
  const disks: GcpDisk[] = [
    {
      id: uint64Id(rng, ctx.usedIds),
      project: project.projectId,
      zone,
      name: bootName,
      sizeGb: bootSize,
      type: gke ? 'pd-balanced' : rng.pick(['pd-standard', 'pd-balanced', 'pd-ssd'] as const),
      sourceImage: os.image,
      licenses: os.license ? [os.license] : [],
      labels: gke ? { 'goog-gke-node': '' } : { env: plan.env },
      users: [name],
      status: 'READY',
      creationTimestamp: gceTimestamp(createdMs),
    },
  ];
  if (!gke && (role === 'db' || rng.chance(0.2))) {
    disks.push({
      id: uint64Id(rng, ctx.usedIds),
      project: project.projectId,
      zone,
      name: `${name}-data`,
      sizeGb: rng.pick([100, 250, 500, 1000]),
      type: 'pd-ssd',
      licenses: [],
      labels: { env: plan.env, role, backup: rng.chance(0.5) ? 'daily' : 'none' },
      users: [name],
      status: 'READY',
      creationTimestamp: gceTimestamp(createdMs),
    });
  }

  const instance: GcpInstance = {
    id: uint64Id(rng, ctx.usedIds),
    project: project.projectId,
    zone,
    name,
    machineId,
    status,
    machineType: gke ? 'e2-standard-4' : rng.pick(MACHINE_TYPES),
    ...(customHost ? { hostname: customHost } : {}),
    cpuPlatform: rng.pick(CPU_PLATFORMS),
    creationTimestamp: gceTimestamp(createdMs),
    lastStartTimestamp: gceTimestamp(createdMs + rng.int(0, 20) * DAY_MS),
    canIpForward: isGkeNode || role === 'vpn' || rng.chance(0.02),
    deletionProtection: plan.env === 'prod' && rng.chance(0.3),
    labels,
    tags,
    metadata,
    metadataFingerprint: rng.hex(11) + '=',
    nics,
    disks: disks.map((d, i) => ({
      deviceName: i === 0 ? 'persistent-disk-0' : `persistent-disk-${i}`,
      disk: d.name,
      boot: i === 0,
      autoDelete: i === 0,
      mode: 'READ_WRITE' as const,
      sizeGb: d.sizeGb,
      licenses: d.licenses,
    })),
    serviceAccounts,
    shielded: {
      secureBoot: isGkeNode || rng.chance(0.5),
      vtpm: isGkeNode || rng.chance(0.85),
      integrityMonitoring: isGkeNode || rng.chance(0.85),
    },
    preemptible: isGkeNode && rng.chance(0.2),
  };

  const hostname = customHost ? (customHost.split('.')[0] ?? name) : name;
  const machineNics: MachineNic[] = nics.map((n, i) => ({
    name: os.family === 'windows' ? `Ethernet ${i}` : `ens${4 + i}`,
    mac: gceMac(n.networkIP),
    ip: n.networkIP,
    virtual: false,
  }));
  // docker0 carries the same MAC on every Docker host: a classic false merge.
  if (os.family === 'linux' && (role === 'ci' || role === 'worker' || role === 'etl' || rng.chance(0.1))) {
    machineNics.push({ name: 'docker0', mac: '02:42:ac:11:00:02', ip: '172.17.0.1', virtual: true });
  }
  const software = softwareFor(ctx, os, role, 0.08);
  const hasAgent = gke ? rng.chance(0.2) : rng.chance(0.86);
  const machine: Machine = {
    id: machineId,
    kind: gke ? 'gke-node' : 'gcp-vm',
    hostname,
    serialNumber: `GoogleCloud-${rng.hex(32).toUpperCase()}`,
    machineUuid: machineUuid(ctx),
    os,
    nics: machineNics,
    software,
    cves: cvesFor(software),
    gcpInstanceId: instance.id,
    ...(hasAgent ? { agent: makeAgent(ctx, nowMs, hostname, rng.chance(0.93)) } : {}),
  };
  return { instance, machine, disks, addresses };
}

function roleTags(ctx: GenContext, role: string, family: string): string[] {
  const { rng } = ctx;
  const tags: string[] = [];
  if (role === 'web') tags.push('web', 'http-server', 'https-server');
  if (role === 'db' || role === 'cache') tags.push('db');
  if (role === 'db' && rng.chance(0.25)) tags.push('db-public');
  if (role === 'jump' || rng.chance(0.04)) tags.push('ssh-open');
  if (role === 'jump' && rng.chance(0.3)) tags.push('hardened');
  if (family === 'windows' && rng.chance(0.3)) tags.push('rdp-open');
  return tags;
}
