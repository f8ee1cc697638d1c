// Keys-first paging must return exactly what `readPage` returns (rows, order, total, columns) on
// both stores, with ties in the sort, filters, column subsets and offsets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { readPage, type PageRequest } from '../../db/query/page.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { alertFingerprint, writeAlerts, type Alert } from '../detect/alerts/model.ts';
import { readPageKeysFirst } from './key-first-page.ts';

function alerts(n: number): Alert[] {
  return Array.from({ length: n }, (_, i): Alert => {
    // Few distinct times and severities: plenty of ties for the key to break.
    const at = new Date(Date.UTC(2026, 0, 1 + (i % 7))).toISOString();
    return {
      alert_id: alertFingerprint(`rule.${i % 5}`, `res-${i}`),
      rule_id: `rule.${i % 5}`,
      resource: `res-${i}`,
      resource_type: 'gcp_instance',
      asset_id: i % 3 === 0 ? null : `a-${i}`,
      severity: ['critical', 'high', 'low'][i % 3] ?? 'low',
      title: `Rule ${i % 5}`,
      reason: `reason ${i}`,
      status: i % 4 === 0 ? 'acknowledged' : 'open',
      alarming: true,
      first_seen: at,
      last_seen: at,
      occurrences: 1 + (i % 2),
      resolved_at: null,
      triage_reason: null,
      triaged_by: null,
      triaged_at: null,
      muted_until: null,
      dimensions_json: { project: `p${i % 4}` },
      updated_at: at,
    };
  });
}

const REQUESTS: PageRequest[] = [
  { table: 'gold.alerts', sort: [{ column: 'last_seen', direction: 'desc' }], limit: 50, offset: 0 },
  { table: 'gold.alerts', sort: [{ column: 'severity', direction: 'asc' }], limit: 40, offset: 120 },
  {
    table: 'gold.alerts',
    filters: [
      { column: 'status', op: 'in', value: ['open'] },
      { column: 'asset_id', op: 'notNull' },
    ],
    sort: [{ column: 'first_seen', direction: 'asc' }],
    limit: 30,
    offset: 10,
  },
  {
    table: 'gold.alerts',
    columns: ['severity', 'reason'],
    sort: [{ column: 'occurrences', direction: 'desc' }],
    limit: 25,
    offset: 0,
  },
  { table: 'gold.alerts', filters: [{ column: 'rule_id', op: 'eq', value: 'nope' }], limit: 10, offset: 0 },
  { table: 'gold.alerts', limit: 0, offset: 0 },
];

describe.each(STORE_KINDS)('keys-first paging on %s', (kind) => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore(kind);
    await db.store.transaction((tx) => writeAlerts(tx, alerts(300), []));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it.each(REQUESTS.map((r, i) => [i, r] as const))('request %i equals readPage', async (_, request) => {
    const expected = await readPage(db.store, catalog, request);
    const actual = await readPageKeysFirst(db.store, catalog, request);
    expect(actual.total).toBe(expected.total);
    expect(actual.columns.map((c) => c.name)).toEqual(expected.columns.map((c) => c.name));
    expect(actual.rows).toEqual(expected.rows);
    if (request.limit > 0 && expected.total > request.offset) expect(actual.rows.length).toBeGreaterThan(0);
  });
});
