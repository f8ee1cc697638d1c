// Assets, alerts and compliance read silver and gold tables. Those layers are being built in
// parallel: each page looks for its tables in the catalog and says plainly when they are not
// there yet or hold nothing.
import { useState } from 'react';
import type { TableInfo } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorLine, Loading, NotCollected } from '../components/Empty.tsx';
import type { FilterInput } from '../components/filters.ts';
import { formatCount, prettyJson } from '../components/format.ts';

interface LayerPageSpec {
  testId: string;
  /** Candidate tables, first found wins. */
  tables: readonly string[];
  what: string;
  /** A column to offer quick filters on (status, severity…), when the table has it. */
  quick?: readonly { column: string; values: readonly string[] }[];
  sort?: { id: string; desc: boolean };
}

function LayerPage({ spec }: { spec: LayerPageSpec }) {
  const tables = useCall('tables.list', { withCounts: true }, { refreshOn: 'runs' });
  const [quick, setQuick] = useState<Record<string, string>>({});
  const [row, setRow] = useState<Record<string, unknown> | null>(null);
  if (!tables.data) return tables.error ? <ErrorLine error={tables.error} /> : <Loading />;
  const info: TableInfo | undefined = spec.tables
    .map((n) => tables.data?.find((t) => t.name === n))
    .find(Boolean);
  if (!info)
    return (
      <NotCollected title={`${spec.what} are not collected yet`}>
        <p>
          This version has no {spec.tables.join(' / ')} table. It appears once the{' '}
          {spec.tables[0]?.split('.')[0]} layer is built; meanwhile the <a href="#/explorer">Explorer</a>{' '}
          shows every collected table.
        </p>
      </NotCollected>
    );
  if (!info.rows)
    return (
      <NotCollected title={`No ${spec.what.toLowerCase()} yet`}>
        <p>
          {info.name} is empty. Launch a run with the normalize and detect stages on the{' '}
          <a href="#/runs">Runs</a> page.
        </p>
      </NotCollected>
    );
  const has = (c: string): boolean => info.columns.some((x) => x.name === c);
  const filters: FilterInput[] = Object.entries(quick)
    .filter(([, v]) => v)
    .map(([column, value]) => ({ column, op: 'eq', value }));
  return (
    <div className="stack" data-testid={spec.testId}>
      <div className="row wrap">
        <span className="muted">
          {info.name} · {formatCount(info.rows)} rows
        </span>
        {spec.quick
          ?.filter((q) => has(q.column))
          .map((q) => (
            <label key={q.column}>
              {q.column}{' '}
              <select
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
          defaultSort={spec.sort && has(spec.sort.id) ? [spec.sort] : []}
          onRowClick={setRow}
        />
        {row && (
          <aside className="row-detail">
            <div className="row">
              <h3>Detail</h3>
              <span className="grow" />
              <button onClick={() => setRow(null)} aria-label="close">
                ×
              </button>
            </div>
            <pre className="json">{prettyJson(row)}</pre>
          </aside>
        )}
      </div>
    </div>
  );
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export function AlertsPage() {
  return (
    <LayerPage
      spec={{
        testId: 'alerts',
        tables: ['gold.alerts'],
        what: 'Alerts',
        quick: [
          { column: 'status', values: ['open', 'acknowledged', 'muted', 'false_positive', 'resolved'] },
          { column: 'severity', values: SEVERITIES },
        ],
        sort: { id: 'last_seen', desc: true },
      }}
    />
  );
}

export function AssetsPage() {
  return (
    <LayerPage
      spec={{
        testId: 'assets',
        tables: ['gold.asset_summary', 'silver.assets'],
        what: 'Assets',
        quick: [
          { column: 'edr', values: ['none', 'active', 'stale', 'infected'] },
          { column: 'internet_exposed', values: ['true', 'false'] },
        ],
      }}
    />
  );
}

export function CompliancePage() {
  return (
    <LayerPage
      spec={{
        testId: 'compliance',
        tables: ['gold.compliance'],
        what: 'Compliance results',
        quick: [
          { column: 'status', values: ['alarm', 'ok', 'info', 'skip', 'error'] },
          { column: 'severity', values: SEVERITIES },
        ],
      }}
    />
  );
}
