import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_HEAP_CAP_MIB, heapCapMiB, hasHeapCap } from '../../bin/heap-cap.js';

const HEAP_CAP = pathToFileURL(fileURLToPath(new URL('../../bin/heap-cap.js', import.meta.url))).href;
const MiB = 1024 * 1024;

// A script that relaunches itself under the cap the way bin/hotpot.js does, then reports the V8
// limit it runs with and its arguments, and exits with a code of its own.
const PROBE = `
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { relaunchUnderHeapCap } from ${JSON.stringify(HEAP_CAP)};
const code = await relaunchUnderHeapCap(fileURLToPath(import.meta.url));
if (code !== undefined) process.exitCode = code;
else {
  // Listening before reporting: the test sends SIGTERM as soon as it reads the report.
  if (process.argv[2] === 'wait') {
    process.on('SIGTERM', () => process.exit(3));
    setInterval(() => undefined, 1000);
  } else process.exitCode = 7;
  console.log(JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit, args: process.argv.slice(2) }));
}
`;

let probe: string;
beforeAll(() => {
  probe = join(mkdtempSync(join(tmpdir(), 'hotpot-heap-cap-')), 'probe.mjs');
  writeFileSync(probe, PROBE);
});

function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('NODE_OPTIONS' in extra)) delete env.NODE_OPTIONS;
  if (!('HOTPOT_MAX_OLD_SPACE_MIB' in extra)) delete env.HOTPOT_MAX_OLD_SPACE_MIB;
  return env;
}

function run(extra: Record<string, string> = {}): { code: number | null; limitMiB: number; args: string[] } {
  const r = spawnSync(process.execPath, [probe, 'a', 'b c'], { env: envWith(extra), encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { limit: number; args: string[] };
  return { code: r.status, limitMiB: out.limit / MiB, args: out.args };
}

describe('V8 heap cap of hotpot processes', () => {
  test('an uncapped start runs again under the default cap, with its arguments and exit code', () => {
    const r = run();
    expect(r.limitMiB).toBeGreaterThanOrEqual(DEFAULT_HEAP_CAP_MIB);
    // The limit adds the young generation (tens of MiB) to the old-space cap.
    expect(r.limitMiB).toBeLessThan(DEFAULT_HEAP_CAP_MIB + 128);
    expect(r.args).toEqual(['a', 'b c']);
    expect(r.code).toBe(7);
  });

  test('HOTPOT_MAX_OLD_SPACE_MIB sets the cap; an explicit --max-old-space-size wins', () => {
    const env = run({ HOTPOT_MAX_OLD_SPACE_MIB: '300' });
    expect(env.limitMiB).toBeGreaterThanOrEqual(300);
    expect(env.limitMiB).toBeLessThan(300 + 128);
    const explicit = run({ HOTPOT_MAX_OLD_SPACE_MIB: '300', NODE_OPTIONS: '--max-old-space-size=200' });
    expect(explicit.limitMiB).toBeLessThan(300);
  });

  test('SIGTERM to the launcher reaches the capped process', async () => {
    const child = spawn(process.execPath, [probe, 'wait'], {
      env: envWith({}),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
  });

  test('a bad HOTPOT_MAX_OLD_SPACE_MIB is refused; caps are found in argv and NODE_OPTIONS', () => {
    expect(() => heapCapMiB({ HOTPOT_MAX_OLD_SPACE_MIB: 'lots' })).toThrow(/HOTPOT_MAX_OLD_SPACE_MIB/);
    expect(heapCapMiB({})).toBe(DEFAULT_HEAP_CAP_MIB);
    expect(hasHeapCap(['--max-old-space-size=512'], {})).toBe(true);
    expect(hasHeapCap([], { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=768' })).toBe(true);
    expect(hasHeapCap(['--import', 'tsx'], {})).toBe(false);
  });
});
