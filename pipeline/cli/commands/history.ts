import type { Command } from 'commander';
import { catalog as productCatalog } from '../../../db/catalog/index.ts';
import { HotpotError } from '../../../db/errors.ts';
import { canonicalJson } from '../../../db/values.ts';
import { withSilver } from '../../normalize/silver-tables.ts';
import { timelineOf, type Timeline } from '../../normalize/timeline.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'string' ? value : canonicalJson(value);
}

export function formatTimeline(t: Timeline): string {
  const lines = [
    `${t.subject.kind} ${t.subject.id}: ${t.resources.length} resource(s), ${t.events.length} change(s)`,
  ];
  for (const e of t.events) {
    lines.push(`${e.at}  ${e.change.padEnd(7)} ${e.table} ${e.sourceId}/${e.resourceId}`);
    for (const f of e.fields) lines.push(`    ${f.column}: ${show(f.before)} → ${show(f.after)}`);
    for (const c of e.children) {
      const key = Object.values(c.key).map(show).join('/');
      lines.push(`    ${c.table}[${key}] ${c.change}`);
      for (const f of c.fields) lines.push(`      ${f.column}: ${show(f.before)} → ${show(f.after)}`);
    }
  }
  return lines.join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('history')
    .description('field-level timeline of an asset (across all its sources) or of any resource')
    .argument('<id>', 'an asset id, or a resource id (GCP instance id, agent id, policy id, …)')
    .option('--since <time>', 'only changes at or after this time (ISO-8601, e.g. 2025-01-01)')
    .option('--json', 'print the timeline as one JSON document')
    .action(async (id: string, opts: { since?: string; json?: boolean }, command: Command) => {
      let since: Date | undefined;
      if (opts.since !== undefined) {
        since = new Date(opts.since);
        if (Number.isNaN(since.getTime()))
          throw new HotpotError(
            `--since "${opts.since}" is not a time. Give an ISO-8601 date or time, e.g. 2025-01-01 or 2025-01-01T08:00:00Z.`,
            'BAD_ARGUMENT',
          );
      }
      const workspace = Workspace.open(ctx.resolveHome(command.optsWithGlobals()));
      const store = await workspace.openStore({ readOnly: true });
      workspace.close();
      try {
        const timeline = await timelineOf(store, withSilver(productCatalog), id, since);
        if (!timeline)
          throw new HotpotError(
            `Nothing named "${id}" has history in this workspace. Pass an asset id (hotpot query "SELECT resource_id, hostname FROM silver.assets") or a resource id from any table.`,
            'NOT_FOUND',
          );
        if (opts.json) ctx.printJson(timeline);
        else ctx.print(formatTimeline(timeline));
      } finally {
        await store.close();
      }
    });
}
