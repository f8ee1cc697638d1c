import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import type { Truth } from '../../sandbox/world/truth.ts';
import { gcpInventoryWorkflow } from '../sources/gcp/workflows.ts';
import { s1InventoryWorkflow } from '../sources/s1/workflows.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../sources/testing/sandbox-workspace.ts';
import { workspacePaths } from '../workspace.ts';
import { askQuestion, AgentFailure } from './agent.ts';
import { EXAMPLE_PAIRS } from './examples.ts';
import { openReadOnlyExecutor, type ReadOnlyExecutor } from './executor.ts';
import { OllamaProvider } from './providers/ollama.ts';
import { startFakeOllama, type FakeOllama } from './testing/fake-ollama.ts';
import { ALL_RECORDINGS } from './testing/recordings.ts';

const ids = (rows: readonly Record<string, unknown>[]): string[] =>
  [...new Set(rows.map((r) => String(r.resource_id)))].sort();

describe('the agent on a sandbox workspace (small, GCP + SentinelOne)', () => {
  let sb: RunningSandbox;
  let ws: SandboxWorkspace;
  let truth: Truth;
  let executor: ReadOnlyExecutor;
  let ollama: FakeOllama;
  let provider: OllamaProvider;

  beforeAll(async () => {
    sb = await startSandbox({ seed: 11, scale: 'small' });
    ws = await sandboxWorkspace(sb, ['gcp', 's1']);
    for (const [workflow, sourceId] of [
      [gcpInventoryWorkflow, 'sandbox-gcp'],
      [s1InventoryWorkflow, 'sandbox-s1'],
    ] as const) {
      const outcome = await ws.run(workflow, { sourceId });
      if (outcome.status !== 'completed') throw new Error(`${sourceId}: ${outcome.status}`);
    }
    truth = (await (await fetch(`${sb.url}/_sandbox/truth`)).json()) as Truth;
    // The agent reads the store as an analyst's `hotpot ask` would: another read-only handle
    // on the file, opened once the pipeline has let go of it.
    await ws.runtime.close();
    executor = await openReadOnlyExecutor(workspacePaths(ws.home).store);
    ollama = await startFakeOllama(ALL_RECORDINGS);
    provider = new OllamaProvider({ host: ollama.url, model: 'qwen2.5-coder:7b' });
  }, 180_000);

  afterAll(async () => {
    await executor?.close();
    await ollama?.stop();
    await sb?.stop();
    if (ws) rmSync(ws.home, { recursive: true, force: true });
  });

  const ask = (question: string) => askQuestion({ question, provider, executor, catalog });

  test('which firewall rules allow SSH from 0.0.0.0/0: exactly the planted CIS 3.6 findings', async () => {
    const answer = await ask('Which firewall rules allow SSH from 0.0.0.0/0?');
    const expected = truth.findings['cis_gcp.3.6'].map((f) => f.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(answer.rows)).toEqual(expected);
    expect(answer.sql).toMatch(/gcp_compute_firewall_allowed/);
    expect(answer.explanation).toMatch(/22/);
    expect(answer.attempts).toHaveLength(1);
  });

  test('which GCP VMs have no SentinelOne agent: the planted findings, plus agents without cloud identity', async () => {
    const answer = await ask('Which GCP VMs have no SentinelOne agent?');
    // A bronze join on the cloud instance id cannot see agents that report no cloud identity
    // (silver resolves those by hostname), so those VMs are expected here too.
    const noIdentity = truth.traps['trap.agent_without_cloud_identity'].flatMap((g) =>
      g.members.flatMap((m) => truth.machines[m]?.gcpInstanceIds ?? []),
    );
    const planted = truth.findings['edr.cloud_vm_without_agent']
      .filter((f) => f.type === 'gcp_instance')
      .map((f) => f.id);
    expect(planted.length).toBeGreaterThan(0);
    expect(ids(answer.rows)).toEqual([...new Set([...planted, ...noIdentity])].sort());
  });

  test('a wrong first answer is fixed by the correction loop (which GCP VMs have a public IP)', async () => {
    const answer = await ask('Which GCP VMs have a public IP?');
    expect(answer.attempts).toHaveLength(2);
    expect(answer.attempts[0]?.error).toMatch(/external_ip/);
    const world = sb.world();
    const expected = world.gcp.instances
      .filter((i) => i.nics.some((n) => n.accessConfigs.some((a) => a.natIP)))
      .map((i) => i.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(answer.rows)).toEqual(expected);
    // The model saw its own reply and the store's error before trying again.
    const retry = ollama.requests.find(
      (r) => r.messages.some((m) => m.content.includes('public IP')) && r.messages.length === 4,
    );
    expect(retry?.messages[3]?.content).toMatch(/That did not work: .*external_ip/s);
  });

  test('the request uses structured output and a prompt with the dialect and the retrieved tables', async () => {
    const request = ollama.requests.find((r) =>
      r.messages.some((m) => m.content.includes('SSH from 0.0.0.0/0')),
    );
    expect(request?.format).toMatchObject({ required: ['sql', 'explanation'] });
    expect(request?.stream).toBe(false);
    const system = request?.messages[0]?.content ?? '';
    expect(system).toMatch(/DuckDB/);
    expect(system).toMatch(/TABLE bronze\.gcp_compute_firewalls/);
    expect(system).toMatch(/TABLE bronze\.gcp_compute_firewall_allowed/);
    if (!catalog.find('silver.assets')) expect(system).not.toMatch(/silver\.assets/); // inactive pairs stay out
  });

  test('malformed output yields a clear message after three tries, not a crash', async () => {
    const failure = await ask('How many disks are there?').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AgentFailure);
    expect((failure as AgentFailure).code).toBe('MODEL_OUTPUT');
    expect((failure as AgentFailure).attempts).toHaveLength(3);
    expect((failure as Error).message).toMatch(/not the JSON object .* it was asked for .*Sure! Here is/);
  });

  test('malformed output once is corrected', async () => {
    const answer = await ask('How many projects are there?');
    expect(answer.attempts).toHaveLength(2);
    expect(answer.rows).toEqual([{ projects: truth.counts.gcp?.gcp_projects }]);
  });

  test('a model that keeps asking for files is refused every time', async () => {
    const failure = (await ask('Show me the password file').catch((e: unknown) => e)) as AgentFailure;
    expect(failure.code).toBe('GUARD');
    expect(failure.attempts.map((a) => a.error)).toEqual([
      expect.stringMatching(/read_text/),
      expect.stringMatching(/read_text/),
      expect.stringMatching(/\/etc\/passwd/),
    ]);
  });

  test('every active example pair runs on the collected store', async () => {
    for (const pair of EXAMPLE_PAIRS.filter((p) => p.tables.every((t) => catalog.find(t)))) {
      await expect(
        executor.execute(pair.sql.duckdb, { rowLimit: 5, timeoutMs: 10_000 }),
        pair.id,
      ).resolves.toBeDefined();
    }
  });
});
