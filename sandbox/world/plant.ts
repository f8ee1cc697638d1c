/**
 * Forced plants: a fixed set of VMs configured so every planted finding and trap exists in every
 * world, whatever the seed and scale. Random generation adds more of the same at larger scales.
 */
import type { GenContext } from './context.ts';
import { cvesFor, makeAgent, softwareFor } from './facts.ts';
import { FULL_SCOPE, defaultServiceAccount, type ProjectPlan } from './gen-gcp.ts';
import type { VmOptions, VmRecords } from './gen-vms.ts';
import type { AgentState, Machine } from './types.ts';

export interface PlantSpec {
  /** Which project plan (index) and VM options. */
  project: number;
  opts: VmOptions & {
    tags?: string[];
    software?: string[];
    agent?: AgentState | 'none';
    cloudIdentity?: boolean;
  };
  tweak?: (r: VmRecords, plan: ProjectPlan) => void;
}

const running: PlantSpec['opts'] = { status: 'RUNNING' };

export const PLANTS: readonly PlantSpec[] = [
  // Internet-facing jump host with SSH open, a critical CVE and no agent.
  {
    project: 0,
    opts: {
      ...running,
      role: 'jump',
      networkName: 'vpc-main',
      publicIp: true,
      tags: ['ssh-open'],
      software: ['Apache Log4j'],
      agent: 'none',
    },
  },
  // SSH open by tag but shadowed by a higher-priority deny: must NOT count as exposed on 22.
  {
    project: 0,
    opts: {
      ...running,
      role: 'jump',
      networkName: 'vpc-main',
      publicIp: true,
      tags: ['ssh-open', 'hardened'],
      agent: 'active',
    },
  },
  {
    project: 0,
    opts: {
      ...running,
      role: 'db',
      networkName: 'vpc-main',
      publicIp: true,
      tags: ['db', 'db-public'],
      software: ['Redis'],
      agent: 'stale',
    },
  },
  {
    project: 0,
    opts: {
      ...running,
      role: 'web',
      networkName: 'vpc-main',
      publicIp: true,
      tags: ['web', 'http-server', 'rdp-open'],
      agent: 'infected',
    },
  },
  {
    project: 0,
    opts: { ...running, role: 'api', networkName: 'vpc-main', publicIp: false, agent: 'decommissioned' },
  },
  {
    project: 0,
    opts: {
      ...running,
      role: 'batch',
      networkName: 'vpc-main',
      publicIp: false,
      agent: 'active',
      cloudIdentity: false,
      name: 'batch-noid-planted',
    },
  },
  {
    project: 0,
    opts: { ...running, role: 'etl', networkName: 'vpc-main', publicIp: false, agent: 'outdated' },
  },
  {
    project: 0,
    opts: { ...running, role: 'vpn', networkName: 'vpc-main', publicIp: true, agent: 'none' },
    tweak: (r, plan) => {
      r.instance.serviceAccounts = [{ email: defaultServiceAccount(plan.project), scopes: [FULL_SCOPE] }];
      r.instance.metadata = [
        { key: 'serial-port-enable', value: 'true' },
        { key: 'enable-oslogin', value: 'FALSE' },
      ];
      r.instance.canIpForward = true;
      r.instance.shielded = { secureBoot: false, vtpm: false, integrityMonitoring: false };
    },
  },
  // A VM on the auto-mode default network with a public IP: reachable through default-allow-ssh.
  {
    project: 0,
    opts: { ...running, role: 'worker', networkName: 'default', publicIp: true, agent: 'active' },
  },
  // Equal instance names (and hostnames) in two projects.
  { project: 0, opts: { ...running, role: 'jump', name: 'bastion', publicIp: false, agent: 'active' } },
  { project: 1, opts: { ...running, role: 'jump', name: 'bastion', publicIp: false, agent: 'active' } },
  // Equal private IPs: the first host of project 1's vpc-main and of project 2's vpc-data.
  {
    project: 1,
    opts: { ...running, role: 'api', networkName: 'vpc-main', firstSubnet: true, agent: 'active' },
  },
  {
    project: 2,
    opts: { ...running, role: 'api', networkName: 'vpc-data', firstSubnet: true, agent: 'active' },
  },
  // GKE nodes.
  { project: 1, opts: { ...running, gkeCluster: '' } },
  { project: 1, opts: { ...running, gkeCluster: '' } },
  { project: 1, opts: { ...running, gkeCluster: '', agent: 'active' } },
];

/** Applies a plant's options to freshly generated records. */
export function applyPlant(
  ctx: GenContext,
  plan: ProjectPlan,
  spec: PlantSpec,
  r: VmRecords,
  nowMs: number,
): void {
  const o = spec.opts;
  if (o.tags) r.instance.tags = [...o.tags];
  if (o.software) {
    r.machine.software = softwareFor(ctx, r.machine.os, o.role ?? 'worker', 0, o.software);
    r.machine.cves = cvesFor(r.machine.software);
  }
  if (o.agent === 'none') delete r.machine.agent;
  else if (o.agent)
    r.machine.agent = makeAgent(ctx, nowMs, r.machine.hostname, o.cloudIdentity ?? true, o.agent);
  spec.tweak?.(r, plan);
}

/** Makes `clone` look like a VM cloned from `source`'s image: same guest hostname and software. */
export function cloneMachine(source: VmRecords, clone: VmRecords): void {
  const host = source.instance.hostname ?? `${source.instance.name}.clone.acme.internal`;
  source.instance.hostname = host;
  clone.instance.hostname = host;
  const short = host.split('.')[0] ?? host;
  for (const m of [source.machine, clone.machine]) {
    m.hostname = short;
    if (m.agent) m.agent.computerName = short;
  }
  clone.machine.software = [...source.machine.software];
  clone.machine.cves = [...source.machine.cves];
}

export function plantedMachineIds(machines: readonly Machine[]): Set<string> {
  return new Set(machines.slice(0, PLANTS.length).map((m) => m.id));
}
