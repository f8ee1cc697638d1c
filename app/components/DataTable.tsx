// Any catalog table, server-side: sorting, filtering and paging run in the store; the browser
// holds only the pages around the viewport (virtualised rows, pages fetched on scroll).
import {
  columnVisibilityFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type SortingState,
  type ColumnVisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnSpec, Row } from '../../pipeline/service/contract.ts';
import { api } from '../api/client.ts';
import { useEvents } from '../stores/events.ts';
import { ColumnChooser } from './ColumnChooser.tsx';
import { downloadText } from './download.ts';
import { parseFilter, type FilterInput } from './filters.ts';
import { cellText } from './format.ts';

const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
const PAGE = 200;
const ROW_HEIGHT = 30;

export interface DataTableProps {
  table: string;
  columns: readonly ColumnSpec[];
  /** Fixed filters of the page (e.g. alert status), combined with the header filters. */
  baseFilters?: readonly FilterInput[];
  defaultSort?: SortingState;
  defaultHidden?: readonly string[];
  onRowClick?: (row: Row) => void;
  /** Check boxes per row, keyed by a column (e.g. alert_id); the page owns the selected set. */
  selection?: {
    key: string;
    selected: ReadonlySet<string>;
    onChange(next: Set<string>): void;
  };
  /** Bumped by the page when it changed rows itself (e.g. after triage): reloads the pages. */
  refreshKey?: number;
  /** Marks the row whose key (per `selection.key` or `rowKey`) is shown in a detail panel. */
  activeKey?: string | null;
  rowKey?: string;
}

const CHECK_WIDTH = 34;
const NO_ROWS: Row[] = [];

