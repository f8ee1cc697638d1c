// Publish: where this workspace publishes (the password never comes back), what the central
// database recorded of the last publish of each table, and a launch button whose run reports
// its progress (tables done of total) like any pipeline run.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine, Loading } from '../components/Empty.tsx';
import { formatCount, formatTime } from '../components/format.ts';
import { useEvents } from '../stores/events.ts';
import { LiveRunCard } from './RunsPage.tsx';

export function PublishPage() {
  const status = useCall('publish.status', {}, { refreshOn: 'runs' });
  const [url, setUrl] = useState('');
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const live = useEvents((s) => (runId ? s.runs[runId] : undefined));

  const save = async (target: string): Promise<void> => {
    setError(undefined);
    try {
      await api.call('publish.setTarget', { url: target });
      setUrl('');
      status.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const launch = async (): Promise<void> => {
    setError(undefined);
    try {
      setRunId((await api.call('runs.launch', { sources: [], stages: ['publish'] })).runId);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!status.data) return status.error ? <ErrorLine error={status.error} /> : <Loading />;
  const s = status.data;
  return (
    <div className="stack" data-testid="publish">
      <section className="panel">
        <h2>Central database</h2>
        <p data-testid="publish-target">
          {s.target ? <code>{s.target}</code> : <span className="muted">No target configured.</span>}
        </p>
        {s.publisherId && <p className="muted">This workspace publishes as {s.publisherId}.</p>}
        <form
          className="row wrap"
          aria-label="publish target"
          onSubmit={(e) => {
            e.preventDefault();
            void save(url);
          }}
        >
          <input
            name="url"
            type="password"
            autoComplete="off"
            placeholder="postgres://user:password@host:5432/db"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            style={{ minWidth: 420 }}
          />
          <button type="submit" disabled={!url.trim()}>
            {s.target ? 'Change target' : 'Set target'}
          </button>
          {s.target && (
            <button type="button" onClick={() => void save('')}>
              Forget target
            </button>
          )}
        </form>
        <div className="row">
          <button
            className="primary"
            onClick={() => void launch()}
            disabled={!s.target || live?.status === 'running'}
          >
            Publish now
          </button>
          <span className="muted">
            Only what changed since the last publish is sent; publishing twice changes nothing.
          </span>
        </div>
        {error && <div className="error">{error}</div>}
        {s.error && <div className="error">{s.error}</div>}
      </section>
      {live && <LiveRunCard run={live} />}
      <section>
        <h2>Last publish per table</h2>
        <p className="muted">
          As the central database recorded it. Tables without history (alerts and their events) are merged in
          full on every publish and keep no watermark, so they are not listed.
        </p>
        {s.tables.length === 0 ? (
          <p className="muted">Nothing published from this workspace yet.</p>
        ) : (
          <table className="simple" aria-label="published tables">
            <thead>
              <tr>
                <th>table</th>
                <th>published</th>
                <th>changes up to</th>
                <th>rows sent</th>
                <th>rows written</th>
                <th>older skipped</th>
              </tr>
            </thead>
            <tbody>
              {s.tables.map((t) => (
                <tr key={t.table} data-table={t.table}>
                  <td>{t.table}</td>
                  <td>{formatTime(t.publishedAt)}</td>
                  <td>{formatTime(t.watermark)}</td>
                  <td className="num">{formatCount(t.rowsSent)}</td>
                  <td className="num">{formatCount(t.rowsWritten)}</td>
                  <td className="num">{formatCount(t.skippedOlder)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
