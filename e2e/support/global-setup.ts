// Builds the app, starts `hotpot demo` on a fresh workspace (small sandbox, full run), and hands
// its URLs to the specs through the environment. Returns the teardown.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'vite';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!process.env.HOTPOT_E2E_SKIP_BUILD) await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const home = mkdtempSync(join(tmpdir(), 'hotpot-e2e-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'e2e/support/demo-cli.ts', 'demo', '--home', home, '--json', '--seed', '3'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('hotpot demo did not become ready within 5 minutes')),
      300_000,
    );
    child.once('exit', (code) => reject(new Error(`hotpot demo exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
  });
  const ready = JSON.parse(line) as { url: string; launchUrl: string; home: string; sandbox: unknown };
  process.env.HOTPOT_E2E_URL = ready.url;
  process.env.HOTPOT_E2E_LAUNCH_URL = ready.launchUrl;
  process.env.HOTPOT_E2E_SANDBOX = JSON.stringify(ready.sandbox);
  process.env.HOTPOT_E2E_HOME = ready.home;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  };
}
