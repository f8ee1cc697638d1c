import { performance } from 'node:perf_hooks';

/** Times one async step; returns milliseconds with the step's result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: Math.round((performance.now() - start) * 10) / 10, result };
}

/** Peak resident set size of this process so far, in MiB (Linux reports it in kB). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Prints one benchmark's figures as a single JSON line on stdout. */
export function report(name: string, figures: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify({ bench: name, at: new Date().toISOString(), node: process.version, ...figures })}\n`,
  );
}

/** `--key value` style option from argv, with a default. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
