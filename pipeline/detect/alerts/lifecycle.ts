// Automatic transitions after a detection run, set-based over the run's stage. Analyst triage is
// never undone by a rerun: acknowledged stays acknowledged while it alarms, a mute holds until its
// expiry, a false positive stays closed for good. Only the alarm itself opens, resolves and
// reopens alerts. Events are written from the alerts' state before the run, then the alerts move.
import type { SqlSession } from '../../../db/store/types.ts';
import { alertFingerprintSql } from '../sql.ts';
import { STAGE_RESULTS, STAGE_RULES } from '../stage.ts';

export interface ReconcileSummary {
  opened: number;
  reopened: number;
  resolved: number;
  muteExpired: number;
  alarming: number;
}

/** This run's alarms of rules that ran, with their fingerprint and whether the alert is new. */
const ALARMS = 'hotpot_detect_alarms';
const ACTOR = "'detect'";
/** Parameter $1 of every statement below: the run's time. */
const AT = 'CAST($1 AS TIMESTAMPTZ)';
const EVENT_ID = 'CAST(gen_random_uuid() AS TEXT)';
const RAN = `(SELECT rule_id FROM ${STAGE_RULES} WHERE NOT errored)`;
const MUTE_EXPIRED = `(status = 'muted' AND muted_until IS NOT NULL AND muted_until <= ${AT})`;
const EVENT_COLUMNS = 'event_id, alert_id, event_at, event, from_status, to_status, actor, reason';
/** Alarming before and after with the same finding (alarm `a`): only the time moves. */
const SAME_FINDING = `alarming AND status <> 'resolved' AND NOT ${MUTE_EXPIRED} AND ${[
  'reason',
  'severity',
  'title',
  'asset_id',
  'resource_type',
  'dimensions_json',
]
  .map((c) => `gold.alerts.${c} IS NOT DISTINCT FROM a.${c}`)
  .join(' AND ')}`;

/**
 * Stages the run's alarms against the alerts that exist; `reconcileAlerts` applies them. Which
 * alerts exist changes only with a detection run, so the stage may be made in an earlier
 * transaction of the run's connection (and must be made again if another run came in between).
 */
export async function stageAlarms(tx: SqlSession): Promise<void> {
  await tx.execute(`DROP TABLE IF EXISTS ${ALARMS}`);
  // A known alert already holds its fingerprint; only new (rule, resource) pairs are hashed.
  await tx.execute(
    `CREATE TEMP TABLE ${ALARMS} AS
     SELECT CASE WHEN g.alert_id IS NULL THEN ${alertFingerprintSql(tx.dialect, 's.rule_id', 's.resource')}
                 ELSE g.alert_id END AS alert_id,
            s.rule_id, s.resource, s.reason, s.asset_id, s.dimensions_json,
            m.severity, m.title, m.resource_type, g.alert_id IS NULL AS is_new
       FROM ${STAGE_RESULTS} s JOIN ${STAGE_RULES} m ON m.rule_id = s.rule_id
       LEFT JOIN gold.alerts g ON g.rule_id = s.rule_id AND g.resource = s.resource
      WHERE s.status = 'alarm' AND NOT m.errored`,
  );
  const analyze = tx.dialect.analyzeTemp(ALARMS);
  if (analyze) await tx.execute(analyze);
}

