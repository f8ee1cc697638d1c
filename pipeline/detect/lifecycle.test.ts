import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { alertFingerprint } from './alerts/model.ts';
import { getAlert, listAlerts, triageAlert } from './alerts/triage.ts';
import { runDetection } from './engine.ts';
import { parseRuleFile } from './rule-file.ts';
import { ensureGoldTables } from './testing/gold-tables.ts';
import type { Rule } from './types.ts';

function rule(text: string): Rule {
  const parsed = parseRuleFile('/rules/test.rule.sql', text, 'user');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rule;
}

const FINDINGS = rule(`-- id: test.findings
-- title: Test findings
-- severity: high
-- description: Alarms on every row of silver.test_state marked bad.
-- remediation: Fix it.
SELECT resource, CASE WHEN bad THEN 'alarm' ELSE 'ok' END AS status, 'because' AS reason FROM silver.test_state`);

const t = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minute));

describe.each(STORE_KINDS)('alert lifecycle on %s', (kind) => {
  let ts: TestStore;
  const id = (resource: string): string => alertFingerprint('test.findings', resource);

  async function runWith(bad: readonly string[], minute: number, rules: Rule[] = [FINDINGS]): Promise<void> {
    const { store } = ts;
    await store.execute('DELETE FROM silver.test_state');
    for (const r of ['r1', 'r2', 'r3'])
      await store.execute('INSERT INTO silver.test_state VALUES ($1, $2)', [r, bad.includes(r)]);
    await runDetection(store, catalog, rules, { now: t(minute) });
  }
  const status = async (resource: string): Promise<string | undefined> =>
    (await getAlert(ts.store, id(resource)))?.status;

  beforeAll(async () => {
    ts = await openTestStore(kind);
    await ensureGoldTables(ts.store);
    await ts.store.execute('CREATE TABLE silver.test_state (resource TEXT, bad BOOLEAN)');
  });
  afterAll(async () => ts?.dispose());

  test('alarms open alerts, triage survives reruns, fixes resolve and recurrences reopen', async () => {
    await runWith(['r1', 'r2'], 1);
    expect(await status('r1')).toBe('open');
    expect(await status('r2')).toBe('open');
    expect(await getAlert(ts.store, id('r3'))).toBeUndefined();

    await triageAlert(ts.store, { alertId: id('r1'), action: 'ack', reason: 'ticket SEC-1', now: t(2) });
    await triageAlert(ts.store, { alertId: id('r2'), action: 'mute', reason: 'accepted risk', now: t(2) });
    await runWith(['r1', 'r2'], 3);
    expect(await status('r1')).toBe('acknowledged');
    expect(await status('r2')).toBe('muted');
    const r1 = await getAlert(ts.store, id('r1'));
    expect(r1).toMatchObject({ occurrences: 1, triage_reason: 'ticket SEC-1', alarming: true });
    expect(Date.parse(r1?.last_seen ?? '')).toBe(t(3).getTime());
    expect(Date.parse(r1?.first_seen ?? '')).toBe(t(1).getTime());

    await runWith(['r2'], 4); // r1 fixed
    expect(await status('r1')).toBe('resolved');
    expect(await status('r2')).toBe('muted');

    await runWith(['r1', 'r2'], 5); // r1 recurs
    const again = await getAlert(ts.store, id('r1'));
    expect(again).toMatchObject({ status: 'open', occurrences: 2, resolved_at: null });
  });

  test('a mute with an expiry reopens after it, not before', async () => {
    await triageAlert(ts.store, { alertId: id('r1'), action: 'mute', until: t(8).toISOString(), now: t(6) });
    await runWith(['r1', 'r2'], 7);
    expect(await status('r1')).toBe('muted');
    await runWith(['r1', 'r2'], 9);
    expect(await status('r1')).toBe('open');
    const events = await ts.store.query<{ event: string }>(
      'SELECT event FROM gold.alert_events WHERE alert_id = $1 ORDER BY event_at, event',
      [id('r1')],
    );
    expect(events.map((e) => e.event)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
      'reopened',
      'muted',
      'mute_expired',
    ]);
  });

  test('false positives stay closed, whether the alarm clears or recurs', async () => {
    await runWith(['r1', 'r2', 'r3'], 10);
    await triageAlert(ts.store, {
      alertId: id('r3'),
      action: 'false-positive',
      reason: 'lab host',
      now: t(10),
    });
    await runWith(['r1', 'r2'], 11);
    expect(await status('r3')).toBe('false_positive');
    await runWith(['r1', 'r2', 'r3'], 12);
    expect(await status('r3')).toBe('false_positive');
    expect((await listAlerts(ts.store, { status: 'false_positive' })).map((a) => a.resource)).toEqual(['r3']);
  });

  test('a rule that errors leaves its alerts alone and writes an error row; others still run', async () => {
    const broken = rule(`-- id: test.findings
-- title: Test findings
-- severity: high
-- description: Same id, broken SQL.
-- remediation: Fix it.
SELECT resource, 'alarm' AS status FROM silver.no_such_table`);
    const other = rule(`-- id: test.other
-- title: Other
-- severity: low
-- description: Always ok.
-- remediation: None.
SELECT 'x' AS resource, 'ok' AS status, 'fine' AS reason`);
    const before = await listAlerts(ts.store);
    const result = await runDetection(ts.store, catalog, [broken, other], { now: t(13) });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('/rules/test.rule.sql');
    expect((await listAlerts(ts.store)).map((a) => [a.alert_id, a.status])).toEqual(
      before.map((a) => [a.alert_id, a.status]),
    );
    const rows = await ts.store.query<{ rule_id: string; status: string }>(
      'SELECT rule_id, status FROM gold.compliance ORDER BY rule_id, status',
    );
    expect(rows.filter((r) => r.rule_id === 'test.findings').map((r) => r.status)).toContain('error');
    expect(rows.filter((r) => r.rule_id === 'test.other').map((r) => r.status)).toEqual(['ok']);
  });

  test('compliance keeps history: when did r1 start failing', async () => {
    const rows = await ts.store.query<{ n: number }>(
      "SELECT count(*) AS n FROM gold_history.compliance WHERE resource = 'r1' AND rule_id = 'test.findings'",
    );
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(3);
  });

  // Last: it leaves gold collected later than every other test's runs.
  test('a run overtaken by another between its plan and its write plans again', async () => {
    await ts.store.execute('DELETE FROM silver.test_state');
    for (const r of ['o1', 'o2', 'o3'])
      await ts.store.execute('INSERT INTO silver.test_state VALUES ($1, $2)', [r, r !== 'o3']);
    // The later run plans against empty gold; the earlier one then writes every result and alert.
    await runDetection(ts.store, catalog, [FINDINGS], {
      now: t(501),
      onPhase: async (phase) => {
        if (phase === 'planned') await runDetection(ts.store, catalog, [FINDINGS], { now: t(500) });
      },
    });
    const current = await ts.store.query<{
      resource: string;
      collected_at: string;
      first_collected_at: string;
    }>(
      `SELECT resource, collected_at, first_collected_at FROM gold.compliance
        WHERE rule_id = 'test.findings' AND resource LIKE 'o%' ORDER BY resource`,
    );
    expect(current.map((r) => [r.resource, r.collected_at, r.first_collected_at])).toEqual(
      ['o1', 'o2', 'o3'].map((r) => [r, t(501).toISOString(), t(500).toISOString()]),
    );
    const versions = await ts.store.query<{ n: number }>(
      `SELECT count(*) AS n FROM gold_history.compliance WHERE rule_id = 'test.findings' AND resource LIKE 'o%'`,
    );
    expect(Number(versions[0]?.n)).toBe(3);
    const alerts = await ts.store.query<{ alert_id: string; first_seen: string; last_seen: string }>(
      `SELECT alert_id, first_seen, last_seen FROM gold.alerts WHERE resource LIKE 'o%' ORDER BY resource`,
    );
    expect(alerts).toEqual(
      ['o1', 'o2'].map((r) => ({
        alert_id: id(r),
        first_seen: t(500).toISOString(),
        last_seen: t(501).toISOString(),
      })),
    );
  });
});