export function DataTable(props: DataTableProps) {
  const [sorting, setSorting] = useState<SortingState>(props.defaultSort ?? []);
  const [visibility, setVisibility] = useState<ColumnVisibilityState>(() =>
    Object.fromEntries((props.defaultHidden ?? []).map((c) => [c, false])),
  );
  const [filterText, setFilterText] = useState<Record<string, string>>({});
  const [debounced, setDebounced] = useState<Record<string, string>>({});
  const [rows, setRows] = useState<Map<number, Row>>(new Map());
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);
  const runsRevision = useEvents((s) => s.runsRevision);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(filterText), 300);
    return () => clearTimeout(t);
  }, [filterText]);

  const filters = useMemo(() => {
    const numeric = new Set(
      props.columns.filter((c) => ['integer', 'bigint', 'double'].includes(c.type)).map((c) => c.name),
    );
    const out: FilterInput[] = [...(props.baseFilters ?? [])];
    for (const [column, text] of Object.entries(debounced)) {
      const f = parseFilter(column, text, numeric.has(column));
      if (f) out.push(f);
    }
    return out;
  }, [debounced, props.baseFilters, props.columns]);
  const sort = useMemo(
    () => sorting.map((s) => ({ column: s.id, direction: s.desc ? ('desc' as const) : ('asc' as const) })),
    [sorting],
  );
  const query = JSON.stringify({ table: props.table, filters, sort });

  const loadPage = (page: number, gen: number): void => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    api.call('tables.page', { table: props.table, filters, sort, limit: PAGE, offset: page * PAGE }).then(
      (result) => {
        if (gen !== generation.current) return;
        setTotal(result.total);
        setError(undefined);
        setRows((prev) => {
          const next = new Map(prev);
          result.rows.forEach((r, i) => next.set(page * PAGE + i, r));
          return next;
        });
      },
      (e: Error) => {
        if (gen !== generation.current) return;
        requested.current.delete(page);
        setError(e.message);
        setTotal(0);
      },
    );
  };

  // A new query (or new data after a run) starts from the first page.
  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    setRows(new Map());
    setTotal(null);
    scroller.current?.scrollTo({ top: 0 });
    loadPage(0, generation.current);
  }, [query, runsRevision, props.refreshKey]);

  const columnDefs = useMemo<ColumnDef<typeof features, Row, unknown>[]>(
    () =>
      props.columns.map((c) => ({
        id: c.name,
        accessorFn: (row: Row) => row[c.name],
        header: c.name,
        enableSorting: c.type !== 'json',
      })),
    [props.columns],
  );
  const count = total ?? 0;
  const table = useTable({
    features,
    columns: columnDefs,
    // The table model keeps headers, sorting and column visibility; rows stay in the page map
    // and only the virtual window renders. Handing it one object per row of the result (tens of
    // thousands) cost ~100 ms of row-model building on every page arrival.
    data: NO_ROWS,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setVisibility,
    manualSorting: true,
  });
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) loadPage(p, generation.current);
  }, [first, last, total]);

  const visibleColumns = table.getVisibleLeafColumns();
  // Fixed widths: every virtual row is laid out on its own, so sizing by content would misalign
  // columns from one row to the next.
  const widths: number[] = visibleColumns.map((c) =>
    props.columns.find((x) => x.name === c.id)?.type === 'json' ? 260 : 180,
  );
  const selection = props.selection;
  const keyColumn = selection?.key ?? props.rowKey;
  const keyOf = (row: Row): string => (keyColumn ? String(row[keyColumn] ?? '') : '');
  if (selection) widths.unshift(CHECK_WIDTH);
  const template = widths.map((w) => `${w}px`).join(' ');
  const width = widths.reduce((a, b) => a + b, 0);
  const loadedKeys = selection ? [...rows.values()].map(keyOf).filter(Boolean) : [];
  const allLoadedSelected = loadedKeys.length > 0 && loadedKeys.every((k) => selection?.selected.has(k));
  const toggle = (key: string, on: boolean): void => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (on) next.add(key);
    else next.delete(key);
    selection.onChange(next);
  };

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    try {
      const result = await api.call('tables.exportCsv', {
        table: props.table,
        columns: visibleColumns.map((c) => c.id),
        filters,
        sort,
      });
      downloadText(result.filename, result.csv);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div
      className="datatable"
      data-testid="datatable"
      data-ready={total !== null && !error ? 'true' : 'false'}
    >
      <div className="toolbar">
        <span className="muted" data-testid="row-count">
          {total === null ? 'loading…' : `${total.toLocaleString('en-US')} rows`}
        </span>
        <span className="grow" />
        <ColumnChooser columns={table.getAllLeafColumns()} />
        <button onClick={() => void exportCsv()} disabled={exporting || !total}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {error && <div className="error">{error}</div>}
      <div className="grid" ref={scroller} role="table" aria-rowcount={count}>
        <div className="grid-head" style={{ gridTemplateColumns: template, width }} role="row">
          {selection && (
            <div className="grid-th grid-check" role="columnheader">
              <input
                type="checkbox"
                aria-label="select loaded rows"
                checked={allLoadedSelected}
                onChange={(e) =>
                  selection.onChange(
                    e.target.checked ? new Set([...selection.selected, ...loadedKeys]) : new Set(),
                  )
                }
              />
            </div>
          )}
          {table.getHeaderGroups()[0]?.headers.map((h) => {
            const dir = h.column.getIsSorted();
            const spec = props.columns.find((c) => c.name === h.column.id);
            return (
              <div
                key={h.id}
                className="grid-th"
                role="columnheader"
                aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button
                  className="th-label"
                  title={spec?.description}
                  onClick={h.column.getToggleSortingHandler()}
                  disabled={!h.column.getCanSort()}
                >
                  {h.column.id} {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                </button>
                <input
                  aria-label={`filter ${h.column.id}`}
                  placeholder="filter"
                  value={filterText[h.column.id] ?? ''}
                  onChange={(e) => setFilterText((f) => ({ ...f, [h.column.id]: e.target.value }))}
                />
              </div>
            );
          })}
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative', width }}>
          {items.map((item) => {
            const row = rows.get(item.index);
            const loaded = row !== undefined;
            const key = row ? keyOf(row) : '';
            const active = key !== '' && props.activeKey === key;
            return (
              <div
                key={item.key}
                role="row"
                data-key={key || undefined}
                aria-selected={selection ? selection.selected.has(key) : undefined}
                className={`grid-row${props.onRowClick && loaded ? ' clickable' : ''}${active ? ' active' : ''}`}
                style={{
                  gridTemplateColumns: template,
                  width,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                }}
                onClick={() => row && props.onRowClick?.(row)}
              >
                {selection && row && (
                  <div className="grid-td grid-check" role="cell" onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`select ${key}`}
                      checked={selection.selected.has(key)}
                      onChange={(e) => toggle(key, e.target.checked)}
                    />
                  </div>
                )}
                {row ? (
                  visibleColumns.map((column) => {
                    const text = cellText(row[column.id]);
                    return (
                      <div
                        key={column.id}
                        role="cell"
                        className="grid-td"
                        title={text.length > 40 ? text : undefined}
                      >
                        {text}
                      </div>
                    );
                  })
                ) : (
                  <div className="grid-td muted">…</div>
                )}
              </div>
            );
          })}
        </div>
        {total === 0 && !error && <div className="empty">No rows match.</div>}
      </div>
    </div>
  );
}
