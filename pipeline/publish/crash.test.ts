import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/store/open.ts';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { TEST_MIGRATIONS, testCatalog } from '../../db/testing/test-catalog.ts';
import { publish } from './publish.ts';
import { collect, dump } from './testing/fixtures.ts';

const CHILD = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));
const open: TestStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
});

/** Runs the child until it reports the staged batch, then SIGKILLs it mid-transaction. */
function publishAndKill(localPath: string, centralUrl: string, table: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, localPath, centralUrl], {
      env: { ...process.env, HOTPOT_PUBLISH_CRASH_AT: table },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('staged')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`child exited without being killed: ${out} ${err}`)),
    );
  });
}

describe('publish after SIGKILL', () => {
  it('leaves the unfinished batch unchanged and the next publish reaches the uninterrupted end state', async () => {
    const local = await openTestStore('duckdb', TEST_MIGRATIONS);
    const central = await openTestStore('postgres', []);
    const reference = await openTestStore('postgres', []);
    open.push(local, central, reference);
    const options = { publisherId: 'crashy', migrations: TEST_MIGRATIONS, readerRole: false as const };
    await collect(local.store, '2025-03-01T10:00:00.000Z', [
      { id: 'a', labels: { env: 'prod' } },
      { id: 'b' },
      { id: 'c' },
    ]);
    await publish(local.store, central.store, testCatalog, options);
    await collect(local.store, '2025-03-02T10:00:00.000Z', [
      { id: 'a', labels: { env: 'dev' } },
      { id: 'b', name: 'renamed' },
      { id: 'd' },
    ]);
    const before = await dump(central.store);

    await local.store.close(); // the child needs the DuckDB file lock
    await publishAndKill(local.location, central.location, 'bronze.test_widgets');
    expect(await dump(central.store)).toEqual(before);

    const reopened = await openStore(local.location);
    try {
      await publish(reopened, central.store, testCatalog, options);
      await publish(reopened, reference.store, testCatalog, options);
      expect(await dump(central.store)).toEqual(await dump(reference.store));
      expect(await dump(central.store)).toEqual(await dump(reopened));
    } finally {
      await reopened.close();
    }
  });

  it('a first publish killed during its direct copy leaves nothing, and the rerun copies everything', async () => {
    const local = await openTestStore('duckdb', TEST_MIGRATIONS);
    const central = await openTestStore('postgres', []);
    const reference = await openTestStore('postgres', []);
    open.push(local, central, reference);
    const options = { publisherId: 'crashy', migrations: TEST_MIGRATIONS, readerRole: false as const };
    await collect(local.store, '2025-03-01T10:00:00.000Z', [
      { id: 'a', nics: { nic0: { ip: '10.0.0.1', addresses: { '34.1.1.1': 'PREMIUM' } } } },
      { id: 'b', labels: { env: 'prod' } },
    ]);
    await collect(local.store, '2025-03-02T10:00:00.000Z', [{ id: 'a' }, { id: 'c' }]);

    await local.store.close();
    await publishAndKill(local.location, central.location, 'bronze.test_widgets');
    const [written] = await central.store.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM bronze.test_widgets) + (SELECT count(*) FROM bronze_history.test_widgets)
         + (SELECT count(*) FROM bronze_history.test_widget_nics) + (SELECT count(*) FROM meta.publish_watermarks) AS n`,
    );
    expect(Number(written?.n)).toBe(0);

    const reopened = await openStore(local.location);
    try {
      const rerun = await publish(reopened, central.store, testCatalog, options);
      expect(rerun.tables.find((t) => t.table === 'bronze.test_widgets')?.path).toBe('direct');
      await publish(reopened, reference.store, testCatalog, { ...options, directCopy: false });
      expect(await dump(central.store)).toEqual(await dump(reference.store));
      expect(await dump(central.store)).toEqual(await dump(reopened));
    } finally {
      await reopened.close();
    }
  });
});
