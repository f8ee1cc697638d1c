import { ALERT_CHART_DAYS } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading, NotCollected } from '../components/Empty.tsx';
import { formatCount, formatDuration, formatTime } from '../components/format.ts';
import { AlertsOverTime, CoverageChart } from '../components/OverviewCharts.tsx';
import { RunStatus } from './RunStatus.tsx';

export function OverviewPage() {
  const overview = useCall('overview.get', {}, { refreshOn: 'runs' });
  const o = overview.data;
  if (!o) return overview.error ? <ErrorLine error={overview.error} /> : <Loading />;
  const sources = [...new Set(o.perSource.map((s) => s.sourceId))];
  return (
    <div className="stack" data-testid="overview">
      <div className="cards">
        {o.layers.map((l) => (
          <div key={l.layer} className={`card layer-${l.layer}`}>
            <div className="card-title">{l.layer}</div>
            <div className="card-value">{formatCount(l.rows)}</div>
            <div className="muted">rows in {l.tables} tables</div>
          </div>
        ))}
        <div className="card">
          <div className="card-title">sources</div>
          <div className="card-value">{o.sources}</div>
          <div className="muted">
            <a href="#/sources">configure</a>
          </div>
        </div>
      </div>
      <div className="chart-grid">
        <section className="panel">
          <h2>EDR coverage</h2>
          <CoverageChart coverage={o.coverage} />
        </section>
        <section className="panel">
          <h2>Alerts opened per day, by severity</h2>
          <AlertsOverTime counts={o.alertsByDay} days={ALERT_CHART_DAYS} />
        </section>
      </div>
      <section>
        <h2>Rows per source and layer</h2>
        {sources.length === 0 ? (
          <NotCollected title="Nothing collected yet">
            <p>
              Add a source on the <a href="#/sources">Sources</a> page, then launch a run on the{' '}
              <a href="#/runs">Runs</a> page.
            </p>
          </NotCollected>
        ) : (
          <table className="simple">
            <thead>
              <tr>
                <th>source</th>
                {o.layers.map((l) => (
                  <th key={l.layer}>{l.layer}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sources.map((id) => {
                const of = (layer: string): number =>
                  o.perSource.find((s) => s.sourceId === id && s.layer === layer)?.rows ?? 0;
                return (
                  <tr key={id}>
                    <td>{id}</td>
                    {o.layers.map((l) => (
                      <td key={l.layer} className="num">
                        {formatCount(of(l.layer))}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h2>Last runs</h2>
        {o.lastRuns.length === 0 ? (
          <p className="muted">No runs yet.</p>
        ) : (
          <table className="simple">
            <thead>
              <tr>
                <th>run</th>
                <th>status</th>
                <th>started</th>
                <th>duration</th>
                <th>rows written</th>
              </tr>
            </thead>
            <tbody>
              {o.lastRuns.map((r) => (
                <tr key={r.runId}>
                  <td>
                    <a href={`#/runs?run=${r.runId}`}>{r.runId}</a>
                  </td>
                  <td>
                    <RunStatus status={r.status} />
                  </td>
                  <td>{formatTime(r.createdAt)}</td>
                  <td>{formatDuration(r.durationMs)}</td>
                  <td className="num">{formatCount(r.rowsWritten)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
