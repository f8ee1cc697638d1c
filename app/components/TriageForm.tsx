// The one place an analyst triages: bulk from the queue or a single alert from its detail panel.
// Mute and false positive need a reason (the service refuses them without one); mute may end.
import { useState } from 'react';
import {
  REASON_REQUIRED,
  type TriageActionName,
  type TriageResult,
} from '../../pipeline/service/contract.ts';
import { api } from '../api/client.ts';

export type { TriageActionName };

export const ACTION_LABELS: Record<TriageActionName, string> = {
  ack: 'Acknowledge',
  mute: 'Mute',
  unmute: 'Unmute',
  'false-positive': 'False positive',
  reopen: 'Reopen',
  resolve: 'Resolve',
};

export function TriageForm(props: {
  alertIds: readonly string[];
  action: TriageActionName;
  onDone(result: TriageResult): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const needsReason = REASON_REQUIRED.has(props.action);
  const n = props.alertIds.length;

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.call('alerts.triage', {
        alertIds: [...props.alertIds],
        action: props.action,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(props.action === 'mute' && until ? { until: new Date(until).toISOString() } : {}),
      });
      if (result.failed.length > 0)
        setError(result.failed.map((f) => `${f.alertId.slice(0, 12)}: ${f.message}`).join(' '));
      props.onDone(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form panel"
      aria-label="triage form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <strong>
        {ACTION_LABELS[props.action]} {n === 1 ? '1 alert' : `${n} alerts`}
      </strong>
      <label>
        Reason{needsReason ? ' (required)' : ' (optional)'}
        <textarea
          name="reason"
          rows={2}
          value={reason}
          required={needsReason}
          placeholder={needsReason ? 'Why? (kept in the alert history)' : 'Ticket, context…'}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {props.action === 'mute' && (
        <label>
          Mute until (optional; it reopens after this if it still alarms)
          <input
            name="until"
            type="datetime-local"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
          />
        </label>
      )}
      {error && <div className="error">{error}</div>}
      <div className="row">
        <button className="primary" type="submit" disabled={busy || (needsReason && !reason.trim())}>
          {busy ? 'Saving…' : `Confirm ${ACTION_LABELS[props.action].toLowerCase()}`}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
