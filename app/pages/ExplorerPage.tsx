// Any table of any layer, current or history, with a detail panel: the row as readable JSON and,
// for tables that keep history, the resource as of a chosen time and what changed since.
import { useMemo, useState } from 'react';
import type { Row, TableInfo } from '../../pipeline/service/contract.ts';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import { formatCount, prettyJson } from '../components/format.ts';
import { navigate, useRoute } from '../stores/route.ts';

/** `datetime-local` wants local wall-clock time, to the second. */
function localInputValue(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

function TimeTravel({ info, row }: { info: TableInfo; row: Row }) {
  // Undefined means "now" at the moment of the click, so a row collected seconds ago is found.
  const [at, setAt] = useState<string>();
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<string>();
  const key = {
    table: `${info.layer}.${info.table}`,
    sourceId: String(row.source_id),
    resourceId: String(row.resource_id),
  };
  const run = async (what: 'asOf' | 'diff'): Promise<void> => {
    setError(undefined);
    try {
      const iso = at === undefined ? new Date().toISOString() : new Date(at).toISOString();
      const value =
        what === 'asOf'
          ? await api.call('tables.asOf', { ...key, at: iso })
          : await api.call('tables.diff', { ...key, from: iso, to: new Date().toISOString() });
      setResult(value === null ? 'The resource did not exist at that time.' : prettyJson(value));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="time-travel">
      <h3>Time travel</h3>
      <div className="row">
        <label>
          As of{' '}
          <input
            type="datetime-local"
            step={1}
            value={at ?? localInputValue(new Date())}
            onChange={(e) => setAt(e.target.value || undefined)}
            aria-label="as of"
          />
        </label>
        <button onClick={() => void run('asOf')}>Show version</button>
        <button onClick={() => void run('diff')}>Changes since</button>
      </div>
      <ErrorLine error={error} />
      {result && (
        <pre className="json" data-testid="time-travel-result">
          {result}
        </pre>
      )}
    </div>
  );
}

export function ExplorerPage() {
  const tables = useCall('tables.list', { withCounts: true }, { refreshOn: 'runs' });
  const selected = useRoute((r) => r.params.table);
  const [search, setSearch] = useState('');
  const [row, setRow] = useState<Row | null>(null);
  const info = tables.data?.find((t) => t.name === selected);
  const groups = useMemo(() => {
    const out = new Map<string, TableInfo[]>();
    for (const t of tables.data ?? []) {
      if (search && !t.name.includes(search.toLowerCase())) continue;
      const g = t.history ? `${t.layer}_history` : t.layer;
      out.set(g, [...(out.get(g) ?? []), t]);
    }
    return out;
  }, [tables.data, search]);
  if (!tables.data) return tables.error ? <ErrorLine error={tables.error} /> : <Loading />;
  const keepsHistory = info && info.kind !== 'plain' && info.columns.some((c) => c.name === 'resource_id');
  return (
    <div className="explorer" data-testid="explorer">
      <aside className="table-list">
        <input
          placeholder="find a table"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="find a table"
        />
        {[...groups.entries()].map(([group, list]) => (
          <details key={group} open={!group.endsWith('_history') || !!search}>
            <summary>
              {group} ({list.length})
            </summary>
            {list.map((t) => (
              <button
                key={t.name}
                className={`table-link${t.name === selected ? ' active' : ''}`}
                title={t.description}
                onClick={() => {
                  setRow(null);
                  navigate('explorer', { table: t.name });
                }}
              >
                <span>{t.table}</span>
                <span className="muted">{formatCount(t.rows)}</span>
              </button>
            ))}
          </details>
        ))}
      </aside>
      <section className="explorer-main">
        {!info ? (
          <p className="muted">
            Pick a table on the left. History tables hold every version, with valid_from and valid_to.
          </p>
        ) : (
          <>
            <h2 data-testid="explorer-table">{info.name}</h2>
            <p className="muted">{info.description}</p>
            <DataTable
              key={info.name}
              table={info.name}
              columns={info.columns}
              defaultHidden={info.columns.length > 12 ? info.columns.slice(12).map((c) => c.name) : []}
              onRowClick={setRow}
            />
          </>
        )}
      </section>
      {row && info && (
        <aside className="row-detail" data-testid="row-detail">
          <div className="row">
            <h3>Row</h3>
            <span className="grow" />
            <button onClick={() => setRow(null)} aria-label="close">
              ×
            </button>
          </div>
          <pre className="json">{prettyJson(row)}</pre>
          {keepsHistory && <TimeTravel info={info} row={row} />}
        </aside>
      )}
    </div>
  );
}
