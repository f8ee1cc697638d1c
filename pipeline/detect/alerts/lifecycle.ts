// Automatic transitions after a detection run. Analyst triage is never undone by a rerun:
// acknowledged stays acknowledged while it alarms, a mute holds until its expiry, a false
// positive stays closed for good. Only the alarm itself opens, resolves and reopens alerts.
import type { Store } from '../../../db/store/types.ts';
import { canonicalJson } from '../../../db/values.ts';
import type { ControlResult, Rule } from '../types.ts';
import { alertFingerprint, newEvent, toAlert, writeAlerts, type Alert, type AlertEvent } from './model.ts';

export interface RuleOutcome {
  readonly rule: Rule;
  readonly results: readonly ControlResult[];
  /** The rule failed: its alerts are left untouched (an error says nothing about the alarm). */
  readonly errored: boolean;
}

export interface ReconcileSummary {
  opened: number;
  reopened: number;
  resolved: number;
  muteExpired: number;
  alarming: number;
}

const ACTOR = 'detect';
const TOUCH_BATCH = 10_000;

/** Same reason, severity, asset and dimensions: nothing but the time changed. */
function sameFinding(prev: Alert, next: Alert): boolean {
  return (
    prev.reason === next.reason &&
    prev.severity === next.severity &&
    prev.title === next.title &&
    prev.asset_id === next.asset_id &&
    canonicalJson(prev.dimensions_json ?? {}) === canonicalJson(next.dimensions_json ?? {})
  );
}

/** Applies one run's alarms to gold.alerts; rules that errored keep their alerts as they were. */
export async function reconcileAlerts(
  store: Store,
  outcomes: readonly RuleOutcome[],
  now: Date,
): Promise<ReconcileSummary> {
  const at = now.toISOString();
  const summary: ReconcileSummary = { opened: 0, reopened: 0, resolved: 0, muteExpired: 0, alarming: 0 };
  const ran = outcomes.filter((o) => !o.errored);
  if (ran.length === 0) return summary;
  return store.transaction(async (tx) => {
    const existing = new Map<string, Alert>();
    const rows = await tx.query(
      `SELECT * FROM gold.alerts WHERE ${tx.dialect.inList('rule_id', '$1', 'text')}`,
      [ran.map((o) => o.rule.id)],
    );
    for (const row of rows) {
      const alert = toAlert(row);
      existing.set(alert.alert_id, alert);
    }
    const changed: Alert[] = [];
    const events: AlertEvent[] = [];
    const alarmingIds = new Set<string>();
    const touched: string[] = [];

    for (const { rule, results } of ran) {
      for (const r of results) {
        if (r.status !== 'alarm') continue;
        const id = alertFingerprint(rule.id, r.resource);
        if (alarmingIds.has(id)) continue;
        alarmingIds.add(id);
        summary.alarming++;
        const fresh = {
          reason: r.reason,
          severity: rule.severity,
          title: rule.title,
          resource_type: rule.resourceType,
          asset_id: r.assetId,
          dimensions_json: r.dimensions,
          alarming: true,
          last_seen: at,
          updated_at: at,
        };
        const prev = existing.get(id);
        if (!prev) {
          const alert: Alert = {
            alert_id: id,
            rule_id: rule.id,
            resource: r.resource,
            status: 'open',
            first_seen: at,
            occurrences: 1,
            resolved_at: null,
            triage_reason: null,
            triaged_by: null,
            triaged_at: null,
            muted_until: null,
            ...fresh,
          };
          changed.push(alert);
          events.push(newEvent(alert, at, 'opened', null, 'open', ACTOR, r.reason));
          summary.opened++;
          continue;
        }
        const next: Alert = { ...prev, ...fresh };
        if (prev.status === 'resolved') {
          next.status = 'open';
          next.occurrences = prev.occurrences + 1;
          next.resolved_at = null;
          events.push(newEvent(next, at, 'reopened', 'resolved', 'open', ACTOR, r.reason));
          summary.reopened++;
        } else if (
          prev.status === 'muted' &&
          prev.muted_until !== null &&
          Date.parse(prev.muted_until) <= now.getTime()
        ) {
          next.status = 'open';
          next.muted_until = null;
          events.push(newEvent(next, at, 'mute_expired', 'muted', 'open', ACTOR, prev.triage_reason));
          summary.muteExpired++;
        } else if (!prev.alarming) {
          // Alarming again while triaged (muted, false positive): count the recurrence, keep triage.
          next.occurrences = prev.occurrences + 1;
        } else if (sameFinding(prev, next)) {
          // Still alarming for the same reason: only last_seen moves, set-based below.
          touched.push(id);
          continue;
        }
        changed.push(next);
      }
    }

    for (const prev of existing.values()) {
      if (alarmingIds.has(prev.alert_id) || !prev.alarming) continue;
      const next: Alert = { ...prev, alarming: false, updated_at: at };
      if (prev.status === 'open' || prev.status === 'acknowledged') {
        next.status = 'resolved';
        next.resolved_at = at;
        events.push(
          newEvent(next, at, 'resolved', prev.status, 'resolved', ACTOR, 'the rule no longer alarms'),
        );
        summary.resolved++;
      }
      changed.push(next);
    }
    await writeAlerts(tx, changed, events);
    for (let i = 0; i < touched.length; i += TOUCH_BATCH)
      await tx.execute(
        `UPDATE gold.alerts SET last_seen = CAST($1 AS TIMESTAMP), updated_at = CAST($1 AS TIMESTAMP)
         WHERE ${tx.dialect.inList('alert_id', '$2', 'text')}`,
        [at.replace('T', ' ').replace('Z', ''), touched.slice(i, i + TOUCH_BATCH)],
      );
    return summary;
  });
}
