import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { activeExamples, EXAMPLE_PAIRS } from './index.ts';

const has = (t: string): boolean => catalog.find(t.replace('_history.', '.')) !== undefined;

test('every curated pair is active for DuckDB with today’s catalog', () => {
  expect(
    activeExamples(has, 'duckdb')
      .map((e) => e.pair.id)
      .sort(),
  ).toEqual(EXAMPLE_PAIRS.map((p) => p.id).sort());
});

// Every example the agent may show a model must run on a freshly migrated store of its engine: a
// renamed column in the catalog breaks this test, not an analyst's question.
describe.each(STORE_KINDS)('active example pairs on a migrated %s store', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(async () => t?.dispose());

  test.each(activeExamples(has, kind).map((e) => [e.pair.id, e.sql] as const))('%s runs', async (_, sql) => {
    await expect(t.store.query(sql)).resolves.toBeInstanceOf(Array);
  });
});
