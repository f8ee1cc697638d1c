#!/usr/bin/env node
// Runs each benchmark in bench/ in its own process (so peak memory is per benchmark) and passes
// its JSON lines through. `npm run bench -- history` runs only files whose name contains "history".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../bench/', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  process.stderr.write(`bench ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`, ...process.argv.slice(3)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
