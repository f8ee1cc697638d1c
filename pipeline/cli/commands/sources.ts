import type { Command } from 'commander';
import { HotpotError } from '../../../db/errors.ts';
import { createPipelineEnv } from '../../env.ts';
import { PROVIDER_CLIS, providerCli } from '../../sources/providers.ts';
import { Workspace } from '../../workspace.ts';
import type { CliContext } from '../context.ts';
import { toTable } from '../format.ts';

export function register(program: Command, ctx: CliContext): void {
  const sources = program
    .command('sources')
    .description('configure providers; secrets go to the encrypted key-file store');
  const open = (command: Command): Workspace => Workspace.open(ctx.resolveHome(command.optsWithGlobals()));

  sources
    .command('list')
    .description('configured sources (secrets are never shown, only their names)')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }, command: Command) => {
      const workspace = open(command);
      const rows = workspace.sources.list();
      workspace.close();
      if (opts.json) return ctx.printJson(rows);
      if (rows.length === 0)
        return ctx.print(
          'No sources. Add one with "hotpot sources add <provider>", or run "hotpot sandbox --configure".',
        );
      ctx.print(
        toTable(
          ['id', 'provider', 'name', 'secrets', 'updated'],
          rows.map((s) => ({ ...s, secrets: s.secretNames.join(','), updated: s.updatedAt })),
        ),
      );
    });

  const add = sources.command('add').description('add or update a source');
  for (const provider of PROVIDER_CLIS) {
    provider
      .addOptions(add.command(provider.provider).description(provider.description))
      .requiredOption('--id <id>', 'source id (lowercase letters, digits, - and _)')
      .option('--name <name>', 'display name')
      .option('--json', 'print the stored source as JSON')
      .action(async (opts: Record<string, unknown>, command: Command) => {
        const { config, secrets } = await provider.buildSource(opts);
        const workspace = open(command);
        try {
          const saved = workspace.sources.save({
            id: String(opts.id),
            provider: provider.provider,
            ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
            config,
            secrets,
          });
          if (opts.json) ctx.printJson(saved);
          else
            ctx.print(
              `Saved source ${saved.id} (${provider.provider}); secrets stored: ${saved.secretNames.join(', ') || 'none'}. Check it with "hotpot sources test ${saved.id}".`,
            );
        } finally {
          workspace.close();
        }
      });
  }

  sources
    .command('test')
    .description('check a source: credentials, permissions and every scope it reaches')
    .argument('<id>', 'source id')
    .option('--json', 'print the checks as JSON')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      const workspace = open(command);
      const env = createPipelineEnv(workspace);
      try {
        const source = workspace.sources.require(id);
        const cli = providerCli(source.provider);
        if (!cli)
          throw new HotpotError(
            `Source ${id} uses provider "${source.provider}", which this version cannot test.`,
            'UNKNOWN_PROVIDER',
          );
        const checks = await cli.test(env, id);
        const ok = checks.length > 0 && checks.every((c) => c.ok);
        if (opts.json) ctx.printJson({ source: id, provider: source.provider, ok, checks });
        else {
          for (const c of checks)
            ctx.print(
              `${c.ok ? 'ok  ' : 'FAIL'} ${c.check}${c.scope ? ` [${c.scope}]` : ''}${c.ok && c.detail === 'ok' ? '' : `: ${c.detail}`}`,
            );
          ctx.print(ok ? `Source ${id} works.` : `Source ${id} has problems (see FAIL lines).`);
        }
        if (!ok) process.exitCode = 1;
      } finally {
        await env.close();
        workspace.close();
      }
    });

  sources
    .command('remove')
    .description('remove a source and its secrets (collected data stays in the store)')
    .argument('<id>', 'source id')
    .action((id: string, _opts: unknown, command: Command) => {
      const workspace = open(command);
      const removed = workspace.sources.remove(id);
      workspace.close();
      if (!removed) throw new HotpotError(`No source "${id}".`, 'UNKNOWN_SOURCE');
      ctx.print(`Removed source ${id} and its secrets.`);
    });
}
