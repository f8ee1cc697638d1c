/**
 * Rule ids of the planted findings the ground truth reports. Detection rule packs should use the
 * same ids so tests can compare alerts with the truth one to one. Each entry says which resource
 * type the finding names and what exactly counts.
 */
export const PLANTED_RULES = {
  'edr.cloud_vm_without_agent': {
    resource: 'gcp_instance | vng_server',
    doc: 'Cloud VM (any status, GKE nodes included) whose machine has no EDR agent, or only a decommissioned one.',
  },
  'edr.agent_stale': {
    resource: 's1_agent',
    doc: 'Agent not decommissioned whose lastActiveDate is older than STALE_AFTER_DAYS (7) days.',
  },
  'edr.agent_infected': { resource: 's1_agent', doc: 'Agent reporting infected=true / activeThreats > 0.' },
  'edr.agent_outdated': { resource: 's1_agent', doc: 'Agent with isUpToDate=false (old agent version).' },
  'edr.agent_decommissioned_vm_running': {
    resource: 's1_agent',
    doc: 'Decommissioned agent whose cloud VM is still RUNNING (GCP) or ACTIVE (VNG); detail = instance/server id.',
  },
  'exposure.ssh_rdp_db_open_to_internet': {
    resource: 'gcp_instance',
    doc: 'RUNNING instance with an external IP where an enabled ingress rule from 0.0.0.0/0 wins for one of TCP 22, 3389, 3306, 5432, 1433, 6379, 27017, 9200; detail = "tcp:22,tcp:3389".',
  },
  'exposure.vng_secgroup_open_admin_ports': {
    resource: 'vng_secgroup',
    doc: 'VNG security group with an ingress rule from 0.0.0.0/0 or ::/0, protocol tcp or any, whose port range covers TCP 22, 3389, 3306, 5432, 1433 or 27017 (0/0 or any protocol: every port); detail = "tcp:22,tcp:3389".',
  },
  'fortinet.admin_access_on_wan': {
    resource: 'fortinet_interface',
    doc: 'FortiGate interface with role wan whose allowaccess includes https, http, ssh or telnet (ping and fgfm alone do not count); id = <serial>/<interface>, detail = the admin protocols.',
  },
  'fortinet.policy_allow_all': {
    resource: 'fortinet_policy',
    doc: 'Enabled accept firewall policy whose srcaddr and dstaddr include "all" and whose service includes "ALL"; id = <serial>/<vdom>/<policyid>, detail = policy name.',
  },
  'fortinet.firmware_below_minimum': {
    resource: 'fortinet_device',
    doc: 'FortiGate whose FortiOS version is below v7.2.0 (FORTIOS_MINIMUM_VERSION in gen-fortinet.ts); id = serial, detail = version.',
  },
  'vuln.critical_cve_internet_exposed': {
    resource: 'gcp_instance',
    doc: 'Internet-reachable instance (any probe port) whose machine carries a CVE with CVSS >= 9; detail = CVE ids.',
  },
  'cis_gcp.3.1': { resource: 'gcp_network', doc: 'The auto-mode `default` network exists in a project.' },
  'cis_gcp.3.6': {
    resource: 'gcp_firewall',
    doc: 'Enabled ingress allow rule from 0.0.0.0/0 that allows TCP 22.',
  },
  'cis_gcp.3.7': {
    resource: 'gcp_firewall',
    doc: 'Enabled ingress allow rule from 0.0.0.0/0 that allows TCP 3389.',
  },
  'cis_gcp.3.8': { resource: 'gcp_subnetwork', doc: 'Subnetwork without VPC flow logs.' },
  'cis_gcp.4.1': {
    resource: 'gcp_instance',
    doc: 'Non-GKE instance running as the default compute service account.',
  },
  'cis_gcp.4.2': {
    resource: 'gcp_instance',
    doc: 'Non-GKE instance running as the default compute service account with the cloud-platform scope.',
  },
  'cis_gcp.4.3': {
    resource: 'gcp_instance',
    doc: 'Non-GKE instance without metadata block-project-ssh-keys=true.',
  },
  'cis_gcp.4.4': {
    resource: 'gcp_project',
    doc: 'Project whose commonInstanceMetadata lacks enable-oslogin=TRUE.',
  },
  'cis_gcp.4.5': { resource: 'gcp_instance', doc: 'Instance with metadata serial-port-enable=true (or 1).' },
  'cis_gcp.4.6': { resource: 'gcp_instance', doc: 'Non-GKE instance with canIpForward=true.' },
  'cis_gcp.4.8': {
    resource: 'gcp_instance',
    doc: 'Instance whose shielded VM config lacks vTPM or integrity monitoring.',
  },
  'cis_gcp.4.9': {
    resource: 'gcp_instance',
    doc: 'Non-GKE instance with an access config (external IP) on any NIC.',
  },
  'gcp.instance_oslogin_disabled': {
    resource: 'gcp_instance',
    doc: 'Non-GKE instance whose effective OS Login (instance metadata, else project metadata) is not true.',
  },
} as const;

export type PlantedRuleId = keyof typeof PLANTED_RULES;
export const PLANTED_RULE_IDS = Object.keys(PLANTED_RULES) as PlantedRuleId[];

/** Entity-resolution traps (not findings): groups the silver layer must handle correctly. */
export const TRAPS = {
  'trap.equal_private_ip_other_vpc': 'Same private IP on instances in different VPC networks.',
  'trap.equal_hostname_other_project': 'Same short hostname on machines in different GCP projects.',
  'trap.cloned_vm_same_hostname': 'Different VMs in one project reporting the same hostname (cloned image).',
  'trap.shared_mac':
    'A MAC reported by 2+ machines (docker0, VPN adapters, shared docks); never identity evidence.',
  'trap.agent_without_cloud_identity':
    'Agent on a GCP VM whose cloudProviders is empty; resolvable by unique hostname only.',
  'trap.decommissioned_agent_vm_running': 'Decommissioned agent whose VM still runs.',
  'trap.gke_node':
    'GKE node instances (labels goog-gke-node, goog-k8s-cluster-name, goog-k8s-node-pool-name).',
  'trap.endpoint_without_cloud': 'Laptops and desktops known only to EDR (and maybe the firewall).',
  'trap.firewall_only_device': 'Devices only a FortiGate sees.',
  'trap.ssh_denied_by_priority':
    'Public instances tagged ssh-open where a higher-priority deny blocks TCP 22.',
  'trap.disabled_allow_all_rule': 'Disabled firewall rules that would allow everything from 0.0.0.0/0.',
} as const;

export type TrapId = keyof typeof TRAPS;
