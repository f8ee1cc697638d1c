// The normalize stage: bronze → silver. Resolves machines across sources, then writes one
// snapshot per silver table (source 'hotpot', scope 'all') through the history engine, so silver
// keeps field-level history like bronze.
import type { Catalog } from '../../db/catalog/catalog.ts';
import type { ApplyResult, SnapshotRecord } from '../../db/history/index.ts';
import type { Store } from '../../db/store/types.ts';
import { anchorOf, assignAssetIds } from './asset-ids.ts';
import { buildAsset } from './build-assets.ts';
import { bronzeComplete } from './completeness.ts';
import { gcpExposures, type ExposureRow } from './exposure-gcp.ts';
import { fortinetExposures } from './exposure-fortinet.ts';
import { vngExposures } from './exposure-vng.ts';
import { loadDetails } from './load-details.ts';
import { loadIdentities } from './load-identities.ts';
import { recordKey, type IdentityRecord } from './records.ts';
import { resolve } from './resolve.ts';
import { applyRecordsStaged } from './stage-apply.ts';
import { ensureSilverTables, withSilver } from './silver-tables.ts';
import { applySoftware, vulnerabilityRecords } from './software.ts';

export const SILVER_SOURCE_ID = 'hotpot';
export const SILVER_SCOPE = 'all';

export interface NormalizeOptions {
  /** Days without a report after which an agent is stale (default 7). */
  staleAfterDays?: number;
  /**
   * Reference time for staleness. Default: the newest agent report in bronze, i.e. the console's
   * own clock at collection, so an old snapshot is judged as of when it was taken.
   */
  referenceTime?: Date;
  /** Time stamped on the silver snapshots (default now). */
  collectedAt?: Date;
}

export interface NormalizeResult {
  complete: boolean;
  incomplete: string[];
  assets: number;
  rowsWritten: number;
  tables: Record<string, ApplyResult>;
  timingsMs: Record<string, number>;
}

function exposureRecords(rows: readonly ExposureRow[]): SnapshotRecord[] {
  const out = new Map<string, SnapshotRecord>();
  for (const e of rows) {
    const id = `${e.asset_id}/${e.address}/${e.protocol}/${e.port_from}-${e.port_to}/${e.rule_ref}`;
    if (!out.has(id)) out.set(id, { row: { resource_id: id, ...e } });
  }
  return [...out.values()];
}

export async function normalizeSilver(
  store: Store,
  baseCatalog: Catalog,
  options: NormalizeOptions = {},
): Promise<NormalizeResult> {
  const catalog = withSilver(baseCatalog);
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  await ensureSilverTables(store);
  const { complete, incomplete } = await bronzeComplete(store);

  const previous = new Map<string, string>();
  for (const r of await store.query(
    'SELECT resource_id, source_table, record_source_id, record_id FROM silver.asset_sources',
  ))
    previous.set(
      `${String(r.source_table)}|${String(r.record_source_id)}|${String(r.record_id)}`,
      String(r.resource_id),
    );
  const records = await loadIdentities(store);
  lap('load_identities');

  const resolution = resolve(records);
  const clusters = resolution.clusters.map((c) => c.map((i) => records[i] as IdentityRecord));
  const ids = assignAssetIds(clusters, previous);
  const assetByRecord = new Map<string, string>();
  clusters.forEach((c, i) => {
    for (const r of c) assetByRecord.set(recordKey(r), ids[i] as string);
  });
  const assetOf = (table: IdentityRecord['table']) => (sourceId: string, id: string) =>
    assetByRecord.get(`${table}|${sourceId}|${id}`);
  lap('resolve');

  const exposures = [
    ...(await gcpExposures(store, assetOf('bronze.gcp_compute_instances'))),
    ...(await vngExposures(store, assetOf('bronze.vng_servers'))),
    ...(await fortinetExposures(store, assetOf('bronze.fortinet_detected_devices'))),
  ];
  const exposed = new Set(exposures.filter((e) => e.internet_reachable).map((e) => e.asset_id));
  lap('exposures');

  const details = await loadDetails(store);
  let referenceMs = options.referenceTime?.getTime();
  if (referenceMs === undefined) {
    const [row] = await store.query('SELECT max(last_active_date) AS t FROM bronze.s1_agents');
    referenceMs = typeof row?.t === 'string' ? Date.parse(row.t) : Date.now();
  }
  const assetOptions = { referenceMs, staleAfterDays: options.staleAfterDays ?? 7, exposed };
  const assets = clusters.map((c, i) =>
    buildAsset({ id: ids[i] as string, records: c }, details, resolution.evidence, anchorOf(c), assetOptions),
  );
  const agentAsset = assetOf('bronze.s1_agents');
  const agents = clusters.flatMap((c, i) =>
    c
      .filter((r) => r.table === 'bronze.s1_agents')
      .map((r) => ({ sourceId: r.sourceId, agentId: r.recordId, assetId: ids[i] as string })),
  );
  const vulnerabilities = await vulnerabilityRecords(store, agentAsset);
  lap('build');

  const scope = {
    sourceId: SILVER_SOURCE_ID,
    scope: SILVER_SCOPE,
    collectedAt: options.collectedAt ?? new Date(),
    complete,
  };
  const tables: Record<string, ApplyResult> = {};
  // Set-based: the rows are bulk-loaded into stage tables and merged in SQL.
  const apply = async (name: string, recs: SnapshotRecord[]): Promise<void> => {
    tables[`silver.${name}`] = await applyRecordsStaged(
      store,
      catalog,
      catalog.get(`silver.${name}`),
      scope,
      recs,
    );
    lap(`apply_${name}`);
  };
  await apply('assets', assets);
  tables['silver.software'] = await applySoftware(store, catalog, scope, agents);
  lap('apply_software');
  await apply('vulnerabilities', vulnerabilities);
  await apply('exposures', exposureRecords(exposures));

  const rowsWritten = Object.values(tables).reduce((n, r) => n + r.inserted + r.changed + r.deleted, 0);
  return { complete, incomplete, assets: assets.length, rowsWritten, tables, timingsMs: timings };
}
