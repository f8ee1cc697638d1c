// gold.asset_summary: one row per silver asset, rebuilt as one complete snapshot per run, so its
// history answers "when did this asset lose its agent / become exposed". Written from SQL to SQL.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { GOLD_ASSET_SUMMARY } from '../../db/catalog/tables/gold.ts';
import { applyStagedSnapshot } from '../../db/history/apply-staged.ts';
import type { SqlSession } from '../../db/store/types.ts';
import { GOLD_SOURCE_ID } from './compliance.ts';

export async function tableExists(session: SqlSession, schema: string, table: string): Promise<boolean> {
  const rows = await session.query(
    'SELECT 1 AS x FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
    [schema, table],
  );
  return rows.length > 0;
}

const SUMMARY_SQL = (has: { vulns: boolean; exposures: boolean; sources: boolean }): string => `
WITH v AS (
  ${
    has.vulns
      ? `SELECT asset_id, count(*) AS n, sum(CASE WHEN cvss >= 9 THEN 1 ELSE 0 END) AS crit, max(cvss) AS max_cvss
         FROM silver.vulnerabilities GROUP BY asset_id`
      : 'SELECT CAST(NULL AS TEXT) AS asset_id, 0 AS n, 0 AS crit, CAST(NULL AS DOUBLE PRECISION) AS max_cvss WHERE 1 = 0'
  }
), e AS (
  ${
    has.exposures
      ? 'SELECT asset_id, count(*) AS n FROM silver.exposures WHERE internet_reachable GROUP BY asset_id'
      : 'SELECT CAST(NULL AS TEXT) AS asset_id, 0 AS n WHERE 1 = 0'
  }
), al AS (
  SELECT COALESCE(a.asset_id, ${has.sources ? 'src.resource_id' : 'NULL'}) AS asset_id, a.severity
  FROM gold.alerts a
  ${has.sources ? 'LEFT JOIN silver.asset_sources src ON src.record_id = a.resource' : ''}
  WHERE a.status IN ('open', 'acknowledged')
), alc AS (
  SELECT asset_id, count(*) AS n,
    sum(CASE WHEN severity = 'critical' THEN 1 ELSE 0 END) AS c,
    sum(CASE WHEN severity = 'high' THEN 1 ELSE 0 END) AS h,
    sum(CASE WHEN severity = 'medium' THEN 1 ELSE 0 END) AS m,
    sum(CASE WHEN severity IN ('low', 'info') THEN 1 ELSE 0 END) AS l
  FROM al WHERE asset_id IS NOT NULL GROUP BY asset_id
), eol AS (
  SELECT DISTINCT resource AS asset_id FROM gold.compliance
  WHERE rule_id = 'eol.os_end_of_life' AND status = 'alarm'
)
SELECT s.resource_id, s.hostname, s.kind, s.os_name, s.cloud_provider, s.in_cloud, s.edr,
  s.seen_by_firewall, s.internet_exposed,
  COALESCE(e.n, 0) AS exposed_ports, COALESCE(v.n, 0) AS vulnerabilities,
  COALESCE(v.crit, 0) AS critical_vulnerabilities, v.max_cvss,
  COALESCE(alc.n, 0) AS open_alerts, COALESCE(alc.c, 0) AS open_critical, COALESCE(alc.h, 0) AS open_high,
  COALESCE(alc.m, 0) AS open_medium, COALESCE(alc.l, 0) AS open_low,
  (eol.asset_id IS NOT NULL) AS os_eol
FROM silver.assets s
LEFT JOIN v ON v.asset_id = s.resource_id
LEFT JOIN e ON e.asset_id = s.resource_id
LEFT JOIN alc ON alc.asset_id = s.resource_id
LEFT JOIN eol ON eol.asset_id = s.resource_id`;

/** Rebuilds the summary in SQL; returns the number of assets, or null when silver has no assets table. */
export async function writeAssetSummary(tx: SqlSession, catalog: Catalog, now: Date): Promise<number | null> {
  if (!(await tableExists(tx, 'silver', 'assets'))) return null;
  const has = {
    vulns: await tableExists(tx, 'silver', 'vulnerabilities'),
    exposures: await tableExists(tx, 'silver', 'exposures'),
    sources: await tableExists(tx, 'silver', 'asset_sources'),
  };
  const result = await applyStagedSnapshot(
    tx,
    catalog,
    catalog.find('gold.asset_summary') ?? GOLD_ASSET_SUMMARY,
    { sourceId: GOLD_SOURCE_ID, collectedAt: now, completeScopes: ['all'] },
    `SELECT 'all' AS scope, summary.* FROM (${SUMMARY_SQL(has)}) summary`,
  );
  return result.seen;
}
