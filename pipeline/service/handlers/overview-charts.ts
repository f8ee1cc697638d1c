// The Overview's two charts: EDR coverage of the machines silver knows, and alerts opened per day
// by severity. Before normalize and detect have run, their tables are empty and so are the charts.
import type { Store } from '../../../db/store/types.ts';
import { ALERT_CHART_DAYS, type AlertDayCount, type CoverageCount } from '../contract.ts';

export async function coverageCounts(store: Store): Promise<CoverageCount[]> {
  const rows = await store.query<{ in_cloud: boolean | null; edr: string | null; n: number }>(
    `SELECT in_cloud, edr, count(*) AS n FROM silver.assets GROUP BY in_cloud, edr ORDER BY in_cloud, edr`,
  );
  return rows.map((r) => ({
    group: r.in_cloud ? 'cloud' : 'other',
    edr: r.edr ?? 'none',
    machines: Number(r.n),
  }));
}

/** Alerts that opened or reopened per day (UTC) and severity, over the last days. */
export async function alertsByDay(store: Store, now: Date = new Date()): Promise<AlertDayCount[]> {
  const since = new Date(now.getTime() - (ALERT_CHART_DAYS - 1) * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const text = store.dialect.sqlType('text');
  const rows = await store.query<{ day: string; severity: string | null; n: number }>(
    `SELECT CAST(CAST(e.event_at AT TIME ZONE 'UTC' AS DATE) AS ${text}) AS day, a.severity, count(*) AS n
         FROM gold.alert_events e JOIN gold.alerts a ON a.alert_id = e.alert_id
        WHERE e.to_status = 'open' AND e.event_at >= $1::timestamptz
        GROUP BY 1, 2 ORDER BY 1, 2`,
    [since.toISOString()],
  );
  return rows.map((r) => ({ day: r.day, severity: r.severity ?? 'info', opened: Number(r.n) }));
}
