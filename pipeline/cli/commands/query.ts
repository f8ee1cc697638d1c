import type { Command } from 'commander';
import { HotpotError, errorMessage } from '../../../db/errors.ts';
import { assertSingleSelect } from '../../../db/query/read-only.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';
import { toCsv, toTable } from '../format.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('query')
    .description('run one read-only SELECT on the workspace store')
    .argument('<sql>', 'a single SELECT (or WITH … SELECT) statement')
    .option('--json', 'print rows as one JSON array')
    .option('--csv', 'print rows as CSV')
    .option('--timeout <ms>', 'statement timeout on PostgreSQL stores', '60000')
    .action(
      async (sql: string, opts: { json?: boolean; csv?: boolean; timeout: string }, command: Command) => {
        await assertSingleSelect(sql, 'hotpot query');
        const workspace = Workspace.open(ctx.resolveHome(command.optsWithGlobals()));
        const store = await workspace.openStore({ readOnly: true, statementTimeoutMs: Number(opts.timeout) });
        workspace.close();
        try {
          const rows = await store.query(sql).catch((error: unknown) => {
            throw new HotpotError(
              `The query failed: ${errorMessage(error).replace(/\s+/g, ' ').trim()}`,
              'QUERY_FAILED',
              { cause: error },
            );
          });
          const columns = rows[0] ? Object.keys(rows[0]) : [];
          if (opts.json) ctx.printJson(rows);
          else if (opts.csv) ctx.print(toCsv(columns, rows));
          else {
            ctx.print(rows.length > 0 ? toTable(columns, rows) : '(no rows)');
            ctx.note(`${rows.length} row${rows.length === 1 ? '' : 's'}`);
          }
        } finally {
          await store.close();
        }
      },
    );
}
