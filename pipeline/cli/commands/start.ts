import type { Command } from 'commander';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';

/**
 * What `npm start` runs until the desktop shell lands: opens (or creates) the workspace on the
 * embedded DuckDB, reports its state, and points a new user at the demo sandbox.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('open (or create) the workspace and show its state')
    .option('--json', 'print the state as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const home = ctx.resolveHome(command.optsWithGlobals());
      const { workspace, migration, created } = await Workspace.init(home);
      const sources = workspace.sources.list().map((s) => ({ id: s.id, provider: s.provider }));
      const state = {
        home,
        created,
        store: workspace.storeLocation(),
        migrationsApplied: migration.applied,
        sources,
      };
      workspace.close();
      if (opts.json) return ctx.printJson(state);
      ctx.print(`Hotpot workspace ${home}${created ? ' (new)' : ''}`);
      ctx.print(`  store:   ${state.store}`);
      ctx.print(
        `  sources: ${sources.length > 0 ? sources.map((s) => `${s.id} (${s.provider})`).join(', ') : 'none'}`,
      );
      if (sources.length === 0) {
        ctx.print('');
        ctx.print('No sources are configured. To explore with simulated providers, start the demo sandbox:');
        ctx.print(`  npx hotpot sandbox --home ${home}`);
      }
    });
}
