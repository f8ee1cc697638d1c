// Child process for the SIGKILL test: publishes a DuckDB workspace and, when the batch named by
// HOTPOT_PUBLISH_CRASH_AT is staged (COPY done, merge not yet committed), says so on stdout and
// waits to be killed. Run with `node --import tsx crash-child.ts LOCAL_DUCKDB CENTRAL_URL`.
import { openStore } from '../../../db/store/open.ts';
import { TEST_MIGRATIONS, testCatalog } from '../../../db/testing/test-catalog.ts';
import { publish } from '../publish.ts';

const [localPath, centralUrl] = process.argv.slice(2) as [string, string];
const crashAt = process.env.HOTPOT_PUBLISH_CRASH_AT;
const local = await openStore(localPath);
const central = await openStore(centralUrl);
await publish(local, central, testCatalog, {
  publisherId: 'crashy',
  migrations: TEST_MIGRATIONS,
  readerRole: false,
  afterStage: async (table) => {
    if (table !== crashAt) return;
    process.stdout.write('staged\n');
    await new Promise(() => undefined);
  },
});
process.stdout.write('done\n');
await local.close();
await central.close();
