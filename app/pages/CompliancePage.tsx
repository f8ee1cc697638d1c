// Compliance by benchmark: pick a benchmark (CIS GCP, CIS Controls, or a pack), see each control
// with resources per status, and open a control to page through the resources that fail it.
import { useMemo } from 'react';
import type { ComplianceBenchmark, ComplianceControl } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import type { FilterInput } from '../components/filters.ts';
import { formatCount } from '../components/format.ts';
import { Severity } from '../components/RowsTable.tsx';
import { navigate, useRoute } from '../stores/route.ts';
import { useLayerTable } from './LayerPages.tsx';

function total(b: ComplianceBenchmark, status: string): number {
  return b.controls.reduce((n, c) => n + (c.counts[status] ?? 0), 0);
}

function label(benchmark: string): string {
  return benchmark.startsWith('pack:') ? `${benchmark.slice(5)} (no framework)` : benchmark;
}

function ControlRow(props: { c: ComplianceControl; active: boolean; onOpen(): void }) {
  const { c } = props;
  const other = Object.entries(c.counts)
    .filter(([s]) => s !== 'ok' && s !== 'alarm')
    .reduce((n, [, v]) => n + v, 0);
  return (
    <tr className={props.active ? 'selected' : ''} data-control={c.control}>
      <td>
        <button className="link" onClick={props.onOpen}>
          {c.control}
        </button>
      </td>
      <td>{c.title}</td>
      <td>
        <Severity value={c.severity} />
      </td>
      <td className="num">{formatCount(c.counts.ok ?? 0)}</td>
      <td className={`num${c.counts.alarm ? ' error-inline' : ''}`}>{formatCount(c.counts.alarm ?? 0)}</td>
      <td className="num">{formatCount(other)}</td>
    </tr>
  );
}

export function CompliancePage() {
  const table = useLayerTable(['gold.compliance'], 'Compliance results');
  const benchmarks = useCall('compliance.benchmarks', {}, { refreshOn: 'runs' });
  const params = useRoute((r) => r.params);
  const list = benchmarks.data ?? [];
  const current = list.find((b) => b.benchmark === params.benchmark) ?? list[0];
  const control = current?.controls.find((c) => `${c.control}|${c.ruleId}` === params.control);
  const failing = useMemo<FilterInput[]>(
    () =>
      control
        ? [
            { column: 'rule_id', op: 'eq', value: control.ruleId },
            { column: 'status', op: 'eq', value: 'alarm' },
          ]
        : [],
    [control],
  );
  if (!table.info) return table.state;
  if (!benchmarks.data) return benchmarks.error ? <ErrorLine error={benchmarks.error} /> : <Loading />;
  const info = table.info;

  return (
    <div className="stack" data-testid="compliance">
      <div className="benchmarks">
        <nav className="table-list" aria-label="benchmarks">
          {list.map((b) => (
            <button
              key={b.benchmark}
              className={`table-link${b === current ? ' active' : ''}`}
              onClick={() => navigate('compliance', { benchmark: b.benchmark })}
            >
              <span>{label(b.benchmark)}</span>
              <span className={total(b, 'alarm') ? 'error-inline' : 'muted'}>
                {formatCount(total(b, 'alarm'))} failing
              </span>
            </button>
          ))}
        </nav>
        <div className="stack">
          {current && (
            <table className="simple" aria-label="controls">
              <thead>
                <tr>
                  <th>control</th>
                  <th>title</th>
                  <th>severity</th>
                  <th>ok</th>
                  <th>failing</th>
                  <th>other</th>
                </tr>
              </thead>
              <tbody>
                {current.controls.map((c) => (
                  <ControlRow
                    key={`${c.control}|${c.ruleId}`}
                    c={c}
                    active={c === control}
                    onOpen={() =>
                      navigate('compliance', {
                        benchmark: current.benchmark,
                        control: `${c.control}|${c.ruleId}`,
                      })
                    }
                  />
                ))}
              </tbody>
            </table>
          )}
          {control && (
            <section data-testid="failing-resources">
              <h2>
                {label(current?.benchmark ?? '')} {control.control}: resources failing {control.ruleId}
              </h2>
              <DataTable
                table={info.name}
                columns={info.columns}
                baseFilters={failing}
                defaultSort={[{ id: 'resource', desc: false }]}
                defaultHidden={[
                  'source_id',
                  'resource_id',
                  'scope',
                  'content_hash',
                  'tree_hash',
                  'history_id',
                  'frameworks_json',
                  'title',
                  'pack',
                ]}
              />
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
