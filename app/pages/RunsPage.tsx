// Launch runs by source and stage, follow them live (events over SSE or IPC), and steer the
// journal: details, retry, cancel, resume; schedules.
import { useState } from 'react';
import type { StageName } from '../../pipeline/service/contract.ts';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import { SourceStagePicker } from '../components/SourceStagePicker.tsx';
import { formatCount, formatDuration, formatTime } from '../components/format.ts';
import { useEvents, type LiveRun } from '../stores/events.ts';
import { useRoute } from '../stores/route.ts';
import { RunStatus } from './RunStatus.tsx';
import { SchedulesPanel } from './SchedulesPanel.tsx';

function Progress({ done, total, label }: { done: number; total?: number; label: string }) {
  const pct = total ? Math.min(100, (100 * done) / total) : undefined;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuenow={done}
      aria-valuemax={total}
    >
      <div
        className="progress-fill"
        style={{ width: pct === undefined ? '100%' : `${pct}%` }}
        data-indeterminate={pct === undefined}
      />
      <span>
        {label}: {formatCount(done)}
        {total ? ` / ${formatCount(total)}` : ''}
      </span>
    </div>
  );
}

export function LiveRunCard({ run }: { run: LiveRun }) {
  const seconds = Math.max(1, (run.updatedAt - run.startedAt) / 1000);
  return (
    <div className="panel live-run" data-testid="live-run" data-status={run.status}>
      <div className="row">
        <strong>{run.runId}</strong> <RunStatus status={run.status} />
        <span className="grow" />
        {run.status === 'running' && (
          <button onClick={() => void api.call('runs.cancel', { runId: run.runId })}>Cancel</button>
        )}
      </div>
      {run.progress && (
        <Progress
          done={run.progress.done}
          total={run.progress.total}
          label={run.progress.message ?? run.progress.unit ?? 'progress'}
        />
      )}
      {Object.entries(run.steps)
        .slice(-6)
        .map(([name, p]) => (
          <Progress
            key={name}
            done={p.done}
            total={p.total}
            label={`${name}${p.unit ? ` (${p.unit})` : ''}`}
          />
        ))}
      <div className="muted">
        steps {run.stepsFinished}/{run.stepsStarted} · rows {formatCount(run.rowsWritten)} ·{' '}
        {Math.round(run.rowsWritten / seconds)} rows/s · retries {run.retries} · errors {run.errors.length}
        {run.currentStep && run.status === 'running' ? ` · now: ${run.currentStep}` : ''}
      </div>
      {run.errors.slice(-3).map((e, i) => (
        <div key={i} className="error">
          {e}
        </div>
      ))}
    </div>
  );
}

function RunDetails({ runId }: { runId: string }) {
  const detail = useCall('runs.show', { runId }, { refreshOn: 'runs' });
  if (!detail.data) return detail.error ? <ErrorLine error={detail.error} /> : <Loading />;
  const d = detail.data;
  return (
    <div className="panel" data-testid="run-detail">
      <h3>Run {d.runId}</h3>
      {d.error && <div className="error">{d.error.message}</div>}
      <table className="simple">
        <thead>
          <tr>
            <th>#</th>
            <th>step</th>
            <th>status</th>
            <th>attempts</th>
            <th>duration</th>
            <th>rows</th>
            <th>error</th>
          </tr>
        </thead>
        <tbody>
          {d.steps.map((s) => (
            <tr key={s.seq}>
              <td>{s.seq}</td>
              <td>{s.name}</td>
              <td>
                <RunStatus status={s.status} />
              </td>
              <td className="num">{s.attempts}</td>
              <td>{formatDuration(s.durationMs)}</td>
              <td className="num">{formatCount(s.rowsWritten)}</td>
              <td className="error-inline">{s.error?.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunsPage() {
  const sources = useCall('sources.list', {}, { refreshOn: 'sources' });
  const runs = useCall('runs.list', { limit: 50 }, { refreshOn: 'runs' });
  const live = useEvents((s) => s.runs);
  const selectedFromRoute = useRoute((r) => r.params.run);
  const [selected, setSelected] = useState<string | undefined>(selectedFromRoute);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [stages, setStages] = useState<Set<StageName>>(new Set(['ingest', 'normalize', 'detect']));
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const ids = sources.data?.map((s) => s.id) ?? [];
  const picked = chosen ?? new Set(ids);
  const act = async (f: () => Promise<string | void>): Promise<void> => {
    setError(undefined);
    try {
      const message = await f();
      if (message) setNote(message);
      runs.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const liveRuns = Object.values(live)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, 3);
  return (
    <div className="stack" data-testid="runs">
      <section className="panel" data-testid="launch">
        <h2>Launch a run</h2>
        <SourceStagePicker
          sourceIds={ids}
          sources={picked}
          onSources={setChosen}
          stages={stages}
          onStages={setStages}
        />
        <div className="row">
          <button
            className="primary"
            disabled={stages.size === 0}
            onClick={() =>
              void act(async () => {
                const { runId } = await api.call('runs.launch', {
                  sources: [...picked],
                  stages: [...stages],
                });
                setSelected(runId);
                return `Started ${runId}.`;
              })
            }
          >
            Launch run
          </button>
          <button
            onClick={() =>
              void act(async () => {
                const r = await api.call('runs.resume', {});
                return r.resumed.length
                  ? `Resumed ${r.resumed.join(', ')}.`
                  : 'No unfinished runs to resume.';
              })
            }
          >
            Resume unfinished
          </button>
          {note && <span className="muted">{note}</span>}
        </div>
        <ErrorLine error={error} />
      </section>
      {liveRuns.map((r) => (
        <LiveRunCard key={r.runId} run={r} />
      ))}
      <SchedulesPanel sourceIds={ids} onOpenRun={setSelected} />
      <section>
        <h2>History</h2>
        {!runs.data ? (
          <Loading />
        ) : (
          <table className="simple" aria-label="run history">
            <thead>
              <tr>
                <th>run</th>
                <th>status</th>
                <th>started</th>
                <th>duration</th>
                <th>steps</th>
                <th>rows</th>
                <th>error</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.runId} className={r.runId === selected ? 'selected' : ''}>
                  <td>
                    <button className="link" onClick={() => setSelected(r.runId)}>
                      {r.runId}
                    </button>
                  </td>
                  <td>
                    <RunStatus status={r.status} />
                  </td>
                  <td>{formatTime(r.createdAt)}</td>
                  <td>{formatDuration(r.durationMs)}</td>
                  <td className="num">
                    {r.stepsFinished}/{r.stepsTotal}
                  </td>
                  <td className="num">{formatCount(r.rowsWritten)}</td>
                  <td className="error-inline">{r.error?.message ?? ''}</td>
                  <td className="actions">
                    {r.status === 'running' ? (
                      <button
                        onClick={() =>
                          void act(async () => void (await api.call('runs.cancel', { runId: r.runId })))
                        }
                      >
                        Cancel
                      </button>
                    ) : (
                      <button
                        onClick={() =>
                          void act(async () => {
                            const { runId } = await api.call('runs.retry', { runId: r.runId });
                            return `Retrying as ${runId}.`;
                          })
                        }
                      >
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selected && <RunDetails runId={selected} />}
    </div>
  );
}
