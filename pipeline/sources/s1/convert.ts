// SentinelOne API objects → bronze records. Fields map straight through; the history engine
// checks types and rejects a record (or one child row) with a reason. Normalised here only:
// ids to text, booleans the older API sends as "True"/"False", scores sent as numeric text,
// MACs to lower case, cloudProviders flattened, registration tokens reduced to fingerprints.
import { createHash } from 'node:crypto';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import { S1_AGENT_NICS } from '../../../db/catalog/tables/s1.ts';

type Item = Readonly<Record<string, unknown>>;

/** Ids are decimal strings; a number is accepted only when it is exact. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

function bool(value: unknown): unknown {
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
}

function num(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}

function fingerprint(value: unknown): string | null {
  return typeof value === 'string' && value !== ''
    ? `sha256:${createHash('sha256').update(value).digest('hex')}`
    : null;
}

const v = (item: Item, key: string): unknown => item[key] ?? null;

export function convertAccount(a: Item): SnapshotRecord {
  return {
    row: {
      resource_id: idText(a.id),
      name: v(a, 'name'),
      account_type: v(a, 'accountType'),
      state: v(a, 'state'),
      billing_mode: v(a, 'billingMode'),
      active_agents: v(a, 'activeAgents'),
      number_of_sites: v(a, 'numberOfSites'),
      total_licenses: v(a, 'totalLicenses'),
      unlimited_licenses: bool(v(a, 'unlimitedLicenses')),
      expiration: v(a, 'expiration'),
      unlimited_expiration: bool(v(a, 'unlimitedExpiration')),
      external_id: v(a, 'externalId'),
      created_at: v(a, 'createdAt'),
      updated_at: v(a, 'updatedAt'),
      skus_json: v(a, 'skus'),
    },
  };
}

export function convertSite(s: Item): SnapshotRecord {
  return {
    row: {
      resource_id: idText(s.id),
      name: v(s, 'name'),
      account_id: idText(s.accountId) ?? null,
      account_name: v(s, 'accountName'),
      site_type: v(s, 'siteType'),
      state: v(s, 'state'),
      sku: v(s, 'sku'),
      suite: v(s, 'suite'),
      is_default: bool(v(s, 'isDefault')),
      health_status: bool(v(s, 'healthStatus')),
      active_licenses: v(s, 'activeLicenses'),
      total_licenses: v(s, 'totalLicenses'),
      unlimited_licenses: bool(v(s, 'unlimitedLicenses')),
      expiration: v(s, 'expiration'),
      description: v(s, 'description'),
      external_id: v(s, 'externalId'),
      creator: v(s, 'creator'),
      registration_token_sha256: fingerprint(s.registrationToken),
      created_at: v(s, 'createdAt'),
      updated_at: v(s, 'updatedAt'),
      licenses_json: v(s, 'licenses'),
    },
  };
}

export function convertGroup(g: Item): SnapshotRecord {
  return {
    row: {
      resource_id: idText(g.id),
      name: v(g, 'name'),
      site_id: idText(g.siteId) ?? null,
      type: v(g, 'type'),
      is_default: bool(v(g, 'isDefault')),
      inherits: bool(v(g, 'inherits')),
      rank: v(g, 'rank'),
      total_agents: v(g, 'totalAgents'),
      filter_name: v(g, 'filterName'),
      description: v(g, 'description'),
      creator: v(g, 'creator'),
      registration_token_sha256: fingerprint(g.registrationToken),
      created_at: v(g, 'createdAt'),
      updated_at: v(g, 'updatedAt'),
    },
  };
}

/** The reported cloud identity: the first provider entry that names an instance, else the first. */
function cloudIdentity(raw: unknown): { provider: string; fields: Item } | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const entries = Object.entries(raw as Item).filter(
    (e): e is [string, Item] => e[1] !== null && typeof e[1] === 'object' && !Array.isArray(e[1]),
  );
  const best = entries.find(([, f]) => f.cloudInstanceId) ?? entries[0];
  return best ? { provider: best[0], fields: best[1] } : undefined;
}

function nicRows(agent: Item): Record<string, unknown>[] {
  const nics = agent.networkInterfaces;
  if (!Array.isArray(nics)) return [];
  return nics.map((x: unknown) => {
    const n = (x !== null && typeof x === 'object' ? x : {}) as Item;
    return {
      name: v(n, 'name'),
      nic_id: idText(n.id) ?? null,
      physical: typeof n.physical === 'string' ? n.physical.toLowerCase() : v(n, 'physical'),
      inet_json: v(n, 'inet'),
      inet6_json: v(n, 'inet6'),
      gateway_ip: v(n, 'gatewayIp'),
      gateway_mac_address: typeof n.gatewayMacAddress === 'string' ? n.gatewayMacAddress.toLowerCase() : null,
    };
  });
}

