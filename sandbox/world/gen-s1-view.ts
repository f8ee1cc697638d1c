/**
 * What SentinelOne knows about the world, shaped like its API objects: agents (with NICs and
 * cloudProviders), installed applications and application risks, indexed per site. Built once
 * per world object. An agent's NICs are its machine's NICs, virtual ones included, so docker0,
 * VPN adapters and shared docks reach bronze exactly as the entity-resolution traps expect.
 */
import { hash32 } from './prng.ts';
import { DAY_MS, gceMac, isoAt } from './ids.ts';
import { s1StableId, s1Tenant, type S1Placement, type S1Tenant } from './gen-s1.ts';
import type { Agent, GcpInstance, Machine, World } from './types.ts';

export interface S1AgentEntry {
  machine: Machine;
  agent: Agent;
  placement: S1Placement;
}

export interface S1View {
  world: World;
  tenant: S1Tenant;
  /** Site id → its agents sorted by agent id (the listing order). */
  agentsBySite: Map<string, S1AgentEntry[]>;
  agentById: Map<string, S1AgentEntry>;
  instanceById: Map<string, GcpInstance>;
  nowMs: number;
}

const views = new WeakMap<World, S1View>();

export function s1View(world: World): S1View {
  const cached = views.get(world);
  if (cached) return cached;
  const tenant = s1Tenant(world);
  const instanceById = new Map(world.gcp.instances.map((i) => [i.id, i]));
  const agentsBySite = new Map<string, S1AgentEntry[]>(tenant.sites.map((s) => [s.id, []]));
  const agentById = new Map<string, S1AgentEntry>();
  for (const machine of world.machines) {
    const agent = machine.agent;
    if (!agent) continue;
    const env = machine.gcpInstanceId ? instanceById.get(machine.gcpInstanceId)?.labels.env : undefined;
    const entry = { machine, agent, placement: tenant.place(machine, env) };
    agentsBySite.get(entry.placement.site.id)?.push(entry);
    agentById.set(agent.id, entry);
  }
  for (const list of agentsBySite.values()) list.sort((a, b) => cmp(a.agent.id, b.agent.id));
  const view = { world, tenant, agentsBySite, agentById, instanceById, nowMs: Date.parse(world.now) };
  views.set(world, view);
  return view;
}