/** Alarms on alerts that exist already: reopen, expire mutes, count recurrences, move the time. */
async function moveKnownAlerts(
  tx: SqlSession,
  at: readonly string[],
): Promise<{ reopened: number; muteExpired: number }> {
  const reopened = await tx.execute(
    `INSERT INTO gold.alert_events (${EVENT_COLUMNS})
     SELECT ${EVENT_ID}, g.alert_id, ${AT}, 'reopened', 'resolved', 'open', ${ACTOR}, a.reason
       FROM ${ALARMS} a JOIN gold.alerts g ON g.alert_id = a.alert_id WHERE g.status = 'resolved'`,
    at,
  );
  const muteExpired = await tx.execute(
    `INSERT INTO gold.alert_events (${EVENT_COLUMNS})
     SELECT ${EVENT_ID}, alert_id, ${AT}, 'mute_expired', 'muted', 'open', ${ACTOR}, triage_reason
       FROM gold.alerts WHERE alert_id IN (SELECT alert_id FROM ${ALARMS}) AND ${MUTE_EXPIRED}`,
    at,
  );
  // Still alarming for the same reason: only the time moves (most alerts on most runs).
  await tx.execute(
    `UPDATE gold.alerts SET last_seen = ${AT}, updated_at = ${AT}
       FROM ${ALARMS} a WHERE gold.alerts.alert_id = a.alert_id AND ${SAME_FINDING}`,
    at,
  );
  // Reopened, mute expired, recurring while triaged (counted, triage kept), or a changed finding.
  await tx.execute(
    `UPDATE gold.alerts SET
       status = CASE WHEN status = 'resolved' OR ${MUTE_EXPIRED} THEN 'open' ELSE status END,
       occurrences = CASE WHEN status = 'resolved' THEN occurrences + 1
                          WHEN ${MUTE_EXPIRED} THEN occurrences
                          WHEN NOT alarming THEN occurrences + 1
                          ELSE occurrences END,
       resolved_at = CASE WHEN status = 'resolved' THEN NULL ELSE resolved_at END,
       muted_until = CASE WHEN ${MUTE_EXPIRED} THEN NULL ELSE muted_until END,
       reason = a.reason, severity = a.severity, title = a.title, resource_type = a.resource_type,
       asset_id = a.asset_id, dimensions_json = a.dimensions_json,
       alarming = TRUE, last_seen = ${AT}, updated_at = ${AT}
       FROM ${ALARMS} a WHERE gold.alerts.alert_id = a.alert_id AND NOT (${SAME_FINDING})`,
    at,
  );
  return { reopened, muteExpired };
}

/**
 * Applies the alarms `stageAlarms` staged to gold.alerts; rules that errored keep their alerts as
 * they were.
 */
export async function reconcileAlerts(tx: SqlSession, now: Date): Promise<ReconcileSummary> {
  const at = [now.toISOString()];
  const [count] = await tx.query<{ n: number; known: number }>(
    `SELECT count(*) AS n, sum(CASE WHEN is_new THEN 0 ELSE 1 END) AS known FROM ${ALARMS}`,
  );

  const opened = await tx.execute(
    `INSERT INTO gold.alert_events (${EVENT_COLUMNS})
     SELECT ${EVENT_ID}, alert_id, ${AT}, 'opened', NULL, 'open', ${ACTOR}, reason FROM ${ALARMS} WHERE is_new`,
    at,
  );
  // A first run (or a run of new rules) has no known alerts to move: skip those passes.
  const { reopened, muteExpired } =
    Number(count?.known ?? 0) > 0 ? await moveKnownAlerts(tx, at) : { reopened: 0, muteExpired: 0 };
  const notAlarming = `alarming AND rule_id IN ${RAN}
    AND NOT EXISTS (SELECT 1 FROM ${ALARMS} a WHERE a.alert_id = gold.alerts.alert_id)`;
  const resolved = await tx.execute(
    `INSERT INTO gold.alert_events (${EVENT_COLUMNS})
     SELECT ${EVENT_ID}, alert_id, ${AT}, 'resolved', status, 'resolved', ${ACTOR}, 'the rule no longer alarms'
       FROM gold.alerts WHERE ${notAlarming} AND status IN ('open', 'acknowledged')`,
    at,
  );

  await tx.execute(
    `UPDATE gold.alerts SET
       status = CASE WHEN status IN ('open', 'acknowledged') THEN 'resolved' ELSE status END,
       resolved_at = CASE WHEN status IN ('open', 'acknowledged') THEN ${AT} ELSE resolved_at END,
       alarming = FALSE, updated_at = ${AT}
     WHERE ${notAlarming}`,
    at,
  );
  await tx.execute(
    `INSERT INTO gold.alerts (alert_id, rule_id, resource, resource_type, asset_id, severity, title, reason,
       status, alarming, first_seen, last_seen, occurrences, resolved_at, triage_reason, triaged_by,
       triaged_at, muted_until, dimensions_json, updated_at)
     SELECT alert_id, rule_id, resource, resource_type, asset_id, severity, title, reason,
            'open', TRUE, ${AT}, ${AT}, 1, NULL, NULL, NULL, NULL, NULL, dimensions_json, ${AT}
       FROM ${ALARMS} WHERE is_new`,
    at,
  );
  await tx.execute(`DROP TABLE ${ALARMS}`);
  return { opened, reopened, resolved, muteExpired, alarming: Number(count?.n ?? 0) };
}
