import type { Command } from 'commander';
import { HotpotError } from '../../../db/errors.ts';
import { QuestionHistory } from '../../agent/history.ts';
import { readAgentSettings, saveAgentSettings } from '../../agent/settings.ts';
import { askInWorkspace } from '../../agent/workspace-agent.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';
import { toTable } from '../format.ts';

interface AskOpts {
  json?: boolean;
  provider?: string;
  host?: string;
  model?: string;
  save?: boolean;
  history?: boolean;
  limit: string;
  timeout: string;
}

function positive(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new HotpotError(`${what} must be a positive number, not "${value}".`, 'BAD_OPTION');
  return Math.trunc(n);
}

function showHistory(ctx: CliContext, history: QuestionHistory, json: boolean): void {
  const records = history.list(50);
  if (json) return ctx.printJson(records);
  if (records.length === 0) return ctx.print('(no questions asked yet)');
  ctx.print(
    toTable(
      ['id', 'asked_at', 'status', 'rows', 'question'],
      records.map((r) => ({
        id: r.id,
        asked_at: r.askedAt,
        status: r.status,
        rows: r.rowCount,
        question: r.question,
      })),
    ),
  );
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('ask')
    .description('answer a question in plain language with read-only SQL (text-to-SQL agent)')
    .argument('[question]', 'the question, e.g. "which GCP VMs have no SentinelOne agent?"')
    .option('--json', 'print the answer (SQL, explanation, rows, tries) as one JSON document')
    .option('--provider <name>', 'ollama (default), openai (any OpenAI-compatible endpoint) or vertex')
    .option(
      '--host <url>',
      'model server base URL (Ollama default http://127.0.0.1:11434); vertex: PROJECT[/LOCATION]',
    )
    .option('--model <name>', 'model name, e.g. qwen2.5-coder:7b')
    .option('--save', 'keep --provider/--host/--model as the workspace settings agent.*')
    .option('--history', 'list the questions asked in this workspace')
    .option('--limit <rows>', 'rows returned at most', '1000')
    .option('--timeout <ms>', 'SQL statement timeout in milliseconds', '30000')
    .action(async (question: string | undefined, opts: AskOpts, command: Command) => {
      const workspace = Workspace.open(ctx.resolveHome(command.optsWithGlobals()));
      try {
        const history = new QuestionHistory(workspace.state);
        const settings = readAgentSettings(workspace.state, opts);
        if (opts.save) {
          saveAgentSettings(workspace.state, settings);
          ctx.note(
            `Saved agent settings: provider ${settings.provider}${settings.host ? `, host ${settings.host}` : ''}${settings.model ? `, model ${settings.model}` : ''}.`,
          );
        }
        if (opts.history) return showHistory(ctx, history, opts.json === true);
        if (!question?.trim()) {
          if (opts.save) return;
          throw new HotpotError(
            'Ask a question: hotpot ask "which GCP VMs have a public IP?"',
            'NO_QUESTION',
          );
        }
        const answer = await askInWorkspace(workspace, question, {
          ...opts,
          rowLimit: positive(opts.limit, '--limit'),
          timeoutMs: positive(opts.timeout, '--timeout'),
        });
        if (opts.json) return ctx.printJson(answer);
        if (answer.explanation) ctx.print(answer.explanation);
        ctx.print(`\n${answer.sql}\n`);
        ctx.print(answer.rows.length > 0 ? toTable(answer.columns, answer.rows) : '(no rows)');
        const tries = answer.attempts.length > 1 ? ` after ${answer.attempts.length} tries` : '';
        ctx.note(
          `${answer.rows.length}${answer.truncated ? '+' : ''} row${answer.rows.length === 1 ? '' : 's'}${tries} (${answer.provider} ${answer.model}, ${answer.elapsedMs} ms)${answer.truncated ? `; cut at --limit ${opts.limit}` : ''}`,
        );
      } finally {
        workspace.close();
      }
    });
}