export function convertAgent(a: Item): SnapshotRecord {
  const cloud = cloudIdentity(a.cloudProviders);
  const c = (key: string): unknown => (cloud ? (cloud.fields[key] ?? null) : null);
  return {
    row: {
      resource_id: idText(a.id),
      uuid: v(a, 'uuid'),
      computer_name: v(a, 'computerName'),
      domain: v(a, 'domain'),
      serial_number: v(a, 'serialNumber'),
      machine_type: v(a, 'machineType'),
      model_name: v(a, 'modelName'),
      os_name: v(a, 'osName'),
      os_revision: v(a, 'osRevision'),
      os_type: v(a, 'osType'),
      os_arch: v(a, 'osArch'),
      agent_version: v(a, 'agentVersion'),
      is_active: bool(v(a, 'isActive')),
      is_up_to_date: bool(v(a, 'isUpToDate')),
      infected: bool(v(a, 'infected')),
      active_threats: v(a, 'activeThreats'),
      is_decommissioned: bool(v(a, 'isDecommissioned')),
      is_uninstalled: bool(v(a, 'isUninstalled')),
      is_pending_uninstall: bool(v(a, 'isPendingUninstall')),
      network_status: v(a, 'networkStatus'),
      apps_vulnerability_status: v(a, 'appsVulnerabilityStatus'),
      mitigation_mode: v(a, 'mitigationMode'),
      last_active_date: v(a, 'lastActiveDate'),
      registered_at: v(a, 'registeredAt'),
      created_at: v(a, 'createdAt'),
      updated_at: v(a, 'updatedAt'),
      external_ip: v(a, 'externalIp'),
      last_ip_to_mgmt: v(a, 'lastIpToMgmt'),
      account_id: idText(a.accountId) ?? null,
      account_name: v(a, 'accountName'),
      site_id: idText(a.siteId) ?? null,
      site_name: v(a, 'siteName'),
      group_id: idText(a.groupId) ?? null,
      group_name: v(a, 'groupName'),
      cloud_provider: cloud?.provider ?? null,
      cloud_instance_id: idText(c('cloudInstanceId')) ?? c('cloudInstanceId'),
      cloud_account: c('cloudAccount'),
      cloud_location: c('cloudLocation'),
      cloud_network: c('cloudNetwork'),
      cloud_instance_size: c('cloudInstanceSize'),
      cloud_image: c('cloudImage'),
      cloud_providers_json: v(a, 'cloudProviders'),
    },
    children: { [S1_AGENT_NICS.name]: nicRows(a) },
  };
}

/** resource_id of an installed application: agent, name and version (see the table description). */
export function applicationId(agentId: string, app: Item): string | undefined {
  if (typeof app.name !== 'string' || app.name === '') return undefined;
  return `${agentId}/${app.name}/${typeof app.version === 'string' ? app.version : ''}`;
}

export function convertApplication(agentId: string, app: Item): SnapshotRecord {
  return {
    row: {
      resource_id: applicationId(agentId, app),
      agent_id: agentId,
      name: v(app, 'name'),
      publisher: v(app, 'publisher'),
      version: v(app, 'version'),
      size: v(app, 'size'),
      installed_date: v(app, 'installedDate'),
    },
  };
}

export function convertRisk(r: Item): SnapshotRecord {
  return {
    row: {
      resource_id: idText(r.id),
      cve_id: v(r, 'cveId'),
      base_score: num(v(r, 'baseScore')),
      cvss_version: typeof r.cvssVersion === 'number' ? String(r.cvssVersion) : v(r, 'cvssVersion'),
      severity: v(r, 'severity'),
      risk_score: num(v(r, 'riskScore')),
      status: v(r, 'status'),
      mitigation_status: v(r, 'mitigationStatus'),
      application_name: v(r, 'applicationName'),
      application_vendor: v(r, 'applicationVendor'),
      application_version: v(r, 'applicationVersion'),
      endpoint_id: idText(r.endpointId) ?? null,
      endpoint_name: v(r, 'endpointName'),
      endpoint_type: v(r, 'endpointType'),
      os_type: v(r, 'osType'),
      detection_date: v(r, 'detectionDate'),
      published_date: v(r, 'publishedDate'),
      days_detected: v(r, 'daysDetected'),
      last_scan_date: v(r, 'lastScanDate'),
    },
  };
}
