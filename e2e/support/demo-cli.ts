// Runs `hotpot demo` / `hotpot serve` from their command modules, for the e2e suite. (Once the
// commands are wired into pipeline/cli/main.ts, `node bin/hotpot.js demo` is the same thing.)
import { Command } from 'commander';
import { cliContext } from '../../pipeline/cli/context.ts';
import { register as registerDemo } from '../../pipeline/cli/commands/demo.ts';
import { register as registerServe } from '../../pipeline/cli/commands/serve.ts';

const program = new Command('hotpot').option('--home <dir>', 'workspace folder');
registerDemo(program, cliContext);
registerServe(program, cliContext);
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`hotpot: ${(error as Error).message}\n`);
  process.exit(1);
});
