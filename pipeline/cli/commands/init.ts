import type { Command } from 'commander';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create the workspace (DuckDB store, SQLite state, key file) and migrate its store')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const home = ctx.resolveHome(command.optsWithGlobals());
      const { workspace, migration, created } = await Workspace.init(home);
      const result = {
        home,
        store: workspace.storeLocation(),
        state: workspace.paths.state,
        created,
        migrationsApplied: migration.applied,
      };
      workspace.close();
      if (opts.json) ctx.printJson(result);
      else {
        ctx.print(`${created ? 'Created' : 'Found'} workspace ${home}`);
        ctx.print(`  store: ${result.store}`);
        ctx.print(
          `  migrations applied: ${migration.applied.length > 0 ? migration.applied.join(', ') : 'none (up to date)'}`,
        );
      }
    });
}
