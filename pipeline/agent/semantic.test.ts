import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { activeExamples, EXAMPLE_PAIRS } from './examples.ts';
import { openReadOnlyExecutor, type ReadOnlyExecutor } from './executor.ts';
import { assertAgentSql } from './guard.ts';
import { buildMessages } from './prompt.ts';
import { Retriever } from './retrieval.ts';
import { buildSemanticCatalog } from './semantic-catalog.ts';

const semantic = buildSemanticCatalog(catalog);
const has = (t: string): boolean => semantic.find(t) !== undefined;

describe('the semantic catalog', () => {
  test('covers every bronze, silver and gold table of the schema catalog, and no meta table', () => {
    const expected = catalog.tables.filter((t) => t.layer !== 'meta').map((t) => `${t.layer}.${t.name}`);
    expect(semantic.tables.map((t) => t.name).sort()).toEqual(expected.sort());
  });

  test('carries descriptions, keys, history twins, parent joins and example questions', () => {
    const nics = semantic.find('bronze.gcp_compute_instance_nic_access_configs');
    expect(nics?.parent).toEqual({
      table: 'bronze.gcp_compute_instance_nics',
      join: 'c.source_id = p.source_id AND c.resource_id = p.resource_id AND c.nic_name = p.nic_name',
    });
    const agents = semantic.find('bronze.s1_agents');
    expect(agents?.history).toBe('bronze_history.s1_agents');
    expect(agents?.examples).toContain('Which GCP VMs have no SentinelOne agent?');
    expect(agents?.columns.find((c) => c.name === 'cloud_instance_id')?.description).toMatch(/instance id/);
    expect(agents?.columns.filter((c) => c.key).map((c) => c.name)).toEqual(['source_id', 'resource_id']);
    expect(agents?.columns.some((c) => c.name === 'content_hash')).toBe(false);
  });

  test('keeps only cross-table links whose tables exist', () => {
    for (const l of semantic.links) expect(has(l.from) && has(l.to)).toBe(true);
    expect(
      semantic.links.some((l) => l.from === 'bronze.s1_agents' && l.to === 'bronze.gcp_compute_instances'),
    ).toBe(true);
  });
});

describe('example pairs', () => {
  const active = activeExamples(has, 'duckdb');

  test('silver and gold pairs are inactive until those tables exist; bronze pairs are active', () => {
    const ids = active.map((e) => e.pair.id);
    for (const p of EXAMPLE_PAIRS) {
      const present = p.tables.every(has);
      expect(ids.includes(p.id)).toBe(present);
      if (p.tables.some((t) => /^(silver|gold)\./.test(t)) && !present) expect(ids).not.toContain(p.id);
    }
    expect(ids).toContain('gcp.vms_without_s1');
    const bronzeOnly = activeExamples((t) => t.startsWith('bronze.'), 'duckdb').map((e) => e.pair.id);
    expect(bronzeOnly).not.toContain('silver.exposed_assets_without_edr');
    expect(bronzeOnly).not.toContain('gold.cis_failures');
  });

  test('a pair becomes active when its tables appear', () => {
    const withSilver = activeExamples((t) => has(t) || t === 'silver.assets', 'duckdb').map((e) => e.pair.id);
    expect(withSilver).toContain('silver.exposed_assets_without_edr');
  });

  test.each(EXAMPLE_PAIRS.map((p) => [p.id, p] as const))(
    '%s passes the guard and names its tables',
    async (_, p) => {
      await assertAgentSql(p.sql.duckdb);
      if (p.sql.postgres) await assertAgentSql(p.sql.postgres);
      for (const t of p.tables) expect(p.sql.duckdb.replace(/(\w+)_history\./g, '$1.')).toContain(t);
    },
  );
});

describe('retrieval and prompt', () => {
  const retriever = new Retriever(semantic, activeExamples(has, 'duckdb'));

  test.each([
    [
      'Which GCP VMs have a public IP?',
      ['bronze.gcp_compute_instances', 'bronze.gcp_compute_instance_nic_access_configs'],
    ],
    [
      'Which internet-facing VMs have no EDR agent?',
      has('silver.assets') ? ['silver.assets'] : ['bronze.gcp_compute_instances', 'bronze.s1_agents'],
    ],
    [
      'Which firewall rules allow SSH from 0.0.0.0/0?',
      ['bronze.gcp_compute_firewalls', 'bronze.gcp_compute_firewall_allowed'],
    ],
    ['Which SentinelOne agents are stale?', ['bronze.s1_agents']],
    [
      'Which VNG security groups allow RDP from anywhere?',
      ['bronze.vng_secgroups', 'bronze.vng_secgroup_rules'],
    ],
    ['Which FortiGate policies changed since last week?', ['bronze.fortinet_policies']],
  ])('%s → %j', (question, tables) => {
    const got = retriever.retrieve(question);
    for (const t of tables) expect(got.tables.map((x) => x.name)).toContain(t);
    expect(got.tables.length).toBeLessThanOrEqual(10);
  });

  test('a retrieved child brings its parents', () => {
    const names = retriever.retrieve('NAT access config external address').tables.map((t) => t.name);
    if (names.includes('bronze.gcp_compute_instance_nic_access_configs')) {
      expect(names).toContain('bronze.gcp_compute_instance_nics');
      expect(names).toContain('bronze.gcp_compute_instances');
    }
  });

  test('the prompt states the dialect rules', () => {
    const question = 'Which firewall rules allow SSH from 0.0.0.0/0?';
    const prompt = (dialect: 'duckdb' | 'postgres'): string => {
      const got = new Retriever(semantic, activeExamples(has, dialect)).retrieve(question);
      const input = { question, dialect, tables: got.tables, links: semantic.links, examples: got.examples };
      return buildMessages(input)[0]?.content ?? '';
    };
    const duck = prompt('duckdb');
    const pg = prompt('postgres');
    expect(duck).toMatch(/DuckDB/);
    expect(duck).toMatch(/list_contains/);
    expect(pg).toMatch(/PostgreSQL/);
    expect(pg).toMatch(/jsonb/);
    expect(pg).not.toMatch(/list_contains\(CAST/); // the PostgreSQL spelling of the example is shown
    expect(duck).toMatch(/exactly one read-only SELECT/);
  });
});

describe('active examples run on an empty store of each dialect', () => {
  let duck: TestStore;
  let pg: TestStore;
  let duckExec: ReadOnlyExecutor;
  let pgExec: ReadOnlyExecutor;

  beforeAll(async () => {
    duck = await openTestStore('duckdb');
    await duck.store.close();
    duckExec = await openReadOnlyExecutor(duck.location);
    pg = await openTestStore('postgres');
    pgExec = await openReadOnlyExecutor(pg.location);
  });
  afterAll(async () => {
    await duckExec?.close();
    await pgExec?.close();
    await duck?.dispose();
    await pg?.dispose();
  });

  test('DuckDB', async () => {
    for (const e of activeExamples(has, 'duckdb'))
      await expect(
        duckExec.execute(e.sql, { rowLimit: 10, timeoutMs: 10_000 }),
        e.pair.id,
      ).resolves.toBeDefined();
  });

  test('PostgreSQL', async () => {
    const active = activeExamples(has, 'postgres');
    expect(active.length).toBeGreaterThan(3);
    for (const e of active)
      await expect(
        pgExec.execute(e.sql, { rowLimit: 10, timeoutMs: 10_000 }),
        e.pair.id,
      ).resolves.toBeDefined();
  });
});
