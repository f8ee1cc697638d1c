import type { Command } from 'commander';
import { HotpotError } from '../../../db/errors.ts';
import { isPostgresUrl, openStore } from '../../../db/store/open.ts';
import { redactUrl } from '../../../db/store/postgres-store.ts';
import { createPipelineEnv } from '../../env.ts';
import { PUBLISH_URL_SETTING, publisherId } from '../../publish/activity.ts';
import { DEFAULT_READER_ROLE } from '../../publish/central.ts';
import { publish } from '../../publish/publish.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';

interface PublishOpts {
  to?: string;
  json?: boolean;
  readerRole: string;
  save?: boolean;
  table?: string[];
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('publish')
    .description('publish all layers to the central PostgreSQL (only what changed since the last publish)')
    .option('--to <url>', 'central database postgres://… (default: the saved publish.url setting)')
    .option('--json', 'print per-table counts as one JSON document')
    .option('--reader-role <name>', 'read-only role granted SELECT on every layer', DEFAULT_READER_ROLE)
    .option('--save', "remember --to as this workspace's publish target")
    .option('--table <name...>', 'publish only these tables (e.g. bronze.gcp_compute_instances)')
    .action(async (opts: PublishOpts, command: Command) => {
      const workspace = Workspace.open(ctx.resolveHome(command.optsWithGlobals()));
      const env = createPipelineEnv(workspace);
      try {
        const url = opts.to ?? workspace.urls.get(PUBLISH_URL_SETTING);
        if (!url || !isPostgresUrl(url)) {
          throw new HotpotError(
            url
              ? `--to must be a postgres:// URL, not "${redactUrl(url)}".`
              : 'Say where to publish: hotpot publish --to postgres://user@host/db (add --save to remember it).',
            'PUBLISH_TARGET',
          );
        }
        const central = await openStore(url);
        try {
          if (opts.save) workspace.urls.set(PUBLISH_URL_SETTING, url);
          ctx.note(`publishing to ${central.location}`);
          const result = await publish(await env.store(), central, env.catalog, {
            publisherId: publisherId(env),
            readerRole: opts.readerRole,
            ...(opts.table ? { tables: opts.table } : {}),
            onProgress: (p) => {
              if (p.phase === 'committed' && p.result)
                ctx.note(
                  `[${p.done}/${p.total}] ${p.table}: ${p.result.rowsSent} sent, ${p.result.currentWritten + p.result.historyWritten} written, ${p.result.skippedOlder} older skipped`,
                );
            },
          });
          if (opts.json) ctx.printJson(result);
          else
            ctx.print(
              `published ${result.rowsWritten} rows to ${result.target} in ${result.ms} ms (${result.tables.length} tables)`,
            );
        } finally {
          await central.close();
        }
      } finally {
        await env.close();
        workspace.close();
      }
    });
}
