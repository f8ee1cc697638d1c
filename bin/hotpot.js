#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx hotpot` needs no build step. Every command
// but the sandbox runs under a capped V8 heap (bin/heap-cap.js): ingest, workers and the server
// keep their memory bounded the same way on a laptop as in the deployed workers.
import { fileURLToPath } from 'node:url';
import { relaunchUnderHeapCap } from './heap-cap.js';

// The sandbox is a test tool, not part of the product: a large simulated world needs ~1 GiB.
const UNCAPPED_COMMANDS = new Set(['sandbox']);

const relaunched = UNCAPPED_COMMANDS.has(process.argv[2] ?? '')
  ? undefined
  : await relaunchUnderHeapCap(fileURLToPath(import.meta.url));
if (relaunched !== undefined) {
  process.exitCode = relaunched;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../pipeline/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
