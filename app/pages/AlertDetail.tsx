// One alert: what the rule saw (reason and dimensions), what to do (remediation), and where it
// stands (first/last seen, occurrences, who triaged it and when, every transition).
import { useState } from 'react';
import type { AlertDetail as Detail } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { DetailPanel } from '../components/DetailPanel.tsx';
import { cellText, formatTime } from '../components/format.ts';
import { RowsTable, Severity } from '../components/RowsTable.tsx';
import { ACTION_LABELS, TriageForm, type TriageActionName } from '../components/TriageForm.tsx';

/** Transitions that make sense from each status (the service accepts any; this keeps the panel short). */
const NEXT: Record<string, readonly TriageActionName[]> = {
  open: ['ack', 'mute', 'false-positive', 'resolve'],
  acknowledged: ['mute', 'false-positive', 'resolve', 'reopen'],
  muted: ['unmute', 'ack', 'false-positive', 'reopen'],
  false_positive: ['reopen'],
  resolved: ['reopen'],
};

function Dimensions({ value }: { value: unknown }) {
  const entries =
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
      : [];
  if (entries.length === 0) return <p className="muted">No dimensions.</p>;
  return (
    <dl className="facts" aria-label="dimensions">
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{cellText(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Lifecycle({ detail }: { detail: Detail }) {
  const a = detail.alert;
  const facts: [string, string][] = [
    ['first seen', formatTime(a.first_seen)],
    ['last seen', formatTime(a.last_seen)],
    ['occurrences', String(a.occurrences)],
    ['still alarming', a.alarming ? 'yes' : 'no'],
    ['resolved at', formatTime(a.resolved_at)],
    ['triaged by', a.triaged_by ?? '–'],
    ['triaged at', formatTime(a.triaged_at)],
    ['triage reason', a.triage_reason ?? '–'],
    [
      'muted until',
      a.status === 'muted' ? (a.muted_until ? formatTime(a.muted_until) : 'until lifted') : '–',
    ],
  ];
  return (
    <dl className="facts" aria-label="lifecycle">
      {facts.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd data-fact={k}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AlertDetailPanel({ alertId, onClose }: { alertId: string; onClose(): void }) {
  const call = useCall('alerts.show', { alertId }, { refreshOn: 'alerts' });
  const [action, setAction] = useState<TriageActionName | null>(null);
  const d = call.data;
  return (
    <DetailPanel
      testId="alert-detail"
      title={d?.alert.title ?? 'Alert'}
      onClose={onClose}
      ready={d !== undefined}
      error={call.error}
    >
      {d && (
        <>
          <div className="row wrap">
            <Severity value={d.alert.severity} />
            <span className={`status status-${d.alert.status}`} data-testid="alert-status">
              {d.alert.status}
            </span>
            <code className="muted">{d.alert.rule_id}</code>
          </div>
          <div>
            <strong>Resource</strong> <code>{d.alert.resource}</code>
            {d.alert.asset_id && (
              <>
                {' '}
                · asset{' '}
                <a href={`#/assets?asset=${encodeURIComponent(d.alert.asset_id)}`}>{d.alert.asset_id}</a>
              </>
            )}
          </div>
          <div className="row wrap">
            {(NEXT[d.alert.status] ?? []).map((a) => (
              <button key={a} onClick={() => setAction(a)} disabled={action !== null}>
                {ACTION_LABELS[a]}
              </button>
            ))}
          </div>
          {action && (
            <TriageForm
              alertIds={[alertId]}
              action={action}
              onCancel={() => setAction(null)}
              onDone={(r) => {
                if (r.failed.length === 0) setAction(null);
                call.reload();
              }}
            />
          )}
          <section>
            <h3>Evidence</h3>
            <p data-testid="alert-reason">{d.alert.reason ?? 'No reason recorded.'}</p>
            <Dimensions value={d.alert.dimensions_json} />
          </section>
          <section>
            <h3>Remediation</h3>
            {d.rule ? (
              <>
                <p>{d.rule.remediation || 'The rule gives no remediation.'}</p>
                <p className="muted">{d.rule.description}</p>
                {d.rule.frameworks.length > 0 && (
                  <p className="muted">Maps to {d.rule.frameworks.join(', ')}</p>
                )}
              </>
            ) : (
              <p className="muted">The rule {d.alert.rule_id} is no longer loaded.</p>
            )}
          </section>
          <section>
            <h3>Lifecycle</h3>
            <Lifecycle detail={d} />
            <RowsTable
              label="alert events"
              rows={d.events.map((e) => ({ ...e }))}
              empty="No transitions recorded."
              columns={[
                { key: 'event_at', label: 'when', render: (r) => formatTime(String(r.event_at)) },
                { key: 'event' },
                { key: 'actor', label: 'who' },
                { key: 'reason' },
              ]}
            />
          </section>
        </>
      )}
    </DetailPanel>
  );
}
