import { Command, CommanderError } from 'commander';
import { HotpotError } from '../../db/errors.ts';
import { HOTPOT_VERSION } from '../../db/version.ts';
import { register as registerAlerts } from './commands/alerts.ts';
import { register as registerAsk } from './commands/ask.ts';
import { register as registerDemo } from './commands/demo.ts';
import { register as registerDocs } from './commands/docs.ts';
import { register as registerHistory } from './commands/history.ts';
import { register as registerInit } from './commands/init.ts';
import { register as registerMigrate } from './commands/migrate.ts';
import { register as registerPublish } from './commands/publish.ts';
import { register as registerQuery } from './commands/query.ts';
import { register as registerRun } from './commands/run.ts';
import { register as registerRuns } from './commands/runs.ts';
import { register as registerSandbox } from './commands/sandbox.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerSources } from './commands/sources.ts';
import { register as registerStart } from './commands/start.ts';
import { register as registerWorker } from './commands/worker.ts';
import { cliContext, type CliContext } from './context.ts';

type Register = (program: Command, ctx: CliContext) => void;

const COMMANDS: readonly Register[] = [
  registerInit,
  registerMigrate,
  registerQuery,
  registerDocs,
  registerStart,
  registerSandbox,
  registerSources,
  registerRun,
  registerRuns,
  registerPublish,
  registerAsk,
  registerAlerts,
  registerHistory,
  registerServe,
  registerDemo,
  registerWorker,
];

export function buildProgram(ctx: CliContext = cliContext): Command {
  const program = new Command('hotpot')
    .description('Hotpot Workbench: inventory, history, rules and alerts for security analysts')
    .version(HOTPOT_VERSION)
    .option('--home <dir>', 'workspace folder (default $HOTPOT_HOME, else ~/.hotpot)')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code. Errors print one sentence on stderr, never a stack. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof HotpotError) {
      process.stderr.write(`hotpot: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hotpot: unexpected error: ${message}\n`);
    if (process.env.HOTPOT_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    else process.stderr.write('Run again with HOTPOT_DEBUG=1 for details.\n');
    return 1;
  }
}
