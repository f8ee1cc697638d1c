import type { Command } from 'commander';
import { HotpotError } from '../../../db/errors.ts';
import type { Store } from '../../../db/store/types.ts';
import type { Alert } from '../../detect/alerts/model.ts';
import { isAlertStatus, listAlerts, triageAlert, type TriageAction } from '../../detect/alerts/triage.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';
import { toTable } from '../format.ts';

async function withStore<T>(ctx: CliContext, command: Command, fn: (store: Store) => Promise<T>): Promise<T> {
  const workspace = Workspace.open(ctx.resolveHome(command.optsWithGlobals()));
  const store = await workspace.openStore();
  workspace.close();
  try {
    const [exists] = await store.query(
      "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = 'gold' AND table_name = 'alerts'",
    );
    if (!exists)
      throw new HotpotError(
        'This workspace has no alerts table yet. Run "hotpot migrate", then "hotpot run --stage detect".',
        'NO_ALERTS_TABLE',
      );
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Alert ids are long fingerprints; like git, a unique prefix is enough on the command line. */
async function resolveAlertId(store: Store, prefix: string): Promise<string> {
  const rows = await store.query<{ alert_id: string }>(
    'SELECT alert_id FROM gold.alerts WHERE alert_id LIKE $1 ORDER BY alert_id LIMIT 2',
    [`${prefix.replace(/[%_]/g, '')}%`],
  );
  if (rows.length === 0)
    throw new HotpotError(
      `No alert ${prefix}. List alerts with "hotpot alerts list" to find its id.`,
      'NO_SUCH_ALERT',
    );
  if (rows.length > 1)
    throw new HotpotError(`Alert id prefix ${prefix} is ambiguous; give more characters.`, 'AMBIGUOUS_ALERT');
  return rows[0]?.alert_id ?? prefix;
}

function summary(a: Alert): Record<string, unknown> {
  return {
    id: a.alert_id.slice(0, 12),
    status: a.status,
    severity: a.severity,
    rule: a.rule_id,
    resource: a.resource,
    last_seen: a.last_seen,
    seen: a.occurrences,
    reason: a.reason,
  };
}

const ACTIONS: { name: string; action: TriageAction; description: string }[] = [
  { name: 'ack', action: 'ack', description: 'acknowledge an alert (it stays acknowledged while it alarms)' },
  { name: 'mute', action: 'mute', description: 'mute an alert, optionally until a time (--until)' },
  { name: 'unmute', action: 'unmute', description: 'lift a mute' },
  {
    name: 'resolve',
    action: 'resolve',
    description: 'resolve an alert by hand (it reopens if the rule alarms again)',
  },
  {
    name: 'false-positive',
    action: 'false-positive',
    description: 'mark an alert as a false positive (it stays closed)',
  },
  { name: 'reopen', action: 'reopen', description: 'reopen a resolved, muted or false-positive alert' },
];

export function register(program: Command, ctx: CliContext): void {
  const alerts = program.command('alerts').description('list and triage detection alerts');

  alerts
    .command('list')
    .description('list alerts, most severe and most recent first')
    .option('--status <status>', 'open, acknowledged, muted, false_positive or resolved')
    .option('--rule <id>', 'only alerts of this rule')
    .option('--limit <n>', 'at most this many alerts')
    .option('--json', 'print one JSON document')
    .action(
      async (opts: { status?: string; rule?: string; limit?: string; json?: boolean }, command: Command) => {
        if (opts.status !== undefined && !isAlertStatus(opts.status))
          throw new HotpotError(
            `Unknown status "${opts.status}"; use open, acknowledged, muted, false_positive or resolved.`,
            'BAD_STATUS',
          );
        const rows = await withStore(ctx, command, (store) =>
          listAlerts(store, {
            ...(opts.status && isAlertStatus(opts.status) ? { status: opts.status } : {}),
            ...(opts.rule ? { ruleId: opts.rule } : {}),
            ...(opts.limit ? { limit: Number(opts.limit) } : {}),
          }),
        );
        if (opts.json) {
          ctx.printJson({ alerts: rows });
          return;
        }
        const table = rows.map(summary);
        ctx.print(table.length > 0 ? toTable(Object.keys(table[0] ?? {}), table) : '(no alerts)');
        ctx.note(`${rows.length} alert${rows.length === 1 ? '' : 's'}`);
      },
    );

  for (const { name, action, description } of ACTIONS) {
    const cmd = alerts
      .command(name)
      .description(description)
      .argument('<id>', 'alert id (a unique prefix is enough)')
      .option('--reason <text>', 'why (kept with the alert and its event log)')
      .option('--json', 'print the updated alert as JSON');
    if (action === 'mute') cmd.option('--until <time>', 'ISO date or time when the mute ends');
    cmd.action(
      async (id: string, opts: { reason?: string; until?: string; json?: boolean }, command: Command) => {
        const alert = await withStore(ctx, command, async (store) =>
          triageAlert(store, {
            alertId: await resolveAlertId(store, id),
            action,
            ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
            ...(opts.until !== undefined ? { until: opts.until } : {}),
            actor: process.env.USER ?? 'analyst',
          }),
        );
        if (opts.json) ctx.printJson(alert);
        else ctx.print(`${alert.alert_id.slice(0, 12)} ${alert.rule_id} ${alert.resource}: ${alert.status}`);
      },
    );
  }
}
