import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { TEST_MIGRATIONS, testCatalog } from '../../db/testing/test-catalog.ts';
import { publish } from './publish.ts';
import { sendableColumns } from './staging.ts';
import {
  collect,
  currentXid,
  danglingVersions,
  dump,
  duplicateVersions,
  rowsWrittenSince,
} from './testing/fixtures.ts';

const open: TestStore[] = [];
async function store(kind: 'duckdb' | 'postgres', migrations = TEST_MIGRATIONS): Promise<TestStore> {
  const s = await openTestStore(kind, migrations);
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
});

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-02T10:00:00.000Z';
const T3 = '2025-03-03T10:00:00.000Z';
const options = { publisherId: 'ws-a', migrations: TEST_MIGRATIONS, readerRole: false as const };

describe('publish', () => {
  it('publishes a DuckDB workspace, then a second publish writes zero rows', async () => {
    const local = await store('duckdb');
    const central = await store('postgres', []);
    await collect(local.store, T1, [
      {
        id: 'a',
        nics: { nic0: { ip: '10.0.0.1', addresses: { '34.1.1.1': 'PREMIUM' } } },
        labels: { env: 'prod' },
      },
      { id: 'b' },
    ]);
    const first = await publish(local.store, central.store, testCatalog, options);
    expect(first.rowsWritten).toBeGreaterThan(0);
    expect(await dump(central.store)).toEqual(await dump(local.store));
    expect(await danglingVersions(central.store)).toBe(0);

    const before = await currentXid(central.store);
    const second = await publish(local.store, central.store, testCatalog, options);
    expect(second.rowsWritten).toBe(0);
    expect(second.tables.every((t) => t.rowsSent === 0)).toBe(true);
    expect(await rowsWrittenSince(central.store, before)).toBe(0);

    const log = await central.store.query<{ publisher_id: string; collected_at: string; rows_sent: number }>(
      'SELECT publisher_id, collected_at, rows_sent FROM meta.publish_log',
    );
    expect(log).toEqual([{ publisher_id: 'ws-a', collected_at: T1, rows_sent: expect.any(Number) }]);
  });

  it('sends only changes, propagates changed children and deletions', async () => {
    const local = await store('duckdb');
    const central = await store('postgres', []);
    await collect(local.store, T1, [{ id: 'a', labels: { env: 'prod' } }, { id: 'b' }, { id: 'c' }]);
    await publish(local.store, central.store, testCatalog, options);
    // b changes one label, c disappears (complete listing), d appears.
    await collect(local.store, T2, [
      { id: 'a', labels: { env: 'prod' } },
      { id: 'b', labels: { env: 'dev' } },
      { id: 'd' },
    ]);
    const second = await publish(local.store, central.store, testCatalog, options);
    expect(await dump(central.store)).toEqual(await dump(local.store));
    expect(await danglingVersions(central.store)).toBe(0);
    expect(await duplicateVersions(central.store)).toBe(0);
    const widgets = second.tables.find((t) => t.table === 'bronze.test_widgets');
    // 3 current roots + b's label + d's nic + 3 root versions (c closed, d opened… ) — far below a full resend.
    expect(widgets?.rowsSent).toBeLessThan(20);
  });

  it('never sends a column outside the catalog', async () => {
    const local = await store('duckdb');
    const central = await store('postgres', []);
    await collect(local.store, T1, [{ id: 'a' }]);
    await local.store.execute('ALTER TABLE bronze.test_widgets ADD COLUMN api_token VARCHAR');
    await local.store.execute("UPDATE bronze.test_widgets SET api_token = 'secret'");
    await publish(local.store, central.store, testCatalog, options);
    const columns = await central.store.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema IN ('bronze', 'bronze_history')",
    );
    expect(columns.some((c) => c.column_name === 'api_token')).toBe(false);
    const spec = testCatalog.get('bronze.test_widgets');
    const allowed = new Set([
      ...spec.columns.map((c) => c.name),
      'version_from',
      'with_children',
      'valid_from',
      'valid_to',
    ]);
    for (const name of sendableColumns(spec)) expect(allowed.has(name)).toBe(true);
  });

  it('an older workspace publishing after a newer one overwrites nothing newer', async () => {
    const older = await store('duckdb');
    const newer = await store('postgres');
    const central = await store('postgres', []);
    await collect(older.store, T1, [
      { id: 'a', name: 'old-a' },
      { id: 'b', name: 'old-b', labels: { k: 'old' } },
    ]);
    await collect(newer.store, T2, [
      { id: 'a', name: 'new-a' },
      { id: 'b', name: 'new-b', labels: { k: 'new' } },
    ]);
    await publish(newer.store, central.store, testCatalog, { ...options, publisherId: 'newer' });
    const afterNewer = await dump(central.store);
    const result = await publish(older.store, central.store, testCatalog, {
      ...options,
      publisherId: 'older',
    });
    const after = await dump(central.store);
    expect(after.test_widgets).toEqual(afterNewer.test_widgets);
    expect(after.test_widget_labels).toEqual(afterNewer.test_widget_labels);
    expect(after.test_widget_nics).toEqual(afterNewer.test_widget_nics);
    expect(result.tables.find((t) => t.table === 'bronze.test_widgets')?.skippedOlder).toBe(2);
    expect(await duplicateVersions(central.store)).toBe(0);
    expect(await danglingVersions(central.store)).toBe(0);
  });

  it('two workspaces with overlapping scopes publish concurrently, interleaved', async () => {
    const a = await store('duckdb');
    const b = await store('postgres');
    const central = await store('postgres', []);
    // Same source and scope in both; a holds T1 and T3 collections, b holds T2. Overlap: w1..w3.
    await collect(a.store, T1, [
      { id: 'w1', name: 'a1' },
      { id: 'w2', name: 'a1' },
      { id: 'w3', name: 'a1' },
    ]);
    await collect(b.store, T2, [
      { id: 'w2', name: 'b2', labels: { x: 'b' } },
      { id: 'w3', name: 'b2' },
      { id: 'w4', name: 'b2' },
    ]);
    // Interleave: each publisher pauses after staging, while holding nothing the other needs.
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
    await Promise.all([
      publish(a.store, central.store, testCatalog, { ...options, publisherId: 'a', afterStage: pause }),
      publish(b.store, central.store, testCatalog, { ...options, publisherId: 'b', afterStage: pause }),
    ]);
    // a's T3 listing keeps w2 unchanged locally (no child versions since a's last publish), while
    // the central copy may hold b's children: the central side must ask a for w2's children.
    await collect(a.store, T3, [
      { id: 'w1', name: 'a3' },
      { id: 'w2', name: 'a1' },
      { id: 'w3', name: 'a3', nics: { nic9: { ip: '10.9.9.9' } } },
    ]);
    await Promise.all([
      publish(b.store, central.store, testCatalog, { ...options, publisherId: 'b', afterStage: pause }),
      publish(a.store, central.store, testCatalog, { ...options, publisherId: 'a', afterStage: pause }),
    ]);
    const rows = await central.store.query<{ resource_id: string; name: string; collected_at: string }>(
      'SELECT resource_id, name, collected_at FROM bronze.test_widgets ORDER BY resource_id',
    );
    // Each resource holds the newest collection that saw it: a's T3 for w1..w3, b's T2 for w4.
    expect(rows).toEqual([
      { resource_id: 'w1', name: 'a3', collected_at: T3 },
      { resource_id: 'w2', name: 'a1', collected_at: T3 },
      { resource_id: 'w3', name: 'a3', collected_at: T3 },
      { resource_id: 'w4', name: 'b2', collected_at: T2 },
    ]);
    const nics = await central.store.query<{ resource_id: string; nic_name: string }>(
      'SELECT resource_id, nic_name FROM bronze.test_widget_nics ORDER BY resource_id, nic_name',
    );
    expect(nics.map((n) => `${n.resource_id}/${n.nic_name}`)).toEqual([
      'w1/nic0',
      'w2/nic0',
      'w3/nic9',
      'w4/nic0',
    ]);
    const labels = await central.store.query('SELECT resource_id, key, value FROM bronze.test_widget_labels');
    expect(labels).toEqual([]);
    expect(await duplicateVersions(central.store)).toBe(0);
    expect(await danglingVersions(central.store)).toBe(0);
  });
});
