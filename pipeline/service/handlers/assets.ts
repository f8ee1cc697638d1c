// One asset as the Assets page shows it: the silver row and its gold summary, the bronze records
// merged into it with the evidence of each merge, its software, vulnerabilities, exposures and
// alerts; and, on demand, its field-level timeline across every record (`hotpot history`).
import { HotpotError } from '../../../db/errors.ts';
import type { Row, SqlParam, Store } from '../../../db/store/types.ts';
import { timelineOf } from '../../normalize/timeline.ts';
import type { AssetDetail } from '../contract.ts';
import type { Handlers } from './context.ts';

/** Per list: an asset with more rows than this is summarised, not listed (the Explorer pages the rest). */
export const ASSET_LIST_CAP = 500;

async function capped(
  store: Store,
  name: string,
  sql: string,
  params: SqlParam[],
  truncated: string[],
): Promise<Row[]> {
  const rows = await store.query(`${sql} LIMIT ${ASSET_LIST_CAP + 1}`, params);
  if (rows.length > ASSET_LIST_CAP) truncated.push(name);
  return rows.slice(0, ASSET_LIST_CAP);
}

export const assetHandlers: Pick<Handlers, 'assets.show' | 'assets.timeline'> = {
  'assets.show': async (ctx, input) => {
    const store = await ctx.runtime.env.store();
    const id = [input.assetId];
    const [asset] = await store.query('SELECT * FROM silver.assets WHERE resource_id = $1', id);
    if (!asset)
      throw new HotpotError(
        `No asset ${input.assetId}; it may have been merged or removed.`,
        'NO_SUCH_ASSET',
      );
    const [summary] = await store.query('SELECT * FROM gold.asset_summary WHERE resource_id = $1', id);
    const truncated: string[] = [];
    const detail: AssetDetail = {
      asset,
      summary: summary ?? null,
      sources: await capped(
        store,
        'sources',
        `SELECT source_table, record_source_id, record_id, rule, matched_value, confidence
           FROM silver.asset_sources WHERE resource_id = $1 ORDER BY confidence DESC, source_table, record_id`,
        id,
        truncated,
      ),
      software: await capped(
        store,
        'software',
        'SELECT name, display_name, version, vendor, source_table, installed_at FROM silver.software WHERE asset_id = $1 ORDER BY name, version',
        id,
        truncated,
      ),
      vulnerabilities: await capped(
        store,
        'vulnerabilities',
        'SELECT cve_id, cvss, severity, software, software_version, status, first_detected FROM silver.vulnerabilities WHERE asset_id = $1 ORDER BY cvss DESC NULLS LAST, cve_id',
        id,
        truncated,
      ),
      exposures: await capped(
        store,
        'exposures',
        'SELECT address, protocol, port_from, port_to, rule_kind, rule_resource_id, internet_reachable FROM silver.exposures WHERE asset_id = $1 ORDER BY internet_reachable DESC, port_from, address',
        id,
        truncated,
      ),
      alerts: await capped(
        store,
        'alerts',
        `SELECT alert_id, rule_id, severity, title, status, reason, first_seen, last_seen FROM gold.alerts
          WHERE asset_id = $1 ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, last_seen DESC`,
        id,
        truncated,
      ),
      truncated,
    };
    return detail;
  },
  'assets.timeline': async (ctx, input) => {
    const store = await ctx.runtime.env.store();
    const since = input.since ? new Date(input.since) : undefined;
    return (await timelineOf(store, ctx.catalog, input.assetId, since)) ?? null;
  },
};
