// silver.software and silver.vulnerabilities from SentinelOne applications and application risks,
// attached to the asset their agent resolved to.
import type { SnapshotRecord } from '../../db/history/index.ts';
import type { SqlSession } from '../../db/store/types.ts';

export type AgentAsset = (sourceId: string, agentId: string) => string | undefined;

/** Lower case, single spaces: "Apache  Log4j" and "apache log4j" are one package. */
export function normalizeSoftwareName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const SEVERITIES = new Set(['critical', 'high', 'medium', 'low']);

export function severityOf(cvss: number | undefined, reported: unknown): string | null {
  const s = typeof reported === 'string' ? reported.toLowerCase() : '';
  if (SEVERITIES.has(s)) return s;
  if (cvss === undefined || !Number.isFinite(cvss)) return null;
  return cvss >= 9 ? 'critical' : cvss >= 7 ? 'high' : cvss >= 4 ? 'medium' : 'low';
}

export async function softwareRecords(db: SqlSession, assetOf: AgentAsset): Promise<SnapshotRecord[]> {
  const out = new Map<string, SnapshotRecord>();
  for (const r of await db.query(
    `SELECT source_id, agent_id, name, publisher, version, installed_date FROM bronze.s1_agent_applications`,
  )) {
    const asset = assetOf(String(r.source_id), String(r.agent_id));
    if (!asset) continue;
    const name = normalizeSoftwareName(String(r.name));
    const version = typeof r.version === 'string' ? r.version : '';
    const id = `${asset}/${name}/${version}`;
    if (out.has(id)) continue;
    out.set(id, {
      row: {
        resource_id: id,
        asset_id: asset,
        name,
        display_name: r.name,
        version,
        vendor: r.publisher ?? null,
        source_table: 'bronze.s1_agent_applications',
        installed_at: r.installed_date ?? null,
      },
    });
  }
  return [...out.values()];
}

export async function vulnerabilityRecords(db: SqlSession, assetOf: AgentAsset): Promise<SnapshotRecord[]> {
  const out = new Map<string, SnapshotRecord & { row: Record<string, unknown> }>();
  for (const r of await db.query(
    `SELECT source_id, endpoint_id, cve_id, base_score, severity, application_name, application_version,
            status, detection_date
       FROM bronze.s1_application_risks`,
  )) {
    const asset = assetOf(String(r.source_id), String(r.endpoint_id));
    if (!asset) continue;
    const software = normalizeSoftwareName(String(r.application_name ?? ''));
    const id = `${asset}/${String(r.cve_id)}/${software}`;
    const cvss = r.base_score === null || r.base_score === undefined ? undefined : Number(r.base_score);
    const prev = out.get(id);
    // Two agents on one machine report the same finding: keep the earliest detection.
    if (prev && String(prev.row.first_detected ?? '') <= String(r.detection_date ?? '')) continue;
    out.set(id, {
      row: {
        resource_id: id,
        asset_id: asset,
        cve_id: r.cve_id,
        cvss: cvss ?? null,
        severity: severityOf(cvss, r.severity),
        software,
        software_version: r.application_version ?? null,
        status: r.status ?? null,
        first_detected: r.detection_date ?? null,
        source_table: 'bronze.s1_application_risks',
      },
    });
  }
  return [...out.values()];
}
