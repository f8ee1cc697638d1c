import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { catalog } from '../../../db/catalog/index.ts';
import { renderDictionary } from '../../../db/catalog/dictionary.ts';
import type { CliContext } from '../context.ts';

export function register(program: Command, ctx: CliContext): void {
  const docs = program
    .command('docs')
    .description('generate reference documentation from the schema catalog');
  docs
    .command('dictionary')
    .description('write the data dictionary (Markdown)')
    .option('--out <file>', 'output file (stdout when omitted)')
    .action((opts: { out?: string }) => {
      const text = renderDictionary(catalog);
      if (opts.out) writeFileSync(opts.out, text);
      else ctx.print(text);
    });
}
