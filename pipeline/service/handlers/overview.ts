// Overview and workspace info: counts per layer and per source, coverage and alert charts, and
// the latest runs.
import type { Layer } from '../../../db/catalog/types.ts';
import { tableRef } from '../../../db/dialects/types.ts';
import { HOTPOT_VERSION } from '../../../db/version.ts';
import type { LayerCount, SourceLayerCount } from '../contract.ts';
import type { Handlers } from './context.ts';
import { alertsByDay, coverageCounts } from './overview-charts.ts';
import { publicRun } from './runs.ts';
import { maskStoreUrl } from './settings.ts';

const LAYERS: readonly Layer[] = ['bronze', 'silver', 'gold'];

export const overviewHandlers: Pick<Handlers, 'overview.get' | 'workspace.info'> = {
  'workspace.info': async (ctx) => ({
    home: ctx.runtime.workspace.paths.home,
    store: maskStoreUrl(ctx.runtime.workspace.storeLocation()),
    version: HOTPOT_VERSION,
    tables: ctx.catalog.tables.length,
  }),
  'overview.get': async (ctx) => {
    const store = await ctx.runtime.env.store();
    const layers = new Map<Layer, LayerCount>(LAYERS.map((l) => [l, { layer: l, tables: 0, rows: 0 }]));
    const perSource = new Map<string, SourceLayerCount>();
    for (const spec of ctx.catalog.tables) {
      const layer = layers.get(spec.layer);
      if (!layer) continue;
      layer.tables += 1;
      const bySource = spec.columns.some((c) => c.name === 'source_id');
      let rows: Array<{ source_id: string | null; n: number }>;
      try {
        rows = await store.query(
          bySource
            ? `SELECT source_id, count(*) AS n FROM ${tableRef(spec.layer, spec.name)} GROUP BY source_id`
            : `SELECT NULL AS source_id, count(*) AS n FROM ${tableRef(spec.layer, spec.name)}`,
        );
      } catch {
        continue; // not in this store yet (a layer still being built)
      }
      for (const r of rows) {
        const n = Number(r.n);
        layer.rows += n;
        if (r.source_id === null) continue;
        const key = `${r.source_id}\u0000${spec.layer}`;
        const entry = perSource.get(key) ?? { sourceId: r.source_id, layer: spec.layer, rows: 0 };
        entry.rows += n;
        perSource.set(key, entry);
      }
    }
    return {
      layers: [...layers.values()],
      perSource: [...perSource.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId)),
      lastRuns: ctx.runtime.engine.list({ limit: 10 }).map(publicRun),
      sources: ctx.runtime.workspace.sources.list().length,
      coverage: await coverageCounts(store),
      alertsByDay: await alertsByDay(store),
    };
  },
};
