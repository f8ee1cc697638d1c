// silver.software and silver.vulnerabilities from SentinelOne applications and application risks,
// attached to the asset their agent resolved to.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { applyStagedSnapshot, type ApplyResult, type SnapshotRecord } from '../../db/history/index.ts';
import type { SqlSession, Store } from '../../db/store/types.ts';
import { stagedSnapshot, textColumn, withStageTables, type SilverScope } from './stage-apply.ts';

export type AssetOfAgent = (sourceId: string, agentId: string) => string | undefined;

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

export interface AgentAsset {
  readonly sourceId: string;
  readonly agentId: string;
  readonly assetId: string;
}

/**
 * silver.software straight from bronze in SQL: JavaScript only supplies the asset each agent
 * resolved to and the normalised form of each distinct name, so the installs (the largest silver
 * table) never pass through it. Two installs with one id (two agents on one machine) are counted
 * as duplicates by the engine, which keeps one of them deterministically.
 */
export async function applySoftware(
  store: Store,
  catalog: Catalog,
  scope: SilverScope,
  agents: Iterable<AgentAsset>,
): Promise<ApplyResult> {
  const agentRows = [...agents].map((a) => [scope.scope, a.sourceId, a.agentId, a.assetId]);
  return store.transaction(async (tx) => {
    const names = await tx.query<{ name: string }>('SELECT DISTINCT name FROM bronze.s1_agent_applications');
    const stages = [
      {
        name: 'agent_assets',
        columns: ['scope', 'source_id', 'agent_id', 'asset_id'].map(textColumn),
        rows: agentRows,
      },
      {
        name: 'software_names',
        columns: ['name', 'normalized'].map(textColumn),
        rows: names.map((r) => [r.name, normalizeSoftwareName(r.name)]),
      },
    ];
    return withStageTables(tx, stages, (refs) =>
      applyStagedSnapshot(
        tx,
        catalog,
        catalog.get('silver.software'),
        stagedSnapshot(scope),
        `SELECT m.scope, m.asset_id || '/' || n.normalized || '/' || COALESCE(a.version, '') AS resource_id,
                m.asset_id, n.normalized AS name, a.name AS display_name, COALESCE(a.version, '') AS version,
                a.publisher AS vendor, 'bronze.s1_agent_applications' AS source_table,
                a.installed_date AS installed_at
           FROM bronze.s1_agent_applications a
           JOIN ${refs.get('agent_assets')} m ON m.source_id = a.source_id AND m.agent_id = a.agent_id
           JOIN ${refs.get('software_names')} n ON n.name = a.name`,
      ),
    );
  });
}

export async function vulnerabilityRecords(db: SqlSession, assetOf: AssetOfAgent): Promise<SnapshotRecord[]> {
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
