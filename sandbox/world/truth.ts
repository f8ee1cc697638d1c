/** Ground truth of a world: counts per provider table, machine → records, findings, traps. */
import { s1Counts } from './gen-s1-changes.ts';
import { vngCounts } from './gen-vng-truth.ts';
import { fortinetCounts } from './gen-fortinet-view.ts';
import { computeFindings, edrCoverage, type ExposureTruth, type FindingRef } from './findings.ts';
import type { PlantedRuleId, TrapId } from './rules.ts';
import { computeTraps, type TrapGroup } from './traps.ts';
import type { EdrCoverage, MachineKind, MutationSummary, Scale, World } from './types.ts';

export type TableCounts = Record<string, number>;

export interface MachineTruth {
  kind: MachineKind;
  hostname: string;
  edr: EdrCoverage;
  gcpInstanceIds: string[];
  s1AgentIds: string[];
  vngServerIds: string[];
  /** MAC under which a FortiGate lists the machine as a detected device. */
  fortigateMacs: string[];
}

export interface Truth {
  seed: number;
  scale: Scale;
  generation: number;
  now: string;
  /** provider → bronze table → rows a complete collection must produce. */
  counts: Record<string, TableCounts>;
  /** GCP project id → table → rows (to reason about one failing project). */
  countsByProject: Record<string, TableCounts>;
  machines: Record<string, MachineTruth>;
  findings: Record<PlantedRuleId, FindingRef[]>;
  traps: Record<TrapId, TrapGroup[]>;
  exposures: ExposureTruth[];
  lastMutation: MutationSummary | null;
}

const GCP_TABLES = [
  'gcp_projects',
  'gcp_project_metadata',
  'gcp_compute_instances',
  'gcp_compute_instance_nics',
  'gcp_compute_instance_nic_access_configs',
  'gcp_compute_instance_nic_alias_ranges',
  'gcp_compute_instance_disks',
  'gcp_compute_instance_labels',
  'gcp_compute_instance_metadata',
  'gcp_compute_instance_tags',
  'gcp_compute_instance_service_accounts',
  'gcp_compute_disks',
  'gcp_compute_disk_labels',
  'gcp_compute_networks',
  'gcp_compute_network_peerings',
  'gcp_compute_subnetworks',
  'gcp_compute_subnetwork_secondary_ranges',
  'gcp_compute_firewalls',
  'gcp_compute_firewall_allowed',
  'gcp_compute_firewall_denied',
  'gcp_compute_addresses',
] as const;

export function gcpCountsByProject(world: World): Record<string, TableCounts> {
  const out: Record<string, TableCounts> = {};
  for (const p of world.gcp.projects) {
    out[p.projectId] = Object.fromEntries(GCP_TABLES.map((t) => [t, 0]));
  }
  const bump = (project: string, table: string, n = 1): void => {
    const c = out[project];
    if (c) c[table] = (c[table] ?? 0) + n;
  };
  for (const p of world.gcp.projects) {
    bump(p.projectId, 'gcp_projects');
    bump(p.projectId, 'gcp_project_metadata', p.commonMetadata.length);
  }
  for (const i of world.gcp.instances) {
    bump(i.project, 'gcp_compute_instances');
    bump(i.project, 'gcp_compute_instance_nics', i.nics.length);
    for (const n of i.nics) {
      bump(i.project, 'gcp_compute_instance_nic_access_configs', n.accessConfigs.length);
      bump(i.project, 'gcp_compute_instance_nic_alias_ranges', n.aliasIpRanges.length);
    }
    bump(i.project, 'gcp_compute_instance_disks', i.disks.length);
    bump(i.project, 'gcp_compute_instance_labels', Object.keys(i.labels).length);
    bump(i.project, 'gcp_compute_instance_metadata', i.metadata.length);
    bump(i.project, 'gcp_compute_instance_tags', i.tags.length);
    bump(i.project, 'gcp_compute_instance_service_accounts', i.serviceAccounts.length);
  }
  for (const d of world.gcp.disks) {
    bump(d.project, 'gcp_compute_disks');
    bump(d.project, 'gcp_compute_disk_labels', Object.keys(d.labels).length);
  }
  for (const n of world.gcp.networks) {
    bump(n.project, 'gcp_compute_networks');
    bump(n.project, 'gcp_compute_network_peerings', n.peerings.length);
  }
  for (const s of world.gcp.subnetworks) {
    bump(s.project, 'gcp_compute_subnetworks');
    bump(s.project, 'gcp_compute_subnetwork_secondary_ranges', s.secondaryIpRanges.length);
  }
  for (const f of world.gcp.firewalls) {
    bump(f.project, 'gcp_compute_firewalls');
    bump(f.project, 'gcp_compute_firewall_allowed', f.allowed?.length ?? 0);
    bump(f.project, 'gcp_compute_firewall_denied', f.denied?.length ?? 0);
  }
  for (const a of world.gcp.addresses) bump(a.project, 'gcp_compute_addresses');
  return out;
}

export function sumCounts(byScope: Record<string, TableCounts>): TableCounts {
  const total: TableCounts = {};
  for (const counts of Object.values(byScope))
    for (const [t, n] of Object.entries(counts)) total[t] = (total[t] ?? 0) + n;
  return total;
}

export function machineTruth(world: World): Record<string, MachineTruth> {
  const out: Record<string, MachineTruth> = {};
  for (const m of world.machines) {
    const fortiMac = m.nics.find((n) => !n.virtual)?.mac;
    out[m.id] = {
      kind: m.kind,
      hostname: m.hostname,
      edr: edrCoverage(m),
      gcpInstanceIds: m.gcpInstanceId ? [m.gcpInstanceId] : [],
      s1AgentIds: m.agent ? [m.agent.id] : [],
      vngServerIds: m.vng ? [m.vng.id] : [],
      fortigateMacs: m.fortigate && fortiMac ? [fortiMac] : [],
    };
  }
  return out;
}

export function computeTruth(world: World): Truth {
  const countsByProject = gcpCountsByProject(world);
  const { findings, exposures } = computeFindings(world);
  return {
    seed: world.seed,
    scale: world.scale,
    generation: world.generation,
    now: world.now,
    counts: {
      gcp: sumCounts(countsByProject),
      // Preliminary views; their provider modules will refine table names and child counts.
      s1: s1Counts(world),
      vng: vngCounts(world),
      fortinet: fortinetCounts(world),
    },
    countsByProject,
    machines: machineTruth(world),
    findings,
    exposures,
    traps: computeTraps(world),
    lastMutation: world.lastMutation ?? null,
  };
}
