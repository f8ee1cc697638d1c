import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Catalog } from '../catalog/catalog.ts';
import { childTable, col, ownColumns, resourceTable } from '../catalog/define.ts';
import type { ColumnSpec, TableSpec } from '../catalog/types.ts';
import { ensureTables } from '../migrations/types.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../testing/stores.ts';
import { TEST_MIGRATIONS, WIDGETS, testCatalog } from '../testing/test-catalog.ts';
import { normalizeValue } from '../values.ts';
import { applySnapshot, applyStagedSnapshot, type SnapshotRecord, type StagedSnapshot } from './index.ts';

/** A resource with one child table, both with a volatile column. */
const KITS = resourceTable({
  layer: 'bronze',
  name: 'test_kits',
  description: 'Test resource with one child table.',
  columns: [
    col('label', 'text', 'Label.'),
    // Named like the engine's own bookkeeping, which must not be confused with it.
    col('kind', 'text', 'Kind.'),
    col('weight', 'double', 'Weight.'),
    col('seen_at', 'timestamp', 'Last seen.', { volatile: true }),
  ],
});
const KIT_PARTS = childTable({
  layer: 'bronze',
  name: 'test_kit_parts',
  description: 'Test child.',
  parent: 'test_kits',
  naturalKey: ['part_name'],
  columns: [
    col('part_name', 'text', 'Part.'),
    col('qty', 'integer', 'Quantity.'),
    col('keep', 'boolean', 'Named like bookkeeping.'),
    col('checked_at', 'timestamp', 'Last check.', { volatile: true }),
  ],
});
const catalog = new Catalog([...testCatalog.tables, KITS, KIT_PARTS]);
const MIGRATIONS = [
  ...TEST_MIGRATIONS,
  ensureTables('9102_test_kits', 'Staged apply test.', [KITS, KIT_PARTS]),
];

const text = (name: string): ColumnSpec => ({ name, type: 'text', nullable: true, description: name });
const KIT_STAGE = [text('scope'), text('resource_id'), ...ownColumns(KITS)];
const PART_STAGE = [text('resource_id'), ...ownColumns(KIT_PARTS).map((c) => ({ ...c, nullable: true }))];

const T = (day: number): string => new Date(Date.UTC(2026, 0, day)).toISOString();

interface Part {
  part_name: string | null;
  qty: number;
  keep?: boolean;
  checked_at: string | null;
}
interface Kit {
  id: string;
  label: string;
  kind?: string | null;
  weight: number | null;
  seen_at: string | null;
  parts: Part[];
}

const values = (spec: TableSpec, row: Record<string, unknown>) =>
  ownColumns(spec).map((c) => (row[c.name] === null ? null : normalizeValue(c, row[c.name])));

