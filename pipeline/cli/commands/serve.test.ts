// `hotpot serve` end to end as a process: prints the launch URL, creates the workspace, answers
// only with the token, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';

const home = join(mkdtempSync(join(tmpdir(), 'hotpot-serve-')), 'ws');
afterAll(() => rmSync(join(home, '..'), { recursive: true, force: true }));

it('serves on loopback with a per-launch token', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'e2e/support/demo-cli.ts', 'serve', '--home', home, '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      createInterface({ input: child.stdout }).once('line', resolve);
    });
    const ready = JSON.parse(line) as { url: string; launchUrl: string; home: string };
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = new URL(ready.launchUrl).searchParams.get('token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(existsSync(join(home, 'state.sqlite'))).toBe(true);
    const call = (headers: Record<string, string>) =>
      fetch(`${ready.url}/api/call/workspace.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await call({})).status).toBe(401);
    const ok = await call({ 'x-hotpot-token': token! });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { home: string } }).result.home).toBe(home);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});
