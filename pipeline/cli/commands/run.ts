import type { Command } from 'commander';
import { HotpotError } from '../../../db/errors.ts';
import type { SourceConfig } from '../../../db/state/sources.ts';
import { openLocalRuntime } from '../../runtime.ts';
import { declaredActivities } from '../../workflows/activity-registry.ts';
import {
  inventoryWorkflows,
  pipelineRunWorkflow,
  type PipelineRunInput,
  type PipelineRunResult,
  type Provider,
  type Stage,
} from '../../workflows/pipeline-run.ts';
import { createProgressRenderer } from '../../workflows/progress-renderer.ts';
import {
  connectTemporalClient,
  followTemporalRun,
  startTemporalRun,
} from '../../workflows/temporal/client.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';
import { toTable } from '../format.ts';

const PROVIDERS: readonly Provider[] = ['gcp', 's1', 'vng', 'fortinet'];
const STAGE_ACTIVITY: Partial<Record<Stage, string>> = {
  normalize: 'normalize.silver',
  detect: 'detect.gold',
};

/** Exit code of a run that finished but left some sources or scopes incomplete. */
export const EXIT_PARTIAL = 3;

function selectSources(all: readonly SourceConfig[], selector: string): SourceConfig[] {
  if (selector === 'all') return [...all];
  if ((PROVIDERS as readonly string[]).includes(selector)) return all.filter((s) => s.provider === selector);
  const byId = all.filter((s) => s.id === selector);
  if (byId.length === 0) {
    throw new HotpotError(
      `"${selector}" is neither a provider (${PROVIDERS.join(', ')}, all) nor a configured source id.`,
      'BAD_SOURCE',
    );
  }
  return byId;
}

/** Stages a run will execute; "all" leaves out stages this version does not implement yet. */
function selectStages(stage: string, implemented: ReadonlySet<string>, note: (t: string) => void): Stage[] {
  const wanted: Stage[] = stage === 'all' ? ['ingest', 'normalize', 'detect'] : [stage as Stage];
  if (!['all', 'ingest', 'normalize', 'detect', 'publish'].includes(stage)) {
    throw new HotpotError(`Unknown stage "${stage}"; use ingest, normalize, detect or all.`, 'BAD_STAGE');
  }
  return wanted.filter((s) => {
    const activity = STAGE_ACTIVITY[s];
    if (!activity || implemented.has(activity)) return true;
    if (stage !== 'all')
      throw new HotpotError(`The ${s} stage is not available in this version.`, 'STAGE_UNAVAILABLE');
    note(`note: skipping the ${s} stage (not available in this version)`);
    return false;
  });
}

function printSummary(ctx: CliContext, result: PipelineRunResult): void {
  for (const [stage, r] of [
    ['normalize', result.normalize],
    ['detect', result.detect],
    ['publish', result.publish],
  ] as const) {
    if (r) ctx.print(`${stage}: ${r.complete ? 'complete' : 'INCOMPLETE'}, ${r.rowsWritten} row(s) written`);
  }
  for (const outcome of result.ingest) {
    if (!outcome.ok) {
      ctx.print(`${outcome.sourceId} (${outcome.provider}): FAILED: ${outcome.error}`);
      continue;
    }
    const s = outcome.summary;
    ctx.print(
      `${outcome.sourceId} (${outcome.provider}): ${outcome.complete ? 'complete' : 'INCOMPLETE'}, ${s?.scopes ?? 0} scope(s), ${outcome.rowsWritten} object(s) written`,
    );
    if (s) {
      const rows = Object.entries(s.tables).map(([table, t]) => ({ table, ...t }));
      if (rows.length > 0)
        ctx.print(toTable(['table', 'seen', 'inserted', 'changed', 'deleted', 'rejected'], rows));
      for (const f of s.failures)
        ctx.print(`  failed: ${f.scope}${f.table ? ` ${f.table}` : ''}: ${f.error}`);
    }
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('collect and process: ingest sources, then normalize and detect')
    .option('--source <provider|id|all>', 'gcp, s1, vng, fortinet, a source id, or all', 'all')
    .option('--stage <stage>', 'ingest, normalize, detect or all', 'all')
    .option('--json', 'progress as JSON lines on stdout, then the result as the last line')
    .option('--temporal <host:port>', 'start and follow the run on a Temporal cluster instead of locally')
    .action(
      async (
        opts: { source: string; stage: string; json?: boolean; temporal?: string },
        command: Command,
      ) => {
        const home = ctx.resolveHome(command.optsWithGlobals());
        const workspace = Workspace.open(home);
        const configured = workspace.sources.list();
        workspace.close();
        const sources = selectSources(configured, opts.source).filter((s) => {
          const ok =
            (PROVIDERS as readonly string[]).includes(s.provider) &&
            inventoryWorkflows[s.provider as Provider] !== undefined;
          if (!ok)
            ctx.note(
              `note: skipping source ${s.id}: provider ${s.provider} is not available in this version`,
            );
          return ok;
        });
        const needsSources = opts.stage === 'all' || opts.stage === 'ingest';
        if (needsSources && sources.length === 0) {
          throw new HotpotError(
            `No ${opts.source === 'all' ? '' : `${opts.source} `}sources are configured in ${home}. Add one with "hotpot sources add", or try "hotpot sandbox --configure --home ${home}".`,
            'NO_SOURCES',
          );
        }
        const runtime = opts.temporal ? undefined : openLocalRuntime(home);
        const implemented = new Set(
          // Against a cluster, the workers decide; assume every declared stage may be served.
          runtime ? runtime.activityNames : declaredActivities.map((a) => a.name),
        );
        const input: PipelineRunInput = {
          sources: sources.map((s) => ({ provider: s.provider as Provider, sourceId: s.id })),
          stages: selectStages(opts.stage, implemented, ctx.note),
        };
        const renderer = createProgressRenderer(opts.json ? 'jsonl' : 'bar');
        let outcome: { status: string; result?: unknown; error?: { message: string } };
        if (runtime) {
          const stop = runtime.engine.events.onAny((e) => renderer.onEvent(e));
          try {
            const handle = await runtime.engine.start(pipelineRunWorkflow, input);
            outcome = await handle.outcome();
          } finally {
            renderer.close();
            stop();
            await runtime.close();
          }
        } else {
          const client = await connectTemporalClient(opts.temporal as string);
          const handle = await startTemporalRun(client, pipelineRunWorkflow, input);
          try {
            outcome = {
              status: 'completed',
              result: await followTemporalRun(handle, pipelineRunWorkflow.name, (e) => renderer.onEvent(e)),
            };
          } catch (error) {
            outcome = { status: 'failed', error: { message: (error as Error).message } };
          } finally {
            renderer.close();
          }
        }
        if (outcome.status !== 'completed') {
          if (opts.json) ctx.print(JSON.stringify(outcome));
          throw new HotpotError(
            `The run ${outcome.status}: ${outcome.error?.message ?? 'unknown error'}`,
            'RUN_FAILED',
          );
        }
        const result = outcome.result as PipelineRunResult;
        if (opts.json) ctx.print(JSON.stringify({ status: 'completed', result }));
        else printSummary(ctx, result);
        if (result.ingest.some((o) => !o.ok || !o.complete)) process.exitCode = EXIT_PARTIAL;
      },
    );
}