describe.each(STORE_KINDS)('staged snapshot apply with child rows on %s', (kind) => {
  let t: TestStore;
  let source = 0;
  beforeAll(async () => {
    t = await openTestStore(kind, MIGRATIONS);
    for (const [name, columns] of [
      ['test_kit_stage', KIT_STAGE],
      ['test_kit_part_stage', PART_STAGE],
    ] as const) {
      const defs = columns.map((c) => t.store.dialect.columnDefinition(c)).join(', ');
      await t.store.execute(`CREATE TABLE bronze.${name} (${defs})`);
    }
  });
  afterAll(async () => t.dispose());

  async function staged(snapshot: StagedSnapshot, kits: readonly Kit[], scope = 'p') {
    return t.store.transaction(async (tx) => {
      await tx.execute('DELETE FROM bronze.test_kit_stage');
      await tx.execute('DELETE FROM bronze.test_kit_part_stage');
      await tx.bulkInsert(
        { schema: 'bronze', table: 'test_kit_stage', columns: KIT_STAGE },
        kits.map((k) => [scope, k.id, ...values(KITS, { ...k })]),
      );
      await tx.bulkInsert(
        { schema: 'bronze', table: 'test_kit_part_stage', columns: PART_STAGE },
        kits.flatMap((k) => k.parts.map((p) => [k.id, ...values(KIT_PARTS, { ...p })])),
      );
      return applyStagedSnapshot(tx, catalog, KITS, snapshot, 'bronze.test_kit_stage', {
        test_kit_parts: 'SELECT * FROM bronze.test_kit_part_stage',
      });
    });
  }

  const viaRecords = (sourceId: string, day: number, kits: readonly Kit[], complete: boolean) =>
    applySnapshot(
      t.store,
      catalog,
      KITS,
      { sourceId, scope: 'p', collectedAt: T(day), complete },
      kits.map(({ parts, id, ...row }): SnapshotRecord => ({
        row: { resource_id: id, ...row },
        children: { test_kit_parts: parts.map((p) => ({ ...p })) },
      })),
    );

  const state = async (sourceId: string) => ({
    kits: await t.store.query(
      `SELECT resource_id, label, kind, weight, seen_at, collected_at, first_collected_at FROM bronze.test_kits
        WHERE source_id = $1 ORDER BY resource_id`,
      [sourceId],
    ),
    parts: await t.store.query(
      `SELECT resource_id, part_name, qty, keep, checked_at FROM bronze.test_kit_parts WHERE source_id = $1
        ORDER BY resource_id, part_name`,
      [sourceId],
    ),
    kitHistory: await t.store.query(
      `SELECT resource_id, label, kind, weight, valid_from, valid_to FROM bronze_history.test_kits
        WHERE source_id = $1 ORDER BY resource_id, valid_from`,
      [sourceId],
    ),
    // Each child version with the opening time of the parent version it points to.
    partHistory: await t.store.query(
      `SELECT c.resource_id, c.part_name, c.qty, c.keep, c.valid_from, c.valid_to, p.valid_from AS parent_from
         FROM bronze_history.test_kit_parts c
         JOIN bronze_history.test_kits p ON p.history_id = c.parent_history_id
        WHERE c.source_id = $1 ORDER BY c.resource_id, c.part_name, c.valid_from`,
      [sourceId],
    ),
    // Current rows point at open versions.
    dangling: await t.store.query(
      `SELECT c.resource_id FROM bronze.test_kit_parts c
         LEFT JOIN bronze_history.test_kit_parts h ON h.history_id = c.history_id AND h.valid_to IS NULL
        WHERE c.source_id = $1 AND h.history_id IS NULL`,
      [sourceId],
    ),
  });

  test('a changed child row re-versions only that row; an unchanged tree writes nothing', async () => {
    const sourceId = `c${source++}`;
    const kit = (qty: number): Kit => ({
      id: 'a',
      label: 'x',
      weight: 1,
      seen_at: null,
      parts: [
        { part_name: 'bolt', qty, checked_at: null },
        { part_name: 'nut', qty: 1, checked_at: null },
      ],
    });
    const snap = (day: number) => ({ sourceId, collectedAt: T(day), completeScopes: ['p'] });
    expect(await staged(snap(1), [kit(1)])).toMatchObject({ inserted: 1, historyRows: 3 });
    expect(await staged(snap(2), [kit(1)])).toMatchObject({ unchanged: 1, historyRows: 0 });
    expect(await staged(snap(3), [kit(2)])).toMatchObject({ changed: 1, historyRows: 1 });
    const { partHistory, kitHistory } = await state(sourceId);
    expect(kitHistory).toHaveLength(1);
    expect(partHistory.map((r) => [r.part_name, r.qty, r.valid_from, r.valid_to])).toEqual([
      ['bolt', 1, T(1), T(3)],
      ['bolt', 2, T(3), null],
      ['nut', 1, T(1), null],
    ]);
  });

  test('child rows without a key or repeating one are refused; a table needs every child staged', async () => {
    const sourceId = `c${source++}`;
    const result = await staged({ sourceId, collectedAt: T(1), completeScopes: ['p'] }, [
      {
        id: 'a',
        label: 'x',
        weight: null,
        seen_at: null,
        parts: [
          { part_name: 'bolt', qty: 1, checked_at: null },
          { part_name: 'bolt', qty: 2, checked_at: null },
          { part_name: null, qty: 3, checked_at: null },
        ],
      },
    ]);
    expect(result.rejected).toEqual([expect.objectContaining({ table: 'bronze.test_kit_parts' })]);
    expect(result.rejected[0]?.reason).toMatch(/^2 staged row\(s\)/);
    expect((await state(sourceId)).parts).toHaveLength(1);
    await expect(
      t.store.transaction((tx) =>
        applyStagedSnapshot(
          tx,
          catalog,
          KITS,
          { sourceId, collectedAt: T(2), completeScopes: ['p'] },
          'SELECT 1',
        ),
      ),
    ).rejects.toThrow(/cannot write \(test_kit_parts\)/);
    await expect(
      t.store.transaction((tx) =>
        applyStagedSnapshot(
          tx,
          catalog,
          WIDGETS,
          { sourceId, collectedAt: T(2), completeScopes: ['p'] },
          'SELECT 1',
          {
            test_widget_nics: 'SELECT 1',
            test_widget_nic_addresses: 'SELECT 1',
            test_widget_labels: 'SELECT 1',
          },
        ),
      ),
    ).rejects.toThrow(/cannot write \(test_widget_nic_addresses\)/);
  });

  const partArb = fc.record({
    part_name: fc.constantFrom('bolt', 'nut', 'gear'),
    qty: fc.constantFrom(1, 2),
    keep: fc.boolean(),
    checked_at: fc.constantFrom(null, T(1), T(2)),
  });
  const kitArb = (id: string): fc.Arbitrary<Kit> =>
    fc.record({
      id: fc.constant(id),
      label: fc.constantFrom('x', 'y'),
      kind: fc.constantFrom('vm', null),
      weight: fc.constantFrom(null, 1.5),
      seen_at: fc.constantFrom(null, T(1), T(2)),
      parts: fc.uniqueArray(partArb, { selector: (p) => p.part_name, maxLength: 3 }),
    });
  const snapshotArb = fc.record({
    complete: fc.boolean(),
    kits: fc.subarray(['k0', 'k1', 'k2']).chain((ids) => fc.tuple(...ids.map(kitArb))),
  });

  test('the same snapshots give the same rows, child rows, history intervals and parent links as applySnapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(snapshotArb, { minLength: 1, maxLength: 4 }), async (snapshots) => {
        const a = `er${source}`;
        const b = `es${source++}`;
        for (const [i, snap] of snapshots.entries()) {
          const expected = await viaRecords(a, 1 + i, snap.kits, snap.complete);
          const actual = await staged(
            {
              sourceId: b,
              collectedAt: T(1 + i),
              completeScopes: snap.complete ? ['p'] : [],
              partialScopes: snap.complete ? [] : ['p'],
            },
            snap.kits,
          );
          const counts = ['seen', 'inserted', 'changed', 'unchanged', 'deleted', 'historyRows'] as const;
          for (const k of counts) expect(actual[k], k).toBe(expected[k]);
          const [sa, sb] = [await state(a), await state(b)];
          expect(sb).toEqual(sa);
          expect(sb.dangling).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
