// Merged, field-level timelines for `hotpot history`: one resource (any table with history), or
// one asset with every bronze record that was ever part of it and its silver rows.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { historySchema, qualifiedName, type TableSpec } from '../../db/catalog/types.ts';
import { tableRef } from '../../db/dialects/types.ts';
import { diff, type ChildChange, type FieldChange, type ResourceKey } from '../../db/history/index.ts';
import type { SqlSession } from '../../db/store/types.ts';
import { SILVER_SOURCE_ID } from './normalize.ts';

export interface TimelineEvent {
  at: string;
  table: string;
  sourceId: string;
  resourceId: string;
  change: 'added' | 'removed' | 'changed';
  fields: readonly FieldChange[];
  children: readonly ChildChange[];
}

export interface TimelineResource {
  table: string;
  sourceId: string;
  resourceId: string;
}

export interface Timeline {
  subject: { kind: 'asset' | 'resource'; id: string };
  resources: TimelineResource[];
  events: TimelineEvent[];
}

const EPOCH = '1970-01-01T00:00:00.000Z';

async function tryQuery(db: SqlSession, sql: string, params: string[]): Promise<Record<string, unknown>[]> {
  // A table the store was never migrated for simply has no history to show.
  return db.query(sql, params).catch(() => []);
}

/** Every moment the resource or one of its child rows opened or closed a version. */
async function changePoints(
  db: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  key: ResourceKey,
): Promise<string[]> {
  const points = new Set<string>();
  for (const spec of [root, ...catalog.descendantsOf(root)]) {
    for (const r of await tryQuery(
      db,
      `SELECT valid_from, valid_to FROM ${tableRef(historySchema(spec.layer), spec.name)}
        WHERE source_id = $1 AND resource_id = $2`,
      [key.sourceId, key.resourceId],
    )) {
      if (typeof r.valid_from === 'string') points.add(new Date(r.valid_from).toISOString());
      if (typeof r.valid_to === 'string') points.add(new Date(r.valid_to).toISOString());
    }
  }
  return [...points].sort();
}

export async function resourceTimeline(
  db: SqlSession,
  catalog: Catalog,
  root: TableSpec,
  key: ResourceKey,
  since?: Date,
): Promise<TimelineEvent[]> {
  const points = await changePoints(db, catalog, root, key);
  const out: TimelineEvent[] = [];
  for (let i = 0; i < points.length; i++) {
    const at = points[i] as string;
    if (since && Date.parse(at) < since.getTime()) continue;
    const d = await diff(db, catalog, root, key, points[i - 1] ?? EPOCH, at);
    if (d.resource === 'unchanged') continue;
    out.push({
      at,
      table: qualifiedName(root),
      sourceId: key.sourceId,
      resourceId: key.resourceId,
      change: d.resource,
      fields: d.fields,
      children: d.children,
    });
  }
  return out;
}

function historyRoots(catalog: Catalog): TableSpec[] {
  return catalog.tables.filter((t) => t.kind === 'resource' && t.history);
}

/** Resources with this id in any history table (an id may exist under several sources). */
export async function findResources(
  db: SqlSession,
  catalog: Catalog,
  id: string,
): Promise<TimelineResource[]> {
  const out: TimelineResource[] = [];
  for (const spec of historyRoots(catalog)) {
    for (const r of await tryQuery(
      db,
      `SELECT DISTINCT source_id FROM ${tableRef(historySchema(spec.layer), spec.name)} WHERE resource_id = $1`,
      [id],
    ))
      out.push({ table: qualifiedName(spec), sourceId: String(r.source_id), resourceId: id });
  }
  return out;
}

/** The asset an id names: the asset id itself, or a bronze record that is (or was) part of one. */
export async function findAsset(db: SqlSession, id: string): Promise<string | undefined> {
  const direct = await tryQuery(
    db,
    'SELECT 1 AS ok FROM silver_history.assets WHERE resource_id = $1 LIMIT 1',
    [id],
  );
  if (direct.length > 0) return id;
  const viaRecord = await tryQuery(
    db,
    `SELECT resource_id FROM silver_history.asset_sources WHERE record_id = $1 ORDER BY valid_from DESC LIMIT 1`,
    [id],
  );
  return viaRecord[0] ? String(viaRecord[0].resource_id) : undefined;
}

async function assetResources(db: SqlSession, assetId: string): Promise<TimelineResource[]> {
  const out: TimelineResource[] = [
    { table: 'silver.assets', sourceId: SILVER_SOURCE_ID, resourceId: assetId },
  ];
  for (const r of await tryQuery(
    db,
    `SELECT DISTINCT source_table, record_source_id, record_id FROM silver_history.asset_sources
      WHERE resource_id = $1 ORDER BY source_table, record_id`,
    [assetId],
  ))
    out.push({
      table: String(r.source_table),
      sourceId: String(r.record_source_id),
      resourceId: String(r.record_id),
    });
  for (const table of ['software', 'vulnerabilities', 'exposures']) {
    for (const r of await tryQuery(
      db,
      `SELECT DISTINCT resource_id FROM silver_history.${table} WHERE asset_id = $1 ORDER BY resource_id`,
      [assetId],
    ))
      out.push({ table: `silver.${table}`, sourceId: SILVER_SOURCE_ID, resourceId: String(r.resource_id) });
  }
  return out;
}

/** The merged timeline of an asset (when the id names one) or of the resources with that id. */
export async function timelineOf(
  db: SqlSession,
  catalog: Catalog,
  id: string,
  since?: Date,
): Promise<Timeline | undefined> {
  const asset = await findAsset(db, id);
  const resources = asset ? await assetResources(db, asset) : await findResources(db, catalog, id);
  if (resources.length === 0) return undefined;
  const events: TimelineEvent[] = [];
  for (const r of resources) {
    const spec = catalog.find(r.table);
    if (!spec) continue;
    events.push(
      ...(await resourceTimeline(
        db,
        catalog,
        spec,
        { sourceId: r.sourceId, resourceId: r.resourceId },
        since,
      )),
    );
  }
  events.sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.table < b.table ? -1 : a.table > b.table ? 1 : 0,
  );
  return { subject: { kind: asset ? 'asset' : 'resource', id: asset ?? id }, resources, events };
}
