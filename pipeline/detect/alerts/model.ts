// Alert rows and events as the lifecycle code handles them, and how they are written: a changed
// alert is deleted and re-appended with the bulk path (one statement per batch, both stores).
import { createHash, randomUUID } from 'node:crypto';
import { GOLD_ALERT_EVENTS, GOLD_ALERTS } from '../../../db/catalog/tables/gold.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import type { SqlSession } from '../../../db/store/types.ts';
import { normalizeValue } from '../../../db/values.ts';

export type AlertStatus = 'open' | 'acknowledged' | 'muted' | 'false_positive' | 'resolved';
export const ALERT_STATUSES: readonly AlertStatus[] = [
  'open',
  'acknowledged',
  'muted',
  'false_positive',
  'resolved',
];

export interface Alert {
  alert_id: string;
  rule_id: string;
  resource: string;
  resource_type: string | null;
  asset_id: string | null;
  severity: string | null;
  title: string | null;
  reason: string | null;
  status: AlertStatus;
  alarming: boolean;
  first_seen: string;
  last_seen: string;
  occurrences: number;
  resolved_at: string | null;
  triage_reason: string | null;
  triaged_by: string | null;
  triaged_at: string | null;
  muted_until: string | null;
  dimensions_json: unknown;
  updated_at: string;
}

export interface AlertEvent {
  event_id: string;
  alert_id: string;
  event_at: string;
  event: string;
  from_status: AlertStatus | null;
  to_status: AlertStatus;
  actor: string | null;
  reason: string | null;
}

/** Stable id of a (rule, resource) pair: the same finding keeps its alert and triage forever. */
export function alertFingerprint(ruleId: string, resource: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${resource}`).digest('hex').slice(0, 24);
}

export function newEvent(
  alert: Pick<Alert, 'alert_id'>,
  at: string,
  event: string,
  from: AlertStatus | null,
  to: AlertStatus,
  actor: string,
  reason: string | null = null,
): AlertEvent {
  return {
    event_id: randomUUID(),
    alert_id: alert.alert_id,
    event_at: at,
    event,
    from_status: from,
    to_status: to,
    actor,
    reason,
  };
}

function rowsOf<T extends object>(
  spec: TableSpec,
  items: readonly T[],
): (string | number | bigint | boolean | null)[][] {
  return items.map((item) =>
    spec.columns.map((c) => normalizeValue(c, (item as Record<string, unknown>)[c.name] ?? null)),
  );
}

const BATCH = 5_000;

/** Replaces the given alerts (by id) and appends the events, inside the caller's transaction. */
export async function writeAlerts(
  tx: SqlSession,
  alerts: readonly Alert[],
  events: readonly AlertEvent[],
): Promise<void> {
  for (let i = 0; i < alerts.length; i += BATCH) {
    const batch = alerts.slice(i, i + BATCH);
    await tx.execute(`DELETE FROM gold.alerts WHERE ${tx.dialect.inList('alert_id', '$1', 'text')}`, [
      batch.map((a) => a.alert_id),
    ]);
    await tx.bulkInsert(
      { schema: 'gold', table: 'alerts', columns: GOLD_ALERTS.columns },
      rowsOf(GOLD_ALERTS, batch),
    );
  }
  if (events.length > 0)
    await tx.bulkInsert(
      { schema: 'gold', table: 'alert_events', columns: GOLD_ALERT_EVENTS.columns },
      rowsOf(GOLD_ALERT_EVENTS, events),
    );
}

/** Rows read back from the store, typed (timestamps are ISO strings, JSON parsed). */
export function toAlert(row: Record<string, unknown>): Alert {
  return {
    ...(row as unknown as Alert),
    occurrences: Number(row.occurrences),
    alarming: Boolean(row.alarming),
  };
}
