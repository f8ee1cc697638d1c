import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { startSandbox } from '../../../sandbox/index.ts';
import { isScale } from '../../../sandbox/world/scales.ts';
import { HotpotError } from '../../../db/errors.ts';
import { openLocalRuntime } from '../../runtime.ts';
import { planRun } from '../../service/handlers/runs.ts';
import { serveWorkspace, untilSignal } from '../../service/serve.ts';
import { configureSandboxSources } from '../../sources/sandbox-sources.ts';
import { createProgressRenderer } from '../../workflows/progress-renderer.ts';
import { pipelineRunWorkflow } from '../../workflows/pipeline-run.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';
import { parsePort } from './serve.ts';

/**
 * `hotpot demo`: the sandbox, its providers as sources, one full run, then the UI — so a new user
 * sees every page filled. Without --home or $HOTPOT_HOME it uses a throwaway folder, never the
 * analyst's real workspace.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('start the sandbox, configure its sources, run the pipeline and serve the UI')
    .option('--seed <n>', 'world seed', '1')
    .option('--scale <scale>', 'small, medium or large', 'small')
    .option('--port <port>', 'UI port on 127.0.0.1, 0 picks a free one', '0')
    .option('--json', 'print {url, launchUrl, home, sandbox} as one JSON line when ready')
    .action(
      async (opts: { seed: string; scale: string; port?: string; json?: boolean }, command: Command) => {
        const globals = command.optsWithGlobals<{ home?: string }>();
        const home =
          globals.home || process.env.HOTPOT_HOME ? ctx.resolveHome(globals) : join(tmpdir(), 'hotpot-demo');
        if (!isScale(opts.scale)) throw new HotpotError(`--scale must be small, medium or large.`, 'usage');
        const seed = Number(opts.seed);
        const port = parsePort(opts.port);
        const sandbox = await startSandbox({ seed, scale: opts.scale });
        const { workspace } = await Workspace.init(home);
        const saved = configureSandboxSources(
          workspace,
          sandbox.endpoints.providers as unknown as Record<string, Record<string, unknown>>,
        );
        workspace.close();
        ctx.note(`demo: sandbox on ${sandbox.url}; sources ${saved.map((s) => s.id).join(', ')} in ${home}`);
        const runtime = openLocalRuntime(home);
        const serving = await serveWorkspace({ home, port, runtime, log: (l) => ctx.note(`serve: ${l}`) });
        try {
          const input = planRun(
            { runtime, catalog: runtime.env.catalog, emit: () => undefined },
            saved.map((s) => s.id),
            ['ingest', 'normalize', 'detect'],
          );
          const renderer = createProgressRenderer(opts.json ? 'jsonl' : 'bar');
          const stop = runtime.engine.events.onAny((e) => {
            if (!opts.json) renderer.onEvent(e);
          });
          const outcome = await (await runtime.engine.start(pipelineRunWorkflow, input)).outcome();
          stop();
          renderer.close();
          ctx.note(
            `demo: the run ${outcome.status}${outcome.status === 'completed' ? '' : ` (${outcome.error?.message ?? ''})`}`,
          );
        } catch (error) {
          ctx.note(`demo: the run could not start: ${(error as Error).message}`);
        }
        // The sandbox's endpoints carry its simulated credentials, printed as `hotpot sandbox` does,
        // so scripts (the e2e suite) can add a source of their own.
        if (opts.json)
          ctx.print(
            JSON.stringify({
              url: serving.http.url,
              launchUrl: serving.http.launchUrl,
              home,
              sandbox: sandbox.endpoints,
            }),
          );
        else ctx.print(`Hotpot demo is ready: open ${serving.http.launchUrl}`);
        if (!serving.appBuilt) ctx.note('demo: the app is not built yet; run "npm run build:app" first.');
        const signal = await untilSignal();
        ctx.note(`demo: ${signal} received, stopping.`);
        await serving.close();
        await runtime.close();
        await sandbox.stop();
      },
    );
}
