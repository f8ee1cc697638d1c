// Alert triage for the Alerts page: counts for the queue's filters, one alert with its rule and
// lifecycle, and bulk transitions. The transitions themselves are the detect layer's
// (`triageAlert`, the same code as `hotpot alerts ack|mute|…`), one transaction per alert.
import { userInfo } from 'node:os';
import { HotpotError } from '../../../db/errors.ts';
import type { AlertEvent } from '../../detect/alerts/model.ts';
import { getAlert, triageAlert } from '../../detect/alerts/triage.ts';
import { loadRules } from '../../detect/loader.ts';
import type { Rule } from '../../detect/types.ts';
import type { AlertCount, RuleInfo, TriageResult } from '../contract.ts';
import { toServiceError } from '../service-error.ts';
import type { Handlers } from './context.ts';

/** Who triages: the OS account running the workbench (the app has no login of its own). */
function analyst(): string {
  try {
    return userInfo().username || 'analyst';
  } catch {
    return 'analyst';
  }
}

function ruleInfo(rule: Rule): RuleInfo {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    remediation: rule.remediation,
    frameworks: [...rule.frameworks],
    pack: rule.pack,
    resourceType: rule.resourceType,
  };
}

export const alertHandlers: Pick<Handlers, 'alerts.summary' | 'alerts.show' | 'alerts.triage'> = {
  'alerts.summary': async (ctx) => {
    const store = await ctx.runtime.env.store();
    const rows = await store.query<{ status: string; severity: string | null; n: number | bigint }>(
      'SELECT status, severity, count(*) AS n FROM gold.alerts GROUP BY status, severity',
    );
    return rows.map((r): AlertCount => ({
      status: r.status,
      severity: r.severity ?? 'info',
      n: Number(r.n),
    }));
  },
  'alerts.show': async (ctx, input) => {
    const store = await ctx.runtime.env.store();
    const alert = await getAlert(store, input.alertId);
    if (!alert)
      throw new HotpotError(`No alert ${input.alertId}; it may have been removed.`, 'NO_SUCH_ALERT');
    const events = await store.query<AlertEvent & Record<string, unknown>>(
      'SELECT * FROM gold.alert_events WHERE alert_id = $1 ORDER BY event_at, event_id',
      [input.alertId],
    );
    // Rule files are small and few; reading them per call keeps edits to user rules visible.
    const rule = loadRules({ home: ctx.runtime.workspace.paths.home }).rules.find(
      (r) => r.id === alert.rule_id,
    );
    return { alert, events, rule: rule ? ruleInfo(rule) : null };
  },
  'alerts.triage': async (ctx, input) => {
    const store = await ctx.runtime.env.store();
    const actor = analyst();
    const result: TriageResult = { updated: [], failed: [] };
    for (const alertId of new Set(input.alertIds)) {
      try {
        result.updated.push(
          await triageAlert(store, {
            alertId,
            action: input.action,
            actor,
            ...(input.reason ? { reason: input.reason } : {}),
            ...(input.until ? { until: input.until } : {}),
          }),
        );
      } catch (error) {
        const e = toServiceError(error);
        result.failed.push({ alertId, code: e.code, message: e.message });
      }
    }
    if (result.updated.length > 0)
      ctx.emit({ kind: 'alerts.changed', alertIds: result.updated.map((a) => a.alert_id) });
    return result;
  },
};
