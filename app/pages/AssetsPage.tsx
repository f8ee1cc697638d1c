// Assets: one row per machine (gold.asset_summary, or silver.assets before detect ran) with
// coverage filters; a click opens the asset's sources, findings, alerts and timeline.
import { useMemo, useState } from 'react';
import { DataTable } from '../components/DataTable.tsx';
import type { FilterInput } from '../components/filters.ts';
import { formatCount } from '../components/format.ts';
import { navigate, useRoute } from '../stores/route.ts';
import { AssetDetailPanel } from './AssetDetail.tsx';
import { useLayerTable } from './LayerPages.tsx';

const QUICK = [
  { column: 'edr', values: ['none', 'active', 'stale', 'infected'] },
  { column: 'in_cloud', values: ['true', 'false'] },
  { column: 'internet_exposed', values: ['true', 'false'] },
] as const;
const HIDDEN = ['source_id', 'scope', 'content_hash', 'tree_hash', 'history_id', 'first_collected_at'];

export function AssetsPage() {
  const table = useLayerTable(['gold.asset_summary', 'silver.assets'], 'Assets');
  const assetId = useRoute((r) => r.params.asset ?? null);
  const [quick, setQuick] = useState<Record<string, string>>({});
  const filters = useMemo<FilterInput[]>(
    () =>
      Object.entries(quick)
        .filter(([, v]) => v)
        .map(([column, value]) => ({ column, op: 'eq', value })),
    [quick],
  );
  if (!table.info) return table.state;
  const info = table.info;
  const has = (c: string): boolean => info.columns.some((x) => x.name === c);
  return (
    <div className="stack" data-testid="assets">
      <div className="row wrap">
        <span className="muted">
          {info.name} · {formatCount(info.rows)} assets
        </span>
        {QUICK.filter((q) => has(q.column)).map((q) => (
          <label key={q.column}>
            {q.column.replace(/_/g, ' ')}{' '}
            <select
              aria-label={`quick ${q.column}`}
              value={quick[q.column] ?? ''}
              onChange={(e) => setQuick({ ...quick, [q.column]: e.target.value })}
            >
              <option value="">all</option>
              {q.values.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="split">
        <DataTable
          table={info.name}
          columns={info.columns}
          baseFilters={filters}
          defaultSort={has('hostname') ? [{ id: 'hostname', desc: false }] : []}
          defaultHidden={HIDDEN.filter(has)}
          rowKey="resource_id"
          activeKey={assetId}
          onRowClick={(row) => navigate('assets', { asset: String(row.resource_id) })}
        />
        {assetId && <AssetDetailPanel assetId={assetId} onClose={() => navigate('assets')} />}
      </div>
    </div>
  );
}
