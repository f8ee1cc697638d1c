// `hotpot runs list|show ID|cancel ID|resume`: the run journal of the local workflow engine.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openLocalRuntime } from '../../runtime.ts';
import { isOwnerAlive } from '../../workflows/local/owner.ts';
import {
  RunJournal,
  type RunDetail,
  type RunStatus,
  type RunSummary,
} from '../../workflows/local/run-journal.ts';
import { createProgressRenderer } from '../../workflows/progress-renderer.ts';

/** The part of the CLI context these commands need (the full one lives in pipeline/cli). */
export interface CliContext {
  resolveHome(opts: { home?: string }): string;
}

interface CommonOpts {
  home?: string;
  json?: boolean;
}

const STATUSES: readonly RunStatus[] = ['running', 'completed', 'failed', 'cancelled'];

function statePath(cmd: Command, ctx: CliContext): string {
  const home = ctx.resolveHome(cmd.optsWithGlobals<CommonOpts>());
  const path = join(home, 'state.sqlite');
  if (!existsSync(path))
    cmd.error(`No workspace state at ${path}; run \`hotpot init\` first or pass --home DIR.`, {
      exitCode: 2,
    });
  return path;
}

const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const json = (value: unknown): void => out(JSON.stringify(value, null, 2));
const secs = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(1)}s`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function summaryTable(runs: RunSummary[]): string {
  if (runs.length === 0) return 'No runs in the journal.';
  return table([
    ['RUN ID', 'WORKFLOW', 'STATUS', 'STEPS', 'ROWS', 'CREATED', 'DURATION'],
    ...runs.map((r) => [
      r.runId,
      r.workflow,
      r.status,
      `${r.stepsFinished}/${r.stepsTotal}`,
      String(r.rowsWritten),
      r.createdAt,
      secs(r.durationMs),
    ]),
  ]);
}

function detailText(run: RunDetail): string {
  const lines = [
    `${run.workflow} ${run.runId}: ${run.status}${run.cancelRequested && run.status === 'running' ? ' (cancel requested)' : ''}`,
    `created ${run.createdAt}, finished ${run.finishedAt ?? '-'}, duration ${secs(run.durationMs)}, rows written ${run.rowsWritten}`,
  ];
  if (run.error) lines.push(`error: ${run.error.name}: ${run.error.message}`);
  if (run.steps.length > 0) {
    lines.push(
      '',
      table([
        ['SEQ', 'KIND', 'NAME', 'STATUS', 'ATTEMPTS', 'DURATION', 'ROWS'],
        ...run.steps.map((s) => [
          String(s.seq),
          s.kind,
          s.name,
          s.status,
          String(s.attempts),
          secs(s.durationMs),
          s.rowsWritten === null ? '-' : String(s.rowsWritten),
        ]),
      ]),
    );
  }
  for (const s of run.steps) {
    for (const a of s.attemptErrors)
      lines.push(
        `  step ${s.seq} attempt ${a.attempt} at ${a.failedAt}: ${a.error.name}: ${a.error.message}`,
      );
  }
  if (run.children.length > 0) lines.push('', 'children:', summaryTable(run.children));
  return lines.join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  const runs = program
    .command('runs')
    .description('the run journal: list, show, cancel and resume workflow runs');

  const list = runs
    .command('list')
    .description('list recent runs, newest first')
    .option('--status <status>', `only runs in this state (${STATUSES.join(', ')})`)
    .option('--limit <n>', 'at most this many runs', '50')
    .option('--all', 'include child runs')
    .option('--json', 'one JSON document on stdout')
    .option('--home <dir>', 'workspace directory')
    .action((opts: CommonOpts & { status?: string; limit: string; all?: boolean }) => {
      if (opts.status && !STATUSES.includes(opts.status as RunStatus)) {
        list.error(`Unknown status "${opts.status}"; use one of ${STATUSES.join(', ')}.`, { exitCode: 2 });
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        list.error(`--limit must be a positive integer, not "${opts.limit}".`, { exitCode: 2 });
      const journal = RunJournal.open(statePath(list, ctx));
      try {
        const found = journal.list({
          status: opts.status as RunStatus | undefined,
          limit,
          includeChildren: opts.all,
        });
        if (opts.json) json({ runs: found });
        else out(summaryTable(found));
      } finally {
        journal.close();
      }
    });

  const show = runs
    .command('show')
    .description('one run: steps, attempts, errors, timings, rows written, children')
    .argument('<id>', 'run id')
    .option('--json', 'one JSON document on stdout')
    .option('--home <dir>', 'workspace directory')
    .action((id: string, opts: CommonOpts) => {
      const journal = RunJournal.open(statePath(show, ctx));
      try {
        const run = journal.show(id);
        if (!run)
          show.error(`No run "${id}" in the journal; \`hotpot runs list\` shows the run ids.`, {
            exitCode: 1,
          });
        else if (opts.json) json(run);
        else out(detailText(run));
      } finally {
        journal.close();
      }
    });

  const cancel = runs
    .command('cancel')
    .description('cancel a running run (its running activity is aborted, children are cancelled)')
    .argument('<id>', 'run id')
    .option('--json', 'one JSON document on stdout')
    .option('--home <dir>', 'workspace directory')
    .action((id: string, opts: CommonOpts) => {
      const journal = RunJournal.open(statePath(cancel, ctx));
      try {
        const outcome = journal.requestCancel(id, isOwnerAlive);
        if (outcome.state === 'not-found')
          cancel.error(`No run "${id}" in the journal; \`hotpot runs list\` shows the run ids.`, {
            exitCode: 1,
          });
        if (opts.json) return json({ runId: id, ...outcome });
        const text = {
          requested: `Cancel requested; the process running ${id} stops it within a second.`,
          cancelled: `Run ${id} cancelled (no process was running it).`,
          'already-finished': `Run ${id} already finished (${outcome.state === 'already-finished' ? outcome.status : ''}); nothing to cancel.`,
          'not-found': '',
        }[outcome.state];
        out(text);
      } finally {
        journal.close();
      }
    });

  const resume = runs
    .command('resume')
    .description('continue unfinished runs whose process is gone, without redoing finished steps')
    .option('--json', 'one JSON document on stdout (no progress output)')
    .option('--home <dir>', 'workspace directory')
    .action(async (opts: CommonOpts) => {
      statePath(resume, ctx);
      const runtime = openLocalRuntime(ctx.resolveHome(resume.optsWithGlobals<CommonOpts>()));
      const { engine } = runtime;
      const renderer = opts.json ? undefined : createProgressRenderer('bar');
      const stop = renderer ? engine.events.onAny((e) => renderer.onEvent(e)) : undefined;
      try {
        const report = await engine.resume();
        const outcomes = await Promise.all(report.resumed.map((h) => h.outcome()));
        renderer?.close();
        stop?.();
        if (opts.json) json({ resumed: outcomes, skipped: report.skipped });
        else {
          if (outcomes.length === 0 && report.skipped.length === 0)
            out('Nothing to resume: every run in the journal has finished.');
          for (const o of outcomes)
            out(
              `${o.runId}: ${o.status}${o.status === 'completed' ? '' : ` (${o.error.name}: ${o.error.message})`}`,
            );
          for (const s of report.skipped) out(`${s.runId}: skipped, ${s.reason}`);
        }
        const failed = outcomes.filter((o) => o.status === 'failed').length;
        if (failed > 0) {
          resume.error(
            `${failed} resumed run(s) failed; \`hotpot runs show ID\` shows the failing step and its error.`,
            {
              exitCode: 1,
            },
          );
        }
      } finally {
        await runtime.close();
      }
    });
}
