import { useState } from 'react';
import { api } from '../api/client.ts';
import { useCall } from '../api/use-call.ts';
import { ErrorLine } from '../components/Empty.tsx';
import type { AgentAnswerView, AgentResult } from '../../pipeline/service/contract.ts';

const CHART_MAX_BARS = 20;

/** A bar per row when the result is one label column and one number column; otherwise nothing. */
function BarChart({ result }: { result: AgentResult }) {
  const [label, value] = result.columns;
  if (result.columns.length !== 2 || !label || !value) return null;
  const bars = result.rows
    .slice(0, CHART_MAX_BARS)
    .map((r) => ({ label: String(r[label]), value: Number(r[value]) }));
  if (bars.length < 2 || bars.some((b) => !Number.isFinite(b.value))) return null;
  const max = Math.max(...bars.map((b) => b.value), 1);
  return (
    <div className="chart" data-testid="agent-chart" aria-label={`${value} by ${label}`}>
      {bars.map((b) => (
        <div key={b.label} className="bar-row">
          <span className="bar-label">{b.label}</span>
          <span className="bar" style={{ width: `${(b.value / max) * 100}%` }} />
          <span className="bar-value">{b.value}</span>
        </div>
      ))}
    </div>
  );
}

function ResultTable({ result }: { result: AgentResult }) {
  return (
    <div className="table-scroll">
      <table className="simple" data-testid="agent-rows">
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r, i) => (
            <tr key={i}>
              {result.columns.map((c) => (
                <td key={c}>
                  {typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : String(r[c] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {result.rows.length} row{result.rows.length === 1 ? '' : 's'}
        {result.truncated ? ' (row limit reached)' : ''}
      </p>
    </div>
  );
}

/** Plain-language questions answered with SQL that the analyst can read, edit and re-run. */
export function AgentPage() {
  const history = useCall('agent.history', { limit: 20 });
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<AgentAnswerView>();
  const [sql, setSql] = useState('');
  const [result, setResult] = useState<AgentResult>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      history.reload();
    }
  };
  const ask = (): Promise<void> =>
    run(async () => {
      const a = await api.call('agent.ask', { question });
      setAnswer(a);
      setSql(a.sql);
      setResult(a);
    });
  const rerun = (): Promise<void> => run(async () => setResult(await api.call('agent.runSql', { sql })));

  return (
    <div className="agent" data-testid="agent">
      <form
        className="panel form"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label>
          Question
          <input
            value={question}
            placeholder="Which internet-facing VMs have no EDR agent?"
            onChange={(e) => setQuestion(e.target.value)}
          />
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={busy || question.trim() === ''}>
            {busy ? 'Working…' : 'Ask'}
          </button>
          {answer && (
            <span className="muted">
              {answer.provider}/{answer.model}, {answer.attempts} attempt{answer.attempts === 1 ? '' : 's'},{' '}
              {answer.elapsedMs} ms
            </span>
          )}
        </div>
      </form>
      <ErrorLine error={error} />
      {answer && <p data-testid="agent-explanation">{answer.explanation}</p>}
      {(answer || sql) && (
        <div className="panel form">
          <label>
            SQL (read-only; edit and run again)
            <textarea data-testid="agent-sql" rows={8} value={sql} onChange={(e) => setSql(e.target.value)} />
          </label>
          <div className="row">
            <button type="button" disabled={busy || sql.trim() === ''} onClick={() => void rerun()}>
              Run SQL
            </button>
          </div>
        </div>
      )}
      {result && <BarChart result={result} />}
      {result && <ResultTable result={result} />}
      <section className="panel">
        <h3>Recent questions</h3>
        <ul className="history">
          {(history.data ?? []).map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setQuestion(h.question);
                  if (h.sql) setSql(h.sql);
                }}
              >
                {h.question}
              </button>{' '}
              <span className="muted">{h.status === 'answered' ? '' : `failed: ${h.error ?? ''}`}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
