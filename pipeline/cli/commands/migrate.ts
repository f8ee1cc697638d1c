import type { Command } from 'commander';
import { migrate } from '../../../db/migrations/runner.ts';
import { openStore } from '../../../db/store/open.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description(
      'apply pending schema migrations to the workspace store, or to --store (DuckDB path or postgres://…)',
    )
    .option('--store <location>', 'a DuckDB file or a postgres:// URL instead of the workspace store')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { store?: string; json?: boolean }, command: Command) => {
      let location = opts.store;
      if (!location) {
        const workspace = Workspace.open(ctx.resolveHome(command.optsWithGlobals()));
        location = workspace.storeLocation();
        workspace.close();
      }
      const store = await openStore(location);
      try {
        const result = await migrate(store);
        if (opts.json) ctx.printJson({ store: store.location, ...result });
        else
          ctx.print(
            `${store.location}: ${result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'up to date'} (${result.alreadyApplied} already applied)`,
          );
      } finally {
        await store.close();
      }
    });
}
