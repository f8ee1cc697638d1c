import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { historyRows, widget, type WidgetShape } from '../testing/history-fixtures.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../testing/stores.ts';
import { TEST_MIGRATIONS, WIDGETS, testCatalog } from '../testing/test-catalog.ts';
import { canonicalJson } from '../values.ts';
import { applySnapshot, asOf } from './index.ts';

// Small domains so that random sequences revisit the same objects, keys and values often.
const shapeArb = (id: string): fc.Arbitrary<WidgetShape> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constantFrom('web', 'db'),
    size: fc.integer({ min: 0, max: 2 }),
    nics: fc.dictionary(
      fc.constantFrom('nic0', 'nic1'),
      fc.record({
        ip: fc.constantFrom('10.0.0.1', '10.0.0.2'),
        addresses: fc.dictionary(
          fc.constantFrom('34.0.0.1', '34.0.0.2'),
          fc.constantFrom('PREMIUM', 'STANDARD'),
          { maxKeys: 2 },
        ),
      }),
      { maxKeys: 2 },
    ),
    labels: fc.dictionary(fc.constantFrom('env', 'team', 'app'), fc.constantFrom('a', 'b'), { maxKeys: 3 }),
  });

const snapshotArb = fc.record({
  complete: fc.boolean(),
  shapes: fc.subarray(['r0', 'r1', 'r2', 'r3']).chain((ids) => fc.tuple(...ids.map(shapeArb))),
});

type Model = Map<string, WidgetShape>;

/** What asOf should return for a shape, reduced to comparable content. */
function expected(shape: WidgetShape): string {
  const record = widget(shape);
  const children = Object.fromEntries(
    Object.entries(record.children ?? {}).map(([table, rows]) => [
      table,
      rows.map((r) => canonicalJson(r)).sort(),
    ]),
  );
  return canonicalJson({ row: { name: shape.name, size: shape.size }, children });
}

function observed(version: NonNullable<Awaited<ReturnType<typeof asOf>>>): string {
  const strip = (table: string, row: Record<string, unknown>): string => {
    const spec = testCatalog.get(`bronze.${table}`);
    const own = spec.columns.filter((c) => !c.standard).map((c) => c.name);
    return canonicalJson(Object.fromEntries(own.map((c) => [c, row[c] ?? null])));
  };
  const children = Object.fromEntries(
    Object.entries(version.children).map(([table, rows]) => [table, rows.map((r) => strip(table, r)).sort()]),
  );
  return canonicalJson({ row: { name: version.row.name, size: version.row.size }, children });
}

async function overlapping(t: TestStore, sourceId: string): Promise<number> {
  let total = 0;
  for (const table of [
    'test_widgets',
    'test_widget_nics',
    'test_widget_nic_addresses',
    'test_widget_labels',
  ]) {
    const key = testCatalog
      .get(`bronze.${table}`)
      .primaryKey.map((k) => `a.${k} = b.${k}`)
      .join(' AND ');
    const [row] = await t.store.query<{ n: number }>(
      `SELECT count(*) AS n FROM bronze_history.${table} a JOIN bronze_history.${table} b
         ON ${key} AND a.history_id < b.history_id
        AND a.valid_from < COALESCE(b.valid_to, '9999-01-01'::timestamptz) AND b.valid_from < COALESCE(a.valid_to, '9999-01-01'::timestamptz)
       WHERE a.source_id = $1`,
      [sourceId],
    );
    total += Number(row?.n ?? 0);
  }
  return total;
}

describe.each(STORE_KINDS)('history properties on %s', (kind) => {
  let t: TestStore;
  let run = 0;
  beforeAll(async () => {
    t = await openTestStore(kind, TEST_MIGRATIONS);
  });
  afterAll(async () => t.dispose());

  test('asOf(t) is exactly the state after the snapshot applied at t; intervals never overlap; reapplying writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(snapshotArb, { minLength: 1, maxLength: 5 }), async (snapshots) => {
        const sourceId = `prop${run++}`;
        const model: Model = new Map();
        const states: Array<{ at: string; state: Model }> = [];
        for (const [i, snap] of snapshots.entries()) {
          const at = new Date(Date.UTC(2026, 0, 1 + i * 2)).toISOString();
          const result = await applySnapshot(
            t.store,
            testCatalog,
            WIDGETS,
            { sourceId, scope: 'p', collectedAt: at, complete: snap.complete },
            snap.shapes.map(widget),
          );
          expect(result.rejected).toEqual([]);
          if (snap.complete) model.clear();
          for (const shape of snap.shapes) model.set(shape.id, shape);
          states.push({ at, state: new Map(model) });
        }
        for (const { at, state } of states) {
          for (const id of ['r0', 'r1', 'r2', 'r3']) {
            const version = await asOf(t.store, testCatalog, WIDGETS, { sourceId, resourceId: id }, at);
            const shape = state.get(id);
            if (!shape) expect(version).toBeNull();
            else expect(version && observed(version)).toBe(expected(shape));
          }
        }
        expect(await overlapping(t, sourceId)).toBe(0);
        // The last snapshot again, a day later: nothing changes, so no history is written.
        const last = snapshots.at(-1);
        const before = await historyRows(t.store, sourceId);
        const again = await applySnapshot(
          t.store,
          testCatalog,
          WIDGETS,
          {
            sourceId,
            scope: 'p',
            collectedAt: new Date(Date.UTC(2026, 0, 2 + (snapshots.length - 1) * 2)),
            complete: false,
          },
          (last?.shapes ?? []).map(widget),
        );
        expect(again.historyRows).toBe(0);
        expect(await historyRows(t.store, sourceId)).toBe(before);
      }),
      { numRuns: 30 },
    );
  });
});
