/**
 * The simulated organisation. One `World` holds every real machine once and the records each
 * provider keeps about it; provider route modules render these records into their API shapes.
 * GCP records are kept close to the Compute API so rendering is mechanical; the other views
 * (SentinelOne, VNG Cloud, FortiGate) hang off `Machine` so they can be added without changing
 * the generator's identity model.
 */

import type { VngWorld } from './gen-vng-types.ts';
import type { FortinetWorld } from './gen-fortinet-types.ts';

export type Scale = 'small' | 'medium' | 'large';

export type MachineKind = 'gcp-vm' | 'gke-node' | 'vng-server' | 'laptop' | 'desktop' | 'fw-device';

export type InstanceStatus = 'RUNNING' | 'TERMINATED' | 'STOPPING' | 'SUSPENDED' | 'STAGING' | 'PROVISIONING';

/** EDR agent state as the S1 API will expose it (flags derive from it). */
export type AgentState = 'active' | 'stale' | 'infected' | 'decommissioned' | 'outdated';

/** What an analyst means by "EDR coverage" for a machine (DESIGN §6/issue 6 `edr`). */
export type EdrCoverage = 'none' | 'active' | 'stale' | 'infected';

export interface OsInfo {
  family: 'linux' | 'windows' | 'macos' | 'other';
  name: string;
  version: string;
  /** Compute image family/licence for VMs; absent for endpoints. */
  image?: string;
  license?: string;
}

/** One network interface as the machine itself reports it (agents, firewalls). */
export interface MachineNic {
  name: string;
  mac: string;
  ip?: string;
  /** docker0, VPN adapters, loopback: must not be used as identity evidence. */
  virtual: boolean;
}

export interface InstalledSoftware {
  name: string;
  vendor: string;
  version: string;
}

export interface Cve {
  id: string;
  cvss: number;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  application: string;
  applicationVersion: string;
  vendor: string;
}

export interface Agent {
  /** S1 agent id (numeric string, 18-19 digits). */
  id: string;
  uuid: string;
  state: AgentState;
  version: string;
  isUpToDate: boolean;
  /** ISO time; old for stale agents. */
  lastActiveDate: string;
  registeredAt: string;
  /** False: the agent reports `cloudProviders: {}` although it runs on a cloud VM. */
  cloudIdentity: boolean;
  /** Hostname the agent reports (computerName); may differ from the cloud name. */
  computerName: string;
  activeThreats: number;
}

export interface VngServer {
  /** Server uuid in vServer. */
  id: string;
  projectId: string;
  region: 'hcm-3' | 'han-1';
  name: string;
  status: 'ACTIVE' | 'STOPPED';
  flavor: string;
  networkId: string;
  subnetId: string;
  floatingIp?: string;
}

export interface FortigateSighting {
  /** Which FortiGate (serial) and interface saw the device. */
  fortigate: string;
  interface: string;
  lastSeen: string;
  isOnline: boolean;
}

/** A real machine: the unit entity resolution must reconstruct. */
export interface Machine {
  id: string;
  kind: MachineKind;
  hostname: string;
  serialNumber: string;
  machineUuid: string;
  os: OsInfo;
  nics: MachineNic[];
  software: InstalledSoftware[];
  cves: Cve[];
  agent?: Agent;
  /** GCP instance id when the machine is a GCP VM or GKE node. */
  gcpInstanceId?: string;
  vng?: VngServer;
  fortigate?: FortigateSighting;
}

export interface MetadataItem {
  key: string;
  value: string;
}

export interface GcpProject {
  projectId: string;
  projectNumber: string;
  name: string;
  parentFolderId: string;
  createTime: string;
  labels: Record<string, string>;
  commonMetadata: MetadataItem[];
}

export interface GcpPeering {
  name: string;
  network: string;
  state: 'ACTIVE' | 'INACTIVE';
  autoCreateRoutes: boolean;
  exportCustomRoutes: boolean;
  importCustomRoutes: boolean;
}

export interface GcpNetwork {
  id: string;
  project: string;
  name: string;
  autoCreateSubnetworks: boolean;
  routingMode: 'REGIONAL' | 'GLOBAL';
  mtu: number;
  creationTimestamp: string;
  peerings: GcpPeering[];
}

export interface GcpSubnetwork {
  id: string;
  project: string;
  name: string;
  network: string;
  region: string;
  ipCidrRange: string;
  gatewayAddress: string;
  secondaryIpRanges: { rangeName: string; ipCidrRange: string }[];
  privateIpGoogleAccess: boolean;
  flowLogs: boolean;
  purpose: 'PRIVATE';
  creationTimestamp: string;
}

export interface GcpFirewallRule {
  IPProtocol: string;
  ports?: string[];
}

