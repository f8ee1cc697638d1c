// The starter questions of docs/guides/METABASE.md are documentation analysts paste into Metabase:
// every SQL block must run, as the reader role, on a central database published from a real
// pipeline run over the sandbox, and the headline questions must answer what silver says.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import type { Store } from '../../db/store/types.ts';
import { openTestStore, type TestStore } from '../../db/testing/stores.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../sources/testing/sandbox-workspace.ts';
import { pipelineRunWorkflow, type Provider } from '../workflows/pipeline-run.ts';
import { publish } from './publish.ts';

const GUIDE = new URL('../../docs/guides/METABASE.md', import.meta.url);

/** The SELECT blocks of the guide, each with the sentence above it as its name. */
function starterQueries(): { name: string; sql: string }[] {
  const text = readFileSync(GUIDE, 'utf8');
  const out: { name: string; sql: string }[] = [];
  for (const m of text.matchAll(/([^\n]*)\n\n```sql\n([\s\S]*?)```/g)) {
    const sql = m[2]!.trim();
    if (/^SELECT/i.test(sql)) out.push({ name: m[1]!.trim(), sql });
  }
  return out;
}

const READER = 'hotpot_reader';

describe('Metabase starter questions', () => {
  let sandbox: RunningSandbox;
  let ws: SandboxWorkspace;
  let central: TestStore;
  let local: Store;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5, scale: 'small' });
    ws = await sandboxWorkspace(sandbox, ['gcp', 's1', 'vng', 'fortinet']);
    const sources = ws.runtime.workspace.sources
      .list()
      .map((s) => ({ provider: s.provider as Provider, sourceId: s.id }));
    const outcome = await ws.run(pipelineRunWorkflow, {
      sources,
      stages: ['ingest', 'normalize', 'detect'],
    });
    if (outcome.status !== 'completed') throw new Error(`pipeline run failed: ${outcome.error.message}`);
    local = await ws.runtime.env.store();
    central = await openTestStore('postgres', []);
    await publish(local, central.store, catalog, {
      publisherId: 'guide-test',
      migrations: MIGRATIONS,
      readerRole: READER,
    });
  }, 600_000);

  afterAll(async () => {
    await central?.dispose();
    await ws?.dispose();
    await sandbox?.stop();
  });

  it('every SELECT in the guide runs as the reader role', async () => {
    const queries = starterQueries();
    expect(queries.length).toBeGreaterThanOrEqual(12);
    const failures: string[] = [];
    const counts = new Map<string, number>();
    await central.store.transaction(async (tx) => {
      await tx.execute(`SET LOCAL ROLE ${READER}`);
      for (const q of queries) {
        try {
          await tx.execute('SAVEPOINT q');
          counts.set(q.name, (await tx.query(q.sql)).length);
          await tx.execute('RELEASE SAVEPOINT q');
        } catch (error) {
          await tx.execute('ROLLBACK TO SAVEPOINT q');
          failures.push(`${q.name}\n  ${(error as Error).message}`);
        }
      }
    });
    expect(failures).toEqual([]);
    // Questions over data every sandbox world holds must not come back empty.
    for (const [name, rows] of counts) {
      if (/without an EDR agent|Open alerts now|Failing controls|Freshness/.test(name))
        expect(rows, name).toBeGreaterThan(0);
    }
  });

  it('the coverage gap question answers exactly the cloud VMs silver says have no agent', async () => {
    const coverage = starterQueries().find((q) => q.name.startsWith('Cloud VMs without an EDR agent'));
    expect(coverage).toBeDefined();
    const central_ = await central.store.query<{ asset_id: string }>(coverage!.sql);
    const silver = await local.query<{ id: string }>(
      "SELECT resource_id AS id FROM silver.assets WHERE in_cloud AND edr = 'none'",
    );
    expect(central_.map((r) => r.asset_id).sort()).toEqual(silver.map((r) => r.id).sort());
    expect(silver.length).toBeGreaterThan(0);
  });
});