function cmp(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const LIVE = new Set(['active', 'infected', 'outdated']);

export function isLive(agent: Agent): boolean {
  return LIVE.has(agent.state);
}

/** Live agents report every few minutes, so their lastActiveDate follows the collection clock. */
export function lastActiveDate(view: S1View, agent: Agent): string {
  if (!isLive(agent)) return agent.lastActiveDate;
  return isoAt(view.nowMs - ((hash32(agent.id) % 240) + 1) * 60_000);
}

function machineType(m: Machine): string {
  return m.kind === 'laptop' ? 'laptop' : m.kind === 'desktop' ? 'desktop' : 'server';
}

function modelName(m: Machine): string {
  if (m.kind === 'gcp-vm' || m.kind === 'gke-node') return 'Google Compute Engine';
  if (m.kind === 'vng-server') return 'OpenStack Nova';
  if (m.os.family === 'macos') return m.kind === 'laptop' ? 'MacBookPro18,3' : 'Macmini9,1';
  const models =
    m.kind === 'laptop'
      ? ['Latitude 7440', 'ThinkPad T14 Gen 3', 'EliteBook 840 G9']
      : ['OptiPlex 7010', 'ThinkCentre M70q'];
  return models[hash32(m.id) % models.length] as string;
}

/** EUI-64 link-local address of a MAC, as the OS derives it. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const words = [
    ((b[0] ?? 0) ^ 2) * 256 + (b[1] ?? 0),
    (b[2] ?? 0) * 256 + 0xff,
    0xfe00 + (b[3] ?? 0),
    (b[4] ?? 0) * 256 + (b[5] ?? 0),
  ];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}`;
}

function gatewayOf(ip: string): string {
  return ip.replace(/\.\d+$/, '.1');
}

export function renderNics(e: S1AgentEntry): Record<string, unknown>[] {
  const gce = e.machine.kind === 'gcp-vm' || e.machine.kind === 'gke-node';
  return e.machine.nics.map((n) => ({
    id: s1StableId(0, `nic/${e.agent.id}/${n.name}`),
    name: n.name,
    inet: n.ip ? [n.ip] : [],
    inet6: n.virtual ? [] : [linkLocal(n.mac)],
    physical: n.mac,
    gatewayIp: !n.virtual && n.ip ? gatewayOf(n.ip) : null,
    gatewayMacAddress: gce && !n.virtual && n.ip ? gceMac(gatewayOf(n.ip)) : null,
  }));
}

function cloudProviders(view: S1View, e: S1AgentEntry): Record<string, unknown> {
  const id = e.machine.gcpInstanceId;
  const i = id && e.agent.cloudIdentity ? view.instanceById.get(id) : undefined;
  if (!i) return {};
  return {
    GCP: {
      cloudAccount: i.project,
      cloudImage: e.machine.os.image?.split('/').pop() ?? '',
      cloudInstanceId: i.id,
      cloudInstanceSize: i.machineType,
      cloudLocation: i.zone,
      cloudNetwork: i.nics[0]?.network ?? '',
      cloudTags: [...i.tags],
      gcpServiceAccount: i.serviceAccounts[0]?.email ?? '',
    },
  };
}

function externalIp(view: S1View, e: S1AgentEntry): string {
  const i = e.machine.gcpInstanceId ? view.instanceById.get(e.machine.gcpInstanceId) : undefined;
  const nat = i?.nics.flatMap((n) => n.accessConfigs).find((a) => a.natIP)?.natIP;
  if (nat) return nat;
  if (e.machine.vng?.floatingIp) return e.machine.vng.floatingIp;
  // Behind Cloud NAT or the office uplink: one egress address per site.
  const h = hash32(e.placement.site.id);
  return `203.0.113.${(h % 200) + 10}`;
}

export function renderAgent(view: S1View, e: S1AgentEntry): Record<string, unknown> {
  const { machine: m, agent: a, placement: p } = e;
  const live = isLive(a);
  const last = lastActiveDate(view, a);
  const primary = m.nics.find((n) => !n.virtual && n.ip)?.ip ?? null;
  const os = m.os;
  return {
    id: a.id,
    uuid: a.uuid,
    computerName: a.computerName,
    domain: os.family === 'windows' ? 'ACME' : 'unknown',
    serialNumber: m.serialNumber,
    machineType: machineType(m),
    modelName: modelName(m),
    osName: os.family === 'windows' ? os.name : `${os.name} ${os.version}`,
    osRevision: os.version,
    osType: os.family === 'other' ? 'linux' : os.family,
    osArch: '64 bit',
    agentVersion: a.version,
    isActive: live,
    isUpToDate: a.isUpToDate,
    infected: a.activeThreats > 0,
    activeThreats: a.activeThreats,
    isDecommissioned: a.state === 'decommissioned',
    isUninstalled: false,
    isPendingUninstall: false,
    networkStatus: live ? 'connected' : 'disconnected',
    appsVulnerabilityStatus: m.cves.length > 0 ? 'patch_required' : 'up_to_date',
    mitigationMode: 'protect',
    lastActiveDate: last,
    registeredAt: a.registeredAt,
    createdAt: a.registeredAt,
    updatedAt: last > a.registeredAt ? last : a.registeredAt,
    externalIp: externalIp(view, e),
    lastIpToMgmt: primary,
    accountId: p.account.id,
    accountName: p.account.name,
    siteId: p.site.id,
    siteName: p.site.name,
    groupId: p.group.id,
    groupName: p.group.name,
    cloudProviders: cloudProviders(view, e),
    networkInterfaces: renderNics(e),
    coreCount: 2 + (hash32(a.uuid) % 4) * 2,
    totalMemory: 4096 * (1 + (hash32(a.uuid) % 8)),
    scanStatus: 'finished',
    userActionsNeeded: [],
  };
}

export function renderApplications(e: S1AgentEntry): Record<string, unknown>[] {
  const base = Date.parse(e.agent.registeredAt);
  return e.machine.software.map((s) => {
    const h = hash32(`${e.agent.id}|${s.name}|${s.version}`);
    return {
      name: s.name,
      publisher: s.vendor,
      version: s.version,
      size: 1_048_576 * (1 + (h % 900)),
      installedDate: isoAt(base + (h % 30) * DAY_MS),
    };
  });
}

export function renderRisks(view: S1View, e: S1AgentEntry): Record<string, unknown>[] {
  const detected = Date.parse(e.agent.registeredAt) + DAY_MS;
  return e.machine.cves.map((c) => {
    const year = Number(/^CVE-(\d{4})-/.exec(c.id)?.[1] ?? '2021');
    return {
      id: s1StableId(0, `risk/${e.agent.id}/${c.id}/${c.application}/${c.applicationVersion}`),
      cveId: c.id,
      baseScore: c.cvss,
      cvssVersion: '3.1',
      severity: c.severity.charAt(0) + c.severity.slice(1).toLowerCase(),
      riskScore: Math.round(c.cvss * 10) / 10,
      status: 'active',
      mitigationStatus: 'not_mitigated',
      applicationName: c.application,
      applicationVendor: c.vendor,
      applicationVersion: c.applicationVersion,
      endpointId: e.agent.id,
      endpointName: e.agent.computerName,
      endpointType: machineType(e.machine),
      osType: e.machine.os.family === 'other' ? 'linux' : e.machine.os.family,
      detectionDate: isoAt(detected),
      publishedDate: `${year}-06-01T00:00:00Z`,
      daysDetected: Math.max(0, Math.floor((view.nowMs - detected) / DAY_MS)),
      lastScanDate: isoAt(view.nowMs - (hash32(e.agent.uuid) % 720) * 60_000),
      lastScanResult: 'vulnerable',
    };
  });
}
