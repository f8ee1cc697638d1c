import { resolveHome } from '../workspace.ts';

/** What every command module receives from the CLI entry point. */
export interface CliContext {
  /** The workspace folder from `--home`, `$HOTPOT_HOME` or `~/.hotpot`. */
  resolveHome(opts: { home?: string }): string;
  /** Writes a listing's one JSON document on stdout (nothing else goes to stdout with --json). */
  printJson(value: unknown): void;
  /** Human output, on stdout. */
  print(text: string): void;
  /** Notes and progress, on stderr so they never mix with listings. */
  note(text: string): void;
}

export const cliContext: CliContext = {
  resolveHome: (opts) => resolveHome(opts.home),
  printJson: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  print: (text) => process.stdout.write(`${text}\n`),
  note: (text) => process.stderr.write(`${text}\n`),
};
