/** Evaluates the planted rules over a world; the truth is computed, never hand-listed. */
import { PROBE_PORTS, SENSITIVE_PORTS } from './catalog.ts';
import { indexInternetIngress, internetReachable, portMatches } from './firewall-eval.ts';
import { FULL_SCOPE } from './gen-gcp.ts';
import { vngSecgroupFindings } from './gen-vng-truth.ts';
import { fortinetFindings } from './gen-fortinet-view.ts';
import { PLANTED_RULE_IDS, type PlantedRuleId } from './rules.ts';
import type { EdrCoverage, GcpInstance, Machine, World } from './types.ts';

export type ResourceType =
  | 'gcp_project'
  | 'gcp_instance'
  | 'gcp_firewall'
  | 'gcp_subnetwork'
  | 'gcp_network'
  | 's1_agent'
  | 'vng_server'
  | 'vng_secgroup'
  | 'fortinet_device'
  | 'fortinet_interface'
  | 'fortinet_policy'
  | 'machine';

export interface FindingRef {
  type: ResourceType;
  id: string;
  /** Real machine behind the resource, when there is one. */
  machine?: string;
  detail?: string;
}

export interface ExposureTruth {
  instanceId: string;
  machine: string;
  natIP: string;
  protocol: 'tcp';
  port: number;
  firewall: string;
}

export function edrCoverage(m: Machine): EdrCoverage {
  const a = m.agent;
  if (!a || a.state === 'decommissioned') return 'none';
  if (a.state === 'infected') return 'infected';
  if (a.state === 'stale') return 'stale';
  return 'active';
}

export function isTrueFlag(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes', 'y', 'on'].includes(value.toLowerCase());
}

function meta(i: GcpInstance, key: string): string | undefined {
  return i.metadata.find((m) => m.key === key)?.value;
}

export function isGke(i: GcpInstance): boolean {
  return 'goog-gke-node' in i.labels;
}

export function computeFindings(world: World): {
  findings: Record<PlantedRuleId, FindingRef[]>;
  exposures: ExposureTruth[];
} {
  const findings = Object.fromEntries(PLANTED_RULE_IDS.map((id) => [id, [] as FindingRef[]])) as Record<
    PlantedRuleId,
    FindingRef[]
  >;
  const add = (rule: PlantedRuleId, ref: FindingRef): void => void findings[rule].push(ref);
  const exposures: ExposureTruth[] = [];
  const machineById = new Map(world.machines.map((m) => [m.id, m]));
  const projects = new Map(world.gcp.projects.map((p) => [p.projectId, p]));
  const ingress = indexInternetIngress(world.gcp.firewalls);

  for (const p of world.gcp.projects) {
    if (!isTrueFlag(p.commonMetadata.find((m) => m.key === 'enable-oslogin')?.value))
      add('cis_gcp.4.4', { type: 'gcp_project', id: p.projectId });
  }
  for (const n of world.gcp.networks)
    if (n.name === 'default')
      add('cis_gcp.3.1', { type: 'gcp_network', id: n.id, detail: `${n.project}/default` });
  for (const s of world.gcp.subnetworks)
    if (!s.flowLogs) add('cis_gcp.3.8', { type: 'gcp_subnetwork', id: s.id });
  for (const f of world.gcp.firewalls) {
    if (
      f.disabled ||
      f.direction !== 'INGRESS' ||
      !(f.sourceRanges ?? []).includes('0.0.0.0/0') ||
      !f.allowed
    )
      continue;
    if (portMatches(f.allowed, 22)) add('cis_gcp.3.6', { type: 'gcp_firewall', id: f.id, detail: f.name });
    if (portMatches(f.allowed, 3389)) add('cis_gcp.3.7', { type: 'gcp_firewall', id: f.id, detail: f.name });
  }

  for (const i of world.gcp.instances) {
    const machine = machineById.get(i.machineId);
    const ref = { type: 'gcp_instance' as const, id: i.id, machine: i.machineId };
    const gke = isGke(i);
    if (machine && edrCoverage(machine) === 'none') add('edr.cloud_vm_without_agent', ref);
    const reach = internetReachable(i, ingress, PROBE_PORTS);
    for (const r of reach)
      exposures.push({
        instanceId: i.id,
        machine: i.machineId,
        natIP: r.natIP,
        protocol: 'tcp',
        port: r.port,
        firewall: r.firewall,
      });
    const sensitive = [
      ...new Set(reach.filter((r) => SENSITIVE_PORTS.includes(r.port)).map((r) => r.port)),
    ].sort((a, b) => a - b);
    if (sensitive.length > 0)
      add('exposure.ssh_rdp_db_open_to_internet', {
        ...ref,
        detail: sensitive.map((p) => `tcp:${p}`).join(','),
      });
    const critical = (machine?.cves ?? []).filter((c) => c.cvss >= 9).map((c) => c.id);
    if (reach.length > 0 && critical.length > 0)
      add('vuln.critical_cve_internet_exposed', { ...ref, detail: [...new Set(critical)].sort().join(',') });

    if (isTrueFlag(meta(i, 'serial-port-enable'))) add('cis_gcp.4.5', ref);
    if (!i.shielded.vtpm || !i.shielded.integrityMonitoring) add('cis_gcp.4.8', ref);
    if (gke) continue;
    const project = projects.get(i.project);
    const dsa = project ? `${project.projectNumber}-compute@developer.gserviceaccount.com` : '';
    const defaultSa = i.serviceAccounts.find((s) => s.email === dsa);
    if (defaultSa) add('cis_gcp.4.1', ref);
    if (defaultSa?.scopes.includes(FULL_SCOPE)) add('cis_gcp.4.2', ref);
    if (!isTrueFlag(meta(i, 'block-project-ssh-keys'))) add('cis_gcp.4.3', ref);
    if (i.canIpForward) add('cis_gcp.4.6', ref);
    if (i.nics.some((n) => n.accessConfigs.length > 0)) add('cis_gcp.4.9', ref);
    const oslogin =
      meta(i, 'enable-oslogin') ?? project?.commonMetadata.find((m) => m.key === 'enable-oslogin')?.value;
    if (!isTrueFlag(oslogin)) add('gcp.instance_oslogin_disabled', ref);
  }

  const instanceById = new Map(world.gcp.instances.map((i) => [i.id, i]));
  for (const m of world.machines) {
    if (m.kind === 'vng-server' && m.vng && edrCoverage(m) === 'none')
      add('edr.cloud_vm_without_agent', { type: 'vng_server', id: m.vng.id, machine: m.id });
    const a = m.agent;
    if (!a) continue;
    const ref = { type: 's1_agent' as const, id: a.id, machine: m.id };
    if (a.state === 'stale') add('edr.agent_stale', ref);
    if (a.state === 'infected') add('edr.agent_infected', ref);
    if (!a.isUpToDate) add('edr.agent_outdated', ref);
    if (a.state === 'decommissioned') {
      const inst = m.gcpInstanceId ? instanceById.get(m.gcpInstanceId) : undefined;
      if (inst?.status === 'RUNNING') add('edr.agent_decommissioned_vm_running', { ...ref, detail: inst.id });
      if (m.vng?.status === 'ACTIVE')
        add('edr.agent_decommissioned_vm_running', { ...ref, detail: m.vng.id });
    }
  }
  findings['exposure.vng_secgroup_open_admin_ports'].push(...vngSecgroupFindings(world));
  for (const f of fortinetFindings(world)) add(f.rule, { type: f.type, id: f.id, detail: f.detail });
  return { findings, exposures };
}
