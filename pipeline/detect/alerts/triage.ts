// Analyst transitions (CLI and UI): acknowledge, mute (optionally until a time), mark a false
// positive, resolve by hand, reopen. Each writes the alert and one event in one transaction.
import { HotpotError } from '../../../db/errors.ts';
import type { SqlParam, Store } from '../../../db/store/types.ts';
import { ALERT_STATUSES, newEvent, toAlert, writeAlerts, type Alert, type AlertStatus } from './model.ts';

export type TriageAction = 'ack' | 'mute' | 'unmute' | 'resolve' | 'false-positive' | 'reopen';
export const TRIAGE_ACTIONS: readonly TriageAction[] = [
  'ack',
  'mute',
  'unmute',
  'resolve',
  'false-positive',
  'reopen',
];

export interface TriageInput {
  alertId: string;
  action: TriageAction;
  reason?: string;
  /** Mute expiry (ISO time); only with `mute`. */
  until?: string;
  actor?: string;
  now?: Date;
}

const TARGET: Record<TriageAction, AlertStatus> = {
  ack: 'acknowledged',
  mute: 'muted',
  unmute: 'open',
  resolve: 'resolved',
  'false-positive': 'false_positive',
  reopen: 'open',
};
const EVENT: Record<TriageAction, string> = {
  ack: 'acknowledged',
  mute: 'muted',
  unmute: 'unmuted',
  resolve: 'manual_resolve',
  'false-positive': 'false_positive',
  reopen: 'reopened',
};

export async function getAlert(store: Store, alertId: string): Promise<Alert | undefined> {
  const [row] = await store.query('SELECT * FROM gold.alerts WHERE alert_id = $1', [alertId]);
  return row ? toAlert(row) : undefined;
}

export async function triageAlert(store: Store, input: TriageInput): Promise<Alert> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  let until: string | null = null;
  if (input.until !== undefined) {
    if (input.action !== 'mute') throw new HotpotError('--until only applies to "mute".', 'BAD_TRIAGE');
    const t = Date.parse(input.until);
    if (Number.isNaN(t))
      throw new HotpotError(
        `"${input.until}" is not a time; give an ISO date such as 2026-12-31.`,
        'BAD_TRIAGE',
      );
    until = new Date(t).toISOString();
  }
  return store.transaction(async (tx) => {
    const [row] = await tx.query('SELECT * FROM gold.alerts WHERE alert_id = $1', [input.alertId]);
    if (!row)
      throw new HotpotError(
        `No alert ${input.alertId}. List alerts with "hotpot alerts list" to find its id.`,
        'NO_SUCH_ALERT',
      );
    const prev = toAlert(row);
    const to = input.action === 'unmute' && !prev.alarming ? 'resolved' : TARGET[input.action];
    const next: Alert = {
      ...prev,
      status: to,
      updated_at: at,
      triage_reason: input.reason ?? prev.triage_reason,
      triaged_by: input.actor ?? prev.triaged_by,
      triaged_at: at,
      muted_until: to === 'muted' ? until : null,
      resolved_at: to === 'resolved' ? at : prev.resolved_at,
    };
    await writeAlerts(
      tx,
      [next],
      [
        newEvent(
          next,
          at,
          EVENT[input.action],
          prev.status,
          to,
          input.actor ?? 'analyst',
          input.reason ?? null,
        ),
      ],
    );
    return next;
  });
}

export interface AlertFilter {
  status?: AlertStatus;
  ruleId?: string;
  limit?: number;
}

export function isAlertStatus(value: string): value is AlertStatus {
  return (ALERT_STATUSES as readonly string[]).includes(value);
}

/** Alerts, most severe and most recent first. */
export async function listAlerts(store: Store, filter: AlertFilter = {}): Promise<Alert[]> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (filter.status) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  if (filter.ruleId) {
    params.push(filter.ruleId);
    where.push(`rule_id = $${params.length}`);
  }
  const rows = await store.query(
    `SELECT * FROM gold.alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,
              last_seen DESC, alert_id
     ${filter.limit ? `LIMIT ${Math.trunc(filter.limit)}` : ''}`,
    params,
  );
  return rows.map(toAlert);
}
