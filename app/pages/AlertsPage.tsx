// The triage queue: gold.alerts filtered by status and severity (counts beside each filter), rows
// selected for bulk acknowledge / mute / false positive / reopen, and the selected alert's detail
// (kept in the address, so a reload shows the same alert).
import { useMemo, useState } from 'react';
import type { AlertCount } from '../../pipeline/service/contract.ts';
import { useCall } from '../api/use-call.ts';
import { DataTable } from '../components/DataTable.tsx';
import type { FilterInput } from '../components/filters.ts';
import { formatCount } from '../components/format.ts';
import { ACTION_LABELS, TriageForm, type TriageActionName } from '../components/TriageForm.tsx';
import { useEvents } from '../stores/events.ts';
import { navigate, useRoute } from '../stores/route.ts';
import { AlertDetailPanel } from './AlertDetail.tsx';
import { useLayerTable } from './LayerPages.tsx';

const STATUSES = ['open', 'acknowledged', 'muted', 'false_positive', 'resolved'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const BULK: readonly TriageActionName[] = ['ack', 'mute', 'false-positive', 'reopen', 'resolve'];
/** Columns an analyst triages by; the rest stay one click away in the column chooser. */
const HIDDEN = [
  'alert_id',
  'resource_type',
  'alarming',
  'resolved_at',
  'triaged_at',
  'muted_until',
  'dimensions_json',
  'updated_at',
];

function Chips(props: {
  label: string;
  values: readonly string[];
  chosen: readonly string[];
  count(value: string): number;
  onChange(next: string[]): void;
}) {
  return (
    <div className="chips" role="group" aria-label={props.label}>
      <span className="muted">{props.label}</span>
      {props.values.map((v) => {
        const on = props.chosen.includes(v);
        return (
          <button
            key={v}
            className="chip"
            aria-pressed={on}
            onClick={() => props.onChange(on ? props.chosen.filter((x) => x !== v) : [...props.chosen, v])}
          >
            {v.replace('_', ' ')}
            <span className="count">{formatCount(props.count(v))}</span>
          </button>
        );
      })}
    </div>
  );
}

function countWhere(counts: readonly AlertCount[] | undefined, pick: (c: AlertCount) => boolean): number {
  return (counts ?? []).filter(pick).reduce((n, c) => n + c.n, 0);
}

export function AlertsPage() {
  const table = useLayerTable(['gold.alerts'], 'Alerts');
  const alertId = useRoute((r) => r.params.alert ?? null);
  const alertsRevision = useEvents((s) => s.alertsRevision);
  const summary = useCall('alerts.summary', {}, { refreshOn: 'alerts' });
  // A triage queue starts with what needs a decision.
  const [statuses, setStatuses] = useState<string[]>(['open']);
  const [severities, setSeverities] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<TriageActionName | null>(null);
  const [triaged, setTriaged] = useState(0);
  const [note, setNote] = useState<string>();

  const filters = useMemo(() => {
    const out: FilterInput[] = [];
    if (statuses.length > 0) out.push({ column: 'status', op: 'in', value: statuses });
    if (severities.length > 0) out.push({ column: 'severity', op: 'in', value: severities });
    return out;
  }, [statuses, severities]);

  if (!table.info) return table.state;
  const info = table.info;
  const counts = summary.data;
  const inStatus = (c: AlertCount): boolean => statuses.length === 0 || statuses.includes(c.status);
  const inSeverity = (c: AlertCount): boolean => severities.length === 0 || severities.includes(c.severity);
  const changeFilter = (apply: () => void): void => {
    apply();
    setSelected(new Set());
  };

  return (
    <div className="stack" data-testid="alerts">
      <div className="row wrap">
        <Chips
          label="status"
          values={STATUSES}
          chosen={statuses}
          count={(v) => countWhere(counts, (c) => c.status === v && inSeverity(c))}
          onChange={(next) => changeFilter(() => setStatuses(next))}
        />
        <Chips
          label="severity"
          values={SEVERITIES}
          chosen={severities}
          count={(v) => countWhere(counts, (c) => c.severity === v && inStatus(c))}
          onChange={(next) => changeFilter(() => setSeverities(next))}
        />
      </div>
      {selected.size > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="bulk triage">
          <strong>{selected.size} selected</strong>
          {BULK.map((a) => (
            <button key={a} onClick={() => setAction(a)} disabled={action !== null}>
              {ACTION_LABELS[a]}
            </button>
          ))}
          <button className="link" onClick={() => setSelected(new Set())}>
            clear selection
          </button>
        </div>
      )}
      {action && (
        <TriageForm
          alertIds={[...selected]}
          action={action}
          onCancel={() => setAction(null)}
          onDone={(r) => {
            setNote(
              `${ACTION_LABELS[action]}: ${r.updated.length} updated${r.failed.length ? `, ${r.failed.length} failed` : ''}.`,
            );
            if (r.failed.length === 0) {
              setAction(null);
              setSelected(new Set());
            }
            setTriaged((t) => t + 1);
          }}
        />
      )}
      {note && (
        <div className="ok-inline" role="status">
          {note}
        </div>
      )}
      <div className="split">
        <DataTable
          table={info.name}
          columns={info.columns}
          baseFilters={filters}
          defaultSort={[{ id: 'last_seen', desc: true }]}
          defaultHidden={HIDDEN}
          selection={{ key: 'alert_id', selected, onChange: setSelected }}
          refreshKey={alertsRevision + triaged}
          activeKey={alertId}
          onRowClick={(row) => navigate('alerts', { alert: String(row.alert_id) })}
        />
        {alertId && <AlertDetailPanel alertId={alertId} onClose={() => navigate('alerts')} />}
      </div>
    </div>
  );
}