export interface GcpFirewall {
  id: string;
  project: string;
  name: string;
  network: string;
  direction: 'INGRESS' | 'EGRESS';
  priority: number;
  sourceRanges?: string[];
  destinationRanges?: string[];
  sourceTags?: string[];
  targetTags?: string[];
  targetServiceAccounts?: string[];
  allowed?: GcpFirewallRule[];
  denied?: GcpFirewallRule[];
  disabled: boolean;
  logConfig: boolean;
  description: string;
  creationTimestamp: string;
}

export interface GcpAddress {
  id: string;
  project: string;
  name: string;
  /** Undefined for global addresses. */
  region?: string;
  address: string;
  addressType: 'EXTERNAL' | 'INTERNAL';
  status: 'RESERVED' | 'IN_USE';
  networkTier: 'PREMIUM' | 'STANDARD';
  /** Instance selfLink-ish reference "zone/name" when in use. */
  user?: string;
  subnetwork?: string;
  purpose?: string;
  creationTimestamp: string;
}

export interface GcpDisk {
  id: string;
  project: string;
  zone: string;
  name: string;
  sizeGb: number;
  type: 'pd-standard' | 'pd-balanced' | 'pd-ssd';
  sourceImage?: string;
  licenses: string[];
  labels: Record<string, string>;
  /** Instance names in the same zone that attach it. */
  users: string[];
  status: 'READY';
  creationTimestamp: string;
}

export interface GcpAccessConfig {
  name: string;
  natIP?: string;
  networkTier: 'PREMIUM' | 'STANDARD';
}

export interface GcpNic {
  name: string;
  network: string;
  subnetwork: string;
  /** Region of the subnetwork (for URLs). */
  region: string;
  networkIP: string;
  accessConfigs: GcpAccessConfig[];
  aliasIpRanges: { ipCidrRange: string; subnetworkRangeName?: string }[];
}

export interface GcpAttachedDisk {
  deviceName: string;
  /** Name of a GcpDisk in the same project and zone. */
  disk: string;
  boot: boolean;
  autoDelete: boolean;
  mode: 'READ_WRITE' | 'READ_ONLY';
  sizeGb: number;
  licenses: string[];
}

export interface GcpInstance {
  id: string;
  project: string;
  zone: string;
  name: string;
  machineId: string;
  machineType: string;
  status: InstanceStatus;
  /** Custom hostname field; absent when the VM uses the default internal DNS name. */
  hostname?: string;
  cpuPlatform: string;
  creationTimestamp: string;
  lastStartTimestamp: string;
  canIpForward: boolean;
  deletionProtection: boolean;
  labels: Record<string, string>;
  tags: string[];
  metadata: MetadataItem[];
  /** Changes whenever metadata changes, like the real fingerprint. */
  metadataFingerprint: string;
  nics: GcpNic[];
  disks: GcpAttachedDisk[];
  serviceAccounts: { email: string; scopes: string[] }[];
  shielded: { secureBoot: boolean; vtpm: boolean; integrityMonitoring: boolean };
  preemptible: boolean;
}

export interface GcpWorld {
  projects: GcpProject[];
  networks: GcpNetwork[];
  subnetworks: GcpSubnetwork[];
  firewalls: GcpFirewall[];
  addresses: GcpAddress[];
  disks: GcpDisk[];
  instances: GcpInstance[];
}

/** A change `mutate` made, phrased as the bronze history should record it. */
export interface ExpectedChange {
  kind:
    | 'created'
    | 'deleted'
    | 'labels'
    | 'nic'
    | 'access_config'
    | 'status'
    | 'agent'
    | 'secgroup_rule'
    | 'policy'
    | 'detected_device';
  resourceType:
    | 'gcp_instance'
    | 's1_agent'
    | 'vng_server'
    | 'vng_secgroup'
    | 'fortinet_policy'
    | 'fortinet_detected_device';
  resourceId: string;
  /** Real machine behind the resource; '' for resources without one (a VNG security group). */
  machineId: string;
  /** Bronze table whose rows change (child table for child-level changes). */
  table: string;
  /** Natural key of the changed child row, e.g. "nic0" or "nic0/External NAT" or a label key. */
  childKey?: string;
  before?: string;
  after?: string;
}

export interface MutationSummary {
  generation: number;
  created: number;
  deleted: number;
  changed: number;
  changes: ExpectedChange[];
}

export interface World {
  seed: number;
  scale: Scale;
  /** 0 for the first collection, +1 per mutate. */
  generation: number;
  /** Simulated wall clock of this collection. */
  now: string;
  org: { id: string; name: string; domain: string };
  gcp: GcpWorld;
  machines: Machine[];
  /** Counter for ids created by mutate, so later generations never reuse an id. */
  nextSerial: number;
  lastMutation?: MutationSummary;
  /** VNG Cloud projects, VPCs, security groups, volumes and public IPs (servers are on machines). */
  vng?: VngWorld;
  /** FortiGate appliances, VDOMs and firewall objects (detected devices come from machines). */
  fortinet?: FortinetWorld;
}
