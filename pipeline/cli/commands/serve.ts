import type { Command } from 'commander';
import { HotpotError } from '../../../db/errors.ts';
import { serveWorkspace, untilSignal } from '../../service/serve.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';

export function parsePort(raw: string | undefined): number {
  const port = Number(raw ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new HotpotError(`--port must be between 0 and 65535 (0 picks a free port), got "${raw}".`, 'usage');
  return port;
}

/**
 * `hotpot serve`: the workbench in a browser. Loopback only; the printed URL carries this
 * launch's token, which the page trades for a cookie.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('browser mode: the UI and its API on 127.0.0.1, behind a per-launch token')
    .option('--port <port>', 'loopback port, 0 picks a free one', '0')
    .option('--json', 'print {url, launchUrl} as one JSON line instead of a sentence')
    .action(async (opts: { port?: string; json?: boolean }, command: Command) => {
      const home = ctx.resolveHome(command.optsWithGlobals());
      const port = parsePort(opts.port);
      // A first launch creates the workspace, so the Sources page can add the first source.
      const { workspace } = await Workspace.init(home);
      const noSources = workspace.sources.list().length === 0;
      workspace.close();
      const serving = await serveWorkspace({ home, port, log: (l) => ctx.note(`serve: ${l}`) });
      if (opts.json)
        ctx.print(JSON.stringify({ url: serving.http.url, launchUrl: serving.http.launchUrl, home }));
      else ctx.print(`Hotpot Workbench: open ${serving.http.launchUrl}`);
      if (!serving.appBuilt) ctx.note('serve: the app is not built yet; run "npm run build:app" first.');
      if (noSources) {
        ctx.note(
          'serve: no sources are configured yet. Add one on the Sources page, or try the demo sandbox: npx hotpot demo',
        );
      }
      ctx.note(`serve: workspace ${home}. Ctrl-C stops.`);
      const signal = await untilSignal();
      ctx.note(`serve: ${signal} received, stopping.`);
      await serving.close();
    });
}
