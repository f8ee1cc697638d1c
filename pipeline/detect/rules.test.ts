import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Catalog } from '../../db/catalog/catalog.ts';
import { catalog as productCatalog } from '../../db/catalog/index.ts';
import { ensureTableStatements } from '../../db/ddl.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { runDetection } from './engine.ts';
import { ensureEolReference } from './eol/reference.ts';
import { formatProblem, loadRules, userRulesDir } from './loader.ts';
import { parseRuleFile } from './rule-file.ts';
import { renderRuleSql } from './render.ts';
import { ensureGoldTables } from './testing/gold-tables.ts';
import { FIXTURE_SILVER_TABLES } from './testing/silver-fixture.ts';

const GOOD = `-- id: user.demo
-- title: Demo
-- severity: low
-- description: A demo rule
--   over two lines.
-- remediation: Nothing.
-- frameworks: cis_gcp_v3.0:4.9, cis_gcp_v4.0:4.9
-- param: days = 7
SELECT 'a' AS resource, 'ok' AS status, 'fine' AS reason WHERE {{days}} > 0 AND {{now}} IS NOT NULL
`;

describe('rule files', () => {
  test('parse metadata, wrapped descriptions, frameworks and parameters', () => {
    const parsed = parseRuleFile('/r/demo.rule.sql', GOOD, 'user');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rule).toMatchObject({
      id: 'user.demo',
      severity: 'low',
      description: 'A demo rule over two lines.',
      frameworks: ['cis_gcp_v3.0:4.9', 'cis_gcp_v4.0:4.9'],
      params: [{ name: 'days', default: 7 }],
      sqlLine: 9,
    });
    const sql = renderRuleSql(parsed.rule, new Date('2026-01-02T03:04:05Z'), { days: 14 });
    expect(sql).toContain('14 > 0');
    expect(sql).toContain("CAST('2026-01-02 03:04:05.000' AS TIMESTAMP)");
    expect(renderRuleSql(parsed.rule, new Date(), { 'user.demo.days': 3 })).toContain('3 > 0');
  });

  test('problems name the file and the line', () => {
    const text = `-- id: Bad Id
-- title: x
-- severity: urgent
-- description: d
-- colour: blue
SELECT resource, status FROM t WHERE x = {{undeclared}};
DROP TABLE t`;
    const parsed = parseRuleFile('/r/bad.rule.sql', text, 'user');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/r\/bad\.rule\.sql:1: rule id "Bad Id"/),
        expect.stringMatching(/^\/r\/bad\.rule\.sql:3: severity "urgent"/),
        expect.stringMatching(/^\/r\/bad\.rule\.sql:5: unknown header key "colour"/),
        expect.stringMatching(/^\/r\/bad\.rule\.sql:1: missing required header "-- remediation/),
        expect.stringMatching(/^\/r\/bad\.rule\.sql:6: placeholder \{\{undeclared\}\}/),
        expect.stringMatching(/^\/r\/bad\.rule\.sql:6: a rule holds exactly one SQL statement/),
      ]),
    );
  });

  test('every built-in rule loads, with a unique id and CIS mappings for v3.0 and v4.0', () => {
    const { rules, problems } = loadRules();
    expect(problems.map(formatProblem)).toEqual([]);
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of [
      '3.1',
      '3.2',
      '3.6',
      '3.7',
      '3.8',
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '4.5',
      '4.6',
      '4.7',
      '4.8',
      '4.9',
      '4.11',
    ]) {
      const r = rules.find((x) => x.id === `cis_gcp.${c}`);
      expect(r?.frameworks).toEqual([`cis_gcp_v3.0:${c}`, `cis_gcp_v4.0:${c}`]);
      expect(r?.pack).toBe('cis_gcp');
    }
  });
});

describe.each(STORE_KINDS)('built-in rules and user rules on %s', (kind) => {
  let ts: TestStore;
  let home: string;
  let catalog: Catalog;

  beforeAll(async () => {
    ts = await openTestStore(kind);
    await ensureGoldTables(ts.store);
    for (const t of FIXTURE_SILVER_TABLES)
      for (const s of ensureTableStatements(t, ts.store.dialect)) await ts.store.execute(s);
    catalog = productCatalog;
    await ensureEolReference(ts.store, catalog, new Date('2026-01-01T00:00:00Z'));
    home = mkdtempSync(join(tmpdir(), 'hotpot-rules-'));
    mkdirSync(userRulesDir(home));
    writeFileSync(
      join(userRulesDir(home), 'broken.rule.sql'),
      GOOD.replace('user.demo', 'user.broken').replace(
        "SELECT 'a'",
        'SELECT nope FROM bronze.missing_table, (SELECT 1)',
      ),
    );
    writeFileSync(join(userRulesDir(home), 'demo.rule.sql'), GOOD);
  });
  afterAll(async () => {
    await ts?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  test('every built-in rule runs on an empty store of this engine (portable SQL)', async () => {
    const { rules } = loadRules();
    const result = await runDetection(ts.store, catalog, rules, { now: new Date('2026-01-02T00:00:00Z') });
    expect(result.errors).toEqual([]);
  });

  test('a user rule with broken SQL yields error rows naming its file; the others complete', async () => {
    const { rules, problems } = loadRules({ home });
    expect(problems).toEqual([]);
    const result = await runDetection(ts.store, catalog, rules, { now: new Date('2026-01-03T00:00:00Z') });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(join(userRulesDir(home), 'broken.rule.sql'));
    const rows = await ts.store.query<{ rule_id: string; status: string; reason: string }>(
      "SELECT rule_id, status, reason FROM gold.compliance WHERE rule_id IN ('user.broken', 'user.demo') ORDER BY rule_id",
    );
    expect(rows.map((r) => [r.rule_id, r.status])).toEqual([
      ['user.broken', 'error'],
      ['user.demo', 'ok'],
    ]);
    expect(rows[0]?.reason).toContain('broken.rule.sql');
    expect(result.rules.filter((r) => r.error).map((r) => r.ruleId)).toEqual(['user.broken']);
  });
});
