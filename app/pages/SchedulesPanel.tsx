// Scheduled pipeline runs: the workbench fires them while it is open (desktop or `hotpot serve`);
// runs missed while it was closed fire once on the next start.
import { useState } from 'react';
import type { ScheduleView, StageName } from '../../pipeline/service/contract.ts';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import { formatTime } from '../components/format.ts';
import { SourceStagePicker } from '../components/SourceStagePicker.tsx';

const PRESETS: readonly { label: string; cron: string }[] = [
  { label: 'hourly', cron: '0 * * * *' },
  { label: 'every 6 hours', cron: '0 */6 * * *' },
  { label: 'daily 06:00', cron: '0 6 * * *' },
  { label: 'weekdays 07:30', cron: '30 7 * * 1-5' },
];

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function SchedulesPanel({
  sourceIds,
  onOpenRun,
}: {
  sourceIds: readonly string[];
  onOpenRun(runId: string): void;
}) {
  const schedules = useCall('schedules.list', {}, { refreshOn: 'runs' });
  const [id, setId] = useState('daily');
  const [cron, setCron] = useState('0 6 * * *');
  const [timezone, setTimezone] = useState(localZone);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [stages, setStages] = useState<Set<StageName>>(new Set(['ingest', 'normalize', 'detect']));
  const [error, setError] = useState<string>();
  const picked = chosen ?? new Set(sourceIds);

  const act = async (f: () => Promise<unknown>): Promise<void> => {
    setError(undefined);
    try {
      await f();
      schedules.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const save = (s: Pick<ScheduleView, 'id' | 'cron' | 'timezone' | 'sources' | 'stages' | 'enabled'>) =>
    act(() => api.call('schedules.save', s));

  return (
    <section className="panel" data-testid="schedules">
      <h2>Schedules</h2>
      <p className="muted">
        Scheduled runs start while the workbench is open; a run missed while it was closed starts once when it
        opens. Sources are those chosen when the schedule is saved.
      </p>
      {!schedules.data ? (
        <Loading />
      ) : schedules.data.length === 0 ? (
        <p className="muted">No schedules yet.</p>
      ) : (
        <table className="simple" aria-label="schedules">
          <thead>
            <tr>
              <th>schedule</th>
              <th>cron</th>
              <th>sources</th>
              <th>stages</th>
              <th>next</th>
              <th>last run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.data.map((s) => (
              <tr key={s.id} data-enabled={s.enabled}>
                <td>{s.id}</td>
                <td>
                  <code>{s.cron}</code> <span className="muted">{s.timezone}</span>
                </td>
                <td>{s.sources.join(', ') || '—'}</td>
                <td>{s.stages.join(', ')}</td>
                <td>{s.enabled ? formatTime(s.nextFireAt) : 'paused'}</td>
                <td>
                  {s.lastRunId ? (
                    <button className="link" onClick={() => onOpenRun(s.lastRunId!)}>
                      {formatTime(s.lastFiredAt)}
                    </button>
                  ) : (
                    'never'
                  )}
                </td>
                <td className="actions">
                  <button onClick={() => void save({ ...s, enabled: !s.enabled })}>
                    {s.enabled ? 'Pause' : 'Resume'}
                  </button>
                  <button onClick={() => void act(() => api.call('schedules.remove', { id: s.id }))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Add or replace a schedule</h3>
      <div className="row wrap">
        <label>
          Name <input aria-label="schedule name" value={id} onChange={(e) => setId(e.target.value)} />
        </label>
        <label>
          Cron <input aria-label="cron" value={cron} onChange={(e) => setCron(e.target.value)} />
        </label>
        {PRESETS.map((p) => (
          <button key={p.cron} className="link" onClick={() => setCron(p.cron)}>
            {p.label}
          </button>
        ))}
        <label>
          Time zone{' '}
          <input aria-label="time zone" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
        </label>
      </div>
      <SourceStagePicker
        sourceIds={sourceIds}
        sources={picked}
        onSources={setChosen}
        stages={stages}
        onStages={setStages}
      />
      <div className="row">
        <button
          className="primary"
          disabled={stages.size === 0 || id.trim() === ''}
          onClick={() =>
            void save({
              id: id.trim(),
              cron,
              timezone,
              sources: [...picked],
              stages: [...stages],
              enabled: true,
            })
          }
        >
          Save schedule
        </button>
      </div>
      <ErrorLine error={error} />
    </section>
  );
}
