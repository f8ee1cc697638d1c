import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { historyRows, widget } from '../testing/history-fixtures.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../testing/stores.ts';
import { TEST_MIGRATIONS, WIDGETS, testCatalog } from '../testing/test-catalog.ts';
import { applySnapshot, asOf, diff, type SnapshotRecord } from './index.ts';

const T = (day: number): string => new Date(Date.UTC(2026, 0, day)).toISOString();

describe.each(STORE_KINDS)('history engine on %s', (kind) => {
  let t: TestStore;
  let source = 0;
  beforeAll(async () => {
    t = await openTestStore(kind, TEST_MIGRATIONS);
  });
  afterAll(async () => t.dispose());

  /** Each test works in its own source, so tests never see each other's rows. */
  function scoped() {
    const sourceId = `src${source++}`;
    const apply = (day: number, records: SnapshotRecord[], complete = true, scope = 'p1') =>
      applySnapshot(
        t.store,
        testCatalog,
        WIDGETS,
        { sourceId, scope, collectedAt: T(day), complete },
        records,
      );
    const open = (table: string) =>
      t.store.query(`SELECT * FROM bronze_history.${table} WHERE source_id = $1 ORDER BY history_id`, [
        sourceId,
      ]);
    return { sourceId, apply, open };
  }

  test('first load opens one version per row; an unchanged reload writes no history and bumps collected_at', async () => {
    const { sourceId, apply } = scoped();
    const records = [
      widget({
        id: 'a',
        nics: { nic0: { ip: '10.0.0.1', addresses: { '34.1.1.1': 'PREMIUM' } } },
        labels: { env: 'prod' },
      }),
      widget({ id: 'b' }),
    ];
    const first = await apply(1, records);
    expect(first).toMatchObject({ inserted: 2, changed: 0, historyRows: 2 + 2 + 1 + 1 });
    const written = await historyRows(t.store, sourceId);
    const second = await apply(2, records);
    expect(second).toMatchObject({ inserted: 0, changed: 0, unchanged: 2, historyRows: 0 });
    expect(await historyRows(t.store, sourceId)).toBe(written);
    const rows = await t.store.query(
      'SELECT collected_at, first_collected_at FROM bronze.test_widgets WHERE source_id = $1',
      [sourceId],
    );
    expect(rows).toEqual([
      { collected_at: T(2), first_collected_at: T(1) },
      { collected_at: T(2), first_collected_at: T(1) },
    ]);
  });

  test('a change in one child row re-versions only that row; the parent version is untouched', async () => {
    const { sourceId, apply, open } = scoped();
    const nics = { nic0: { ip: '10.0.0.1', addresses: { '34.1.1.1': 'PREMIUM' } }, nic1: { ip: '10.0.1.1' } };
    await apply(1, [widget({ id: 'a', nics, labels: { env: 'prod', team: 'x' } })]);
    const parentBefore = await open('test_widgets');
    const changed = { ...nics, nic0: { ip: '10.0.0.1', addresses: { '34.1.1.1': 'STANDARD' } } };
    const result = await apply(2, [widget({ id: 'a', nics: changed, labels: { env: 'prod', team: 'x' } })]);
    expect(result).toMatchObject({ changed: 1, historyRows: 1 });
    expect(await open('test_widgets')).toEqual(parentBefore);
    expect(await open('test_widget_nics')).toHaveLength(2);
    expect(await open('test_widget_labels')).toHaveLength(2);
    const addresses = await open('test_widget_nic_addresses');
    expect(addresses.map((r) => [r.tier, r.valid_from, r.valid_to])).toEqual([
      ['PREMIUM', T(1), T(2)],
      ['STANDARD', T(2), null],
    ]);
    const [nic0] = (await open('test_widget_nics')).filter((r) => r.nic_name === 'nic0');
    expect(addresses[1]?.parent_history_id).toBe(nic0?.history_id);
    const [current] = await t.store.query(
      'SELECT tier, history_id FROM bronze.test_widget_nic_addresses WHERE source_id = $1',
      [sourceId],
    );
    expect(current).toEqual({ tier: 'STANDARD', history_id: addresses[1]?.history_id });
  });

  test('a parent field change re-versions the parent only; removed and added children version on their own', async () => {
    const { apply, open } = scoped();
    await apply(1, [widget({ id: 'a', size: 1, labels: { env: 'prod', old: '1' } })]);
    await apply(2, [widget({ id: 'a', size: 2, labels: { env: 'prod', new: '1' } })]);
    expect((await open('test_widgets')).map((r) => [r.size, r.valid_to])).toEqual([
      [1, T(2)],
      [2, null],
    ]);
    expect((await open('test_widget_labels')).map((r) => [r.key, r.valid_from, r.valid_to])).toEqual([
      ['env', T(1), null],
      ['old', T(1), T(2)],
      ['new', T(2), null],
    ]);
  });

  test('volatile columns stay current without opening versions', async () => {
    const { sourceId, apply } = scoped();
    await apply(1, [widget({ id: 'a', heartbeat: T(1) })]);
    const before = await historyRows(t.store, sourceId);
    const result = await apply(2, [widget({ id: 'a', heartbeat: T(2) })]);
    expect(result.historyRows).toBe(0);
    expect(await historyRows(t.store, sourceId)).toBe(before);
    const [row] = await t.store.query('SELECT heartbeat FROM bronze.test_widgets WHERE source_id = $1', [
      sourceId,
    ]);
    expect(row?.heartbeat).toBe(T(2));
  });

  test('a complete listing deletes what it lacks and closes its history, children included', async () => {
    const { sourceId, apply, open } = scoped();
    await apply(1, [widget({ id: 'a', labels: { k: 'v' } }), widget({ id: 'b' })]);
    const result = await apply(2, [widget({ id: 'b' })]);
    expect(result).toMatchObject({ deleted: 1, deletedMissing: true });
    const current = await t.store.query('SELECT resource_id FROM bronze.test_widgets WHERE source_id = $1', [
      sourceId,
    ]);
    expect(current).toEqual([{ resource_id: 'b' }]);
    const closed = (await open('test_widget_labels'))
      .concat(await open('test_widget_nics'))
      .filter((r) => r.resource_id === 'a');
    expect(closed.every((r) => r.valid_to === T(2))).toBe(true);
    expect(
      await t.store.query('SELECT * FROM bronze.test_widget_labels WHERE source_id = $1', [sourceId]),
    ).toEqual([]);
  });

  test('an incomplete listing deletes nothing and does not vouch for what it lacks', async () => {
    const { sourceId, apply } = scoped();
    await apply(1, [widget({ id: 'a' }), widget({ id: 'b' })]);
    const result = await apply(2, [widget({ id: 'b' })], false);
    expect(result).toMatchObject({ deleted: 0, deletedMissing: false, unchanged: 1 });
    const rows = await t.store.query(
      'SELECT resource_id, collected_at FROM bronze.test_widgets WHERE source_id = $1 ORDER BY 1',
      [sourceId],
    );
    expect(rows).toEqual([
      { resource_id: 'a', collected_at: T(1) },
      { resource_id: 'b', collected_at: T(2) },
    ]);
  });

  test('bad records are refused with a reason; good ones in the same snapshot are kept; nothing is deleted for them', async () => {
    const { sourceId, apply } = scoped();
    await apply(1, [widget({ id: 'a' }), widget({ id: 'b' })]);
    const bad = widget({ id: 'a' });
    const badChild = widget({ id: 'c', labels: { ok: '1' } });
    const records: SnapshotRecord[] = [
      { ...bad, row: { ...bad.row, size: 'large' } },
      widget({ id: 'b', size: 5 }),
      {
        ...badChild,
        children: {
          ...badChild.children,
          test_widget_labels: [
            { key: 'ok', value: '1' },
            { key: null, value: 'x' },
          ],
        },
      },
    ];
    const result = await apply(2, records);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      'bronze.test_widgets a: size expects integer, got string "large"',
      'bronze.test_widget_labels of c: key is required but missing',
    ]);
    const rows = await t.store.query(
      'SELECT resource_id, size FROM bronze.test_widgets WHERE source_id = $1 ORDER BY 1',
      [sourceId],
    );
    expect(rows).toEqual([
      { resource_id: 'a', size: 1 },
      { resource_id: 'b', size: 5 },
      { resource_id: 'c', size: 1 },
    ]);
    const labels = await t.store.query('SELECT key FROM bronze.test_widget_labels WHERE source_id = $1', [
      sourceId,
    ]);
    expect(labels).toEqual([{ key: 'ok' }]);
    const anonymous = await apply(3, [{ row: { name: 'no id' } }, widget({ id: 'b', size: 5 })]);
    expect(anonymous).toMatchObject({ deletedMissing: false, deleted: 0 });
    expect(anonymous.rejected[0]?.reason).toMatch(/without a resource_id/);
  });

  test('duplicates in a listing are counted once; an object that moves scope keeps one current row', async () => {
    const { sourceId, apply, open } = scoped();
    const first = await apply(1, [widget({ id: 'a' }), widget({ id: 'a' })], true, 'p1');
    expect(first).toMatchObject({ inserted: 1, duplicates: 1 });
    await apply(2, [widget({ id: 'a' })], true, 'p2');
    const rows = await t.store.query(
      'SELECT resource_id, scope FROM bronze.test_widgets WHERE source_id = $1',
      [sourceId],
    );
    expect(rows).toEqual([{ resource_id: 'a', scope: 'p2' }]);
    expect((await open('test_widgets')).map((r) => [r.scope, r.valid_to])).toEqual([
      ['p1', T(2)],
      ['p2', null],
    ]);
    const p1 = await apply(3, [], true, 'p1');
    expect(p1.deleted).toBe(0);
  });

  test('refuses a snapshot older than the stored one', async () => {
    const { apply } = scoped();
    await apply(5, [widget({ id: 'a' })]);
    await expect(apply(4, [widget({ id: 'a', size: 9 })])).rejects.toThrow(/before the stored one.*refusing/);
  });

  test('asOf and diff read the past field by field, children included', async () => {
    const { sourceId, apply } = scoped();
    await apply(1, [widget({ id: 'a', size: 1, labels: { env: 'dev' } })]);
    await apply(3, [
      widget({ id: 'a', size: 2, labels: { env: 'prod', owner: 'sec' }, nics: { nic0: { ip: '10.0.0.9' } } }),
    ]);
    await apply(5, []);
    const key = { sourceId, resourceId: 'a' };
    expect(await asOf(t.store, testCatalog, WIDGETS, key, T(0))).toBeNull();
    const v2 = await asOf(t.store, testCatalog, WIDGETS, key, T(2));
    expect(v2?.row.size).toBe(1);
    expect(v2?.children.test_widget_labels?.map((r) => r.value)).toEqual(['dev']);
    expect((await asOf(t.store, testCatalog, WIDGETS, key, T(3)))?.row.size).toBe(2);
    expect(await asOf(t.store, testCatalog, WIDGETS, key, T(5))).toBeNull();
    const d = await diff(t.store, testCatalog, WIDGETS, key, T(2), T(4));
    expect(d.resource).toBe('changed');
    expect(d.fields).toEqual([{ column: 'size', before: 1, after: 2 }]);
    expect(d.children).toEqual([
      {
        table: 'test_widget_nics',
        key: { nic_name: 'nic0' },
        change: 'changed',
        fields: [{ column: 'ip', before: '10.0.0.1', after: '10.0.0.9' }],
      },
      {
        table: 'test_widget_labels',
        key: { key: 'env' },
        change: 'changed',
        fields: [{ column: 'value', before: 'dev', after: 'prod' }],
      },
      {
        table: 'test_widget_labels',
        key: { key: 'owner' },
        change: 'added',
        fields: [
          { column: 'key', before: null, after: 'owner' },
          { column: 'value', before: null, after: 'sec' },
        ],
      },
    ]);
    expect((await diff(t.store, testCatalog, WIDGETS, key, T(4), T(6))).resource).toBe('removed');
  });
});
