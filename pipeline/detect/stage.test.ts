import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { alertFingerprint } from './alerts/model.ts';
import { runDetection } from './engine.ts';
import { parseRuleFile } from './rule-file.ts';
import { ensureGoldTables } from './testing/gold-tables.ts';
import type { Rule } from './types.ts';

function rule(id: string, sql: string): Rule {
  const parsed = parseRuleFile(
    `/rules/${id}.rule.sql`,
    `-- id: ${id}\n-- title: ${id}\n-- severity: low\n-- description: d\n-- remediation: r\n${sql}`,
    'user',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rule;
}

const DIMENSIONS = rule(
  'test.dimensions',
  "SELECT 'a' AS resource, 'alarm' AS status, 'why' AS reason, 'p1' AS project, CAST(NULL AS TEXT) AS zone, 3 AS port",
);
const DUPLICATES = rule(
  'test.duplicates',
  "SELECT 'a' AS resource, 'ok' AS status, 'fine' AS reason UNION ALL SELECT 'a', 'ALARM', 'bad' UNION ALL SELECT 'b', 'ok', 'fine'",
);
const NO_STATUS = rule('test.no_status', "SELECT 'a' AS resource, 'fine' AS reason");
const BAD_ROWS = rule(
  'test.bad_rows',
  "SELECT CAST(NULL AS TEXT) AS resource, 'ok' AS status UNION ALL SELECT 'b', 'maybe' UNION ALL SELECT 'c', 'ok'",
);
/** Binds, then fails while running (on the one row that is not a number). */
const FAILS_RUNNING = rule(
  'test.fails_running',
  "SELECT v AS resource, 'ok' AS status FROM silver.stage_values WHERE CAST(v AS INTEGER) > 0",
);

describe.each(STORE_KINDS)('rules staged in the store on %s', (kind) => {
  let ts: TestStore;

  beforeAll(async () => {
    ts = await openTestStore(kind);
    await ensureGoldTables(ts.store);
    await ts.store.execute('CREATE TABLE silver.stage_values (v TEXT)');
    await ts.store.execute("INSERT INTO silver.stage_values VALUES ('1'), ('2'), ('x')");
  });
  afterAll(async () => ts?.dispose());

  test('dimensions are the extra columns without nulls; one row per resource, the most serious', async () => {
    const result = await runDetection(ts.store, catalog, [DIMENSIONS, DUPLICATES], {
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(result.errors).toEqual([]);
    expect(result.rules.map((r) => [r.ruleId, r.counts])).toEqual([
      ['test.dimensions', { alarm: 1 }],
      ['test.duplicates', { alarm: 1, ok: 1 }],
    ]);
    const rows = await ts.store.query<{
      rule_id: string;
      resource: string;
      status: string;
      dimensions_json: unknown;
    }>('SELECT rule_id, resource, status, dimensions_json FROM gold.compliance ORDER BY rule_id, resource');
    expect(rows).toEqual([
      {
        rule_id: 'test.dimensions',
        resource: 'a',
        status: 'alarm',
        dimensions_json: { port: 3, project: 'p1' },
      },
      { rule_id: 'test.duplicates', resource: 'a', status: 'alarm', dimensions_json: {} },
      { rule_id: 'test.duplicates', resource: 'b', status: 'ok', dimensions_json: {} },
    ]);
    const [alert] = await ts.store.query<{ alert_id: string; reason: string }>(
      "SELECT alert_id, reason FROM gold.alerts WHERE rule_id = 'test.duplicates'",
    );
    expect(alert).toEqual({ alert_id: alertFingerprint('test.duplicates', 'a'), reason: 'bad' });
  });

  test('contract breaks and failures at run time become error rows; the other rules complete', async () => {
    const result = await runDetection(ts.store, catalog, [NO_STATUS, FAILS_RUNNING, BAD_ROWS, DIMENSIONS], {
      now: new Date('2026-01-02T00:00:00Z'),
    });
    expect(result.rules.map((r) => [r.ruleId, r.counts])).toEqual([
      ['test.no_status', { error: 1 }],
      ['test.fails_running', { error: 1 }],
      ['test.bad_rows', { error: 1 }],
      ['test.dimensions', { alarm: 1 }],
    ]);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^rule test\.no_status \(\/rules\/test\.no_status\.rule\.sql:6\) .*missing column\(s\) status/,
      ),
      expect.stringMatching(
        /^rule test\.fails_running \(\/rules\/test\.fails_running\.rule\.sql:6\) failed: /,
      ),
      expect.stringMatching(/^rule test\.bad_rows .* on 2 row\(s\)/),
    ]);
    const rows = await ts.store.query<{ rule_id: string; status: string }>(
      "SELECT rule_id, status FROM gold.compliance WHERE rule_id IN ('test.no_status', 'test.fails_running', 'test.bad_rows', 'test.dimensions') ORDER BY rule_id",
    );
    expect(rows.map((r) => [r.rule_id, r.status])).toEqual([
      ['test.bad_rows', 'error'],
      ['test.dimensions', 'alarm'],
      ['test.fails_running', 'error'],
      ['test.no_status', 'error'],
    ]);
    const [alert] = await ts.store.query<{ last_seen: string }>(
      "SELECT last_seen FROM gold.alerts WHERE rule_id = 'test.dimensions'",
    );
    expect(alert?.last_seen).toBe('2026-01-02T00:00:00.000Z');
  });
});
