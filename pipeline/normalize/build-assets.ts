// Builds silver.assets snapshot records (with their asset_sources children) from resolved
// clusters and the records' descriptive columns.
import type { Row } from '../../db/store/types.ts';
import type { SnapshotRecord } from '../../db/history/index.ts';
import { edrCoverage } from './coverage.ts';
import { isIdentityMac, normalizeMac, shortHostname } from './identity.ts';
import type { Details } from './load-details.ts';
import { recordKey, type IdentityRecord } from './records.ts';
import { RULE_CONFIDENCE, type Evidence } from './resolve.ts';

export interface AssetInput {
  id: string;
  records: readonly IdentityRecord[];
}

export interface AssetOptions {
  referenceMs: number;
  staleAfterDays: number;
  /** Asset ids with at least one internet-reachable exposure. */
  exposed: ReadonlySet<string>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): string[] =>
  str(v)
    ? String(v)
        .split(',')
        .filter((x) => x !== '')
    : [];
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function osFromLicenses(licenses: string | undefined): { family: string; name: string } | undefined {
  const last = licenses?.match(/licenses\/([a-z0-9-]+)/)?.[1];
  if (!last) return undefined;
  if (last.startsWith('windows')) return { family: 'windows', name: last };
  return { family: 'linux', name: last };
}

function osFamily(raw: string | undefined): string | undefined {
  const v = raw?.toLowerCase() ?? '';
  if (v === '') return undefined;
  if (v.includes('windows')) return 'windows';
  if (v.includes('mac') || v.includes('os x')) return 'macos';
  if (/linux|ubuntu|debian|centos|rocky|rhel|red hat|suse|alma|cos|fedora/.test(v)) return 'linux';
  return 'other';
}

/** What the machine is, from the most specific source that says. */
function kindOf(gcp?: Row, vng?: Row, agent?: Row, device?: Row): string {
  const machineType = str(agent?.machine_type)?.toLowerCase();
  if ((gcp && Number(gcp.gke ?? 0) > 0) || str(vng?.product) === 'VKS' || machineType === 'kubernetes node')
    return 'k8s-node';
  if (gcp || vng) return 'vm';
  if (agent) return machineType === 'server' ? 'vm' : 'endpoint';
  if (device) return str(device.hardware_family) === 'Computer' ? 'endpoint' : 'network-device';
  return 'unknown';
}

const minIso = (values: unknown[]): string | undefined =>
  values.filter((v): v is string => typeof v === 'string').sort()[0];
const maxIso = (values: unknown[]): string | undefined =>
  values
    .filter((v): v is string => typeof v === 'string')
    .sort()
    .at(-1);

export function buildAsset(
  asset: AssetInput,
  details: Details,
  evidence: readonly (Evidence | undefined)[],
  anchor: IdentityRecord,
  options: AssetOptions,
): SnapshotRecord {
  const rows = (table: IdentityRecord['table']): Row[] =>
    asset.records.filter((r) => r.table === table).map((r) => details.get(recordKey(r)) ?? {});
  const gcp = rows('bronze.gcp_compute_instances')[0];
  const vng = rows('bronze.vng_servers')[0];
  const agents = rows('bronze.s1_agents');
  const devices = rows('bronze.fortinet_detected_devices');
  const cov = edrCoverage(agents, options.referenceMs, options.staleAfterDays);
  const agent = cov.agent ?? agents[0];

  const device = devices[0];
  const kind = kindOf(gcp, vng, agent, device);

  const licenseOs = osFromLicenses(str(gcp?.licenses));
  const osName = str(agent?.os_name) ?? str(vng?.image_type) ?? licenseOs?.name ?? str(device?.os_name);
  const family =
    str(agent?.os_type)?.toLowerCase() ??
    osFamily(str(vng?.image_type)) ??
    licenseOs?.family ??
    osFamily(str(device?.os_name));
  const osVersion = str(agent?.os_revision) ?? str(vng?.image_version) ?? str(device?.os_version);

  const privateIps = [
    ...list(gcp?.private_ips),
    ...list(vng?.private_ips),
    ...agents.map((a) => str(a.last_ip_to_mgmt)).filter((x): x is string => !!x),
    ...devices.map((d) => str(d.ipv4_address)).filter((x): x is string => !!x),
  ];
  const macs = asset.records.flatMap((r) => r.macs);
  for (const d of devices) {
    const mac = normalizeMac(d.mac);
    if (mac && isIdentityMac(mac)) macs.push(mac);
  }
  const hostname =
    shortHostname(gcp?.hostname) ??
    shortHostname(gcp?.name) ??
    shortHostname(vng?.name) ??
    shortHostname(agent?.computer_name) ??
    devices.map((d) => shortHostname(d.hostname)).find((h) => h);

  const children = asset.records.map((r) => {
    const e = r === anchor ? undefined : evidence[r.idx];
    return {
      source_table: r.table,
      record_source_id: r.sourceId,
      record_id: r.recordId,
      rule: e?.rule ?? 'seed',
      matched_value: e?.value ?? r.recordId,
      confidence: e?.confidence ?? RULE_CONFIDENCE.seed,
    };
  });

  return {
    row: {
      resource_id: asset.id,
      kind,
      hostname: hostname ?? null,
      os_family: family ?? null,
      os_name: osName ?? null,
      os_version: osVersion ?? null,
      environment: str(gcp?.env) ?? null,
      cloud_provider: gcp ? 'gcp' : vng ? 'vng' : null,
      cloud_project: str(gcp?.project) ?? str(vng?.project_id) ?? null,
      cloud_zone: str(gcp?.zone) ?? str(vng?.zone_id) ?? null,
      cloud_region: str(gcp?.region) ?? str(vng?.region) ?? null,
      cloud_instance_id: str(gcp?.resource_id) ?? str(vng?.resource_id) ?? null,
      cloud_status: str(gcp?.status) ?? str(vng?.status) ?? null,
      private_ips_json: sorted(privateIps),
      public_ips_json: sorted([...list(gcp?.public_ips), ...list(vng?.public_ips)]),
      macs_json: sorted(macs),
      first_seen:
        minIso([
          gcp?.creation_timestamp,
          vng?.created_at,
          ...agents.map((a) => a.registered_at),
          ...devices.map((d) => d.first_collected_at),
        ]) ?? null,
      last_seen:
        maxIso([
          gcp?.collected_at,
          vng?.collected_at,
          ...agents.map((a) => a.last_active_date),
          ...devices.map((d) => d.last_seen),
        ]) ?? null,
      in_cloud: Boolean(gcp || vng),
      edr: cov.edr,
      edr_agent_id: str(cov.agent?.resource_id) ?? null,
      edr_last_seen: str(cov.agent?.last_active_date) ?? null,
      edr_agent_version: str(cov.agent?.agent_version) ?? null,
      edr_up_to_date: typeof cov.agent?.is_up_to_date === 'boolean' ? cov.agent.is_up_to_date : null,
      edr_decommissioned: cov.decommissioned,
      seen_by_firewall: devices.length > 0,
      internet_exposed: options.exposed.has(asset.id),
      source_count: asset.records.length,
    },
    children: { asset_sources: children },
  };
}
