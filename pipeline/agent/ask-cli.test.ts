import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { register } from '../cli/commands/ask.ts';
import type { CliContext } from '../cli/context.ts';
import { Workspace } from '../workspace.ts';
import { AGENT_SETTINGS } from './settings.ts';
import { startFakeOllama, type FakeOllama } from './testing/fake-ollama.ts';
import { ALL_RECORDINGS } from './testing/recordings.ts';

interface Captured {
  stdout: string[];
  stderr: string[];
}

/** Runs `hotpot ask …` in process, as main.ts will once the command is wired. */
async function ask(home: string, args: string[]): Promise<Captured & { error?: Error }> {
  const out: Captured = { stdout: [], stderr: [] };
  const ctx: CliContext = {
    resolveHome: () => home,
    printJson: (v) => out.stdout.push(JSON.stringify(v)),
    print: (t) => out.stdout.push(t),
    note: (t) => out.stderr.push(t),
  };
  const program = new Command('hotpot').option('--home <dir>').exitOverride();
  register(program, ctx);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(['ask', ...args], { from: 'user' });
    return out;
  } catch (error) {
    return { ...out, error: error as Error };
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('hotpot ask', () => {
  let home: string;
  let ollama: FakeOllama;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'hotpot-ask-'));
    (await Workspace.init(home)).workspace.close();
    ollama = await startFakeOllama(ALL_RECORDINGS);
  });
  afterAll(async () => {
    await ollama?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('with no model reachable, says which host it tried and how to configure a provider', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    const run = await ask(home, ['how many projects are there?', '--host', host]);
    expect(run.error?.name).toBe('AgentFailure');
    expect(run.error?.message).toContain(`Ollama at ${host} did not answer`);
    expect(run.error?.message).toMatch(/ECONNREFUSED/);
    expect(run.error?.message).toMatch(/--provider ollama\|openai\|vertex --host URL --model NAME/);
    expect(run.error?.message).toMatch(/agent\.provider, agent\.host and agent\.model/);
    expect(run.stdout).toEqual([]);
  });

  test('a model that is not installed gets an "ollama pull" hint', async () => {
    const run = await ask(home, [
      'how many projects are there?',
      '--host',
      ollama.url,
      '--model',
      'llama9:70b',
    ]);
    expect(run.error?.message).toMatch(/no model "llama9:70b".*ollama pull llama9:70b/);
  });

  test('--save keeps the provider settings; --json prints one document with SQL, rows and explanation', async () => {
    const saved = await ask(home, [
      '--provider',
      'ollama',
      '--host',
      ollama.url,
      '--model',
      'qwen2.5-coder:7b',
      '--save',
    ]);
    expect(saved.error).toBeUndefined();
    const ws = Workspace.open(home);
    expect(ws.state.getSetting(AGENT_SETTINGS.host)).toBe(ollama.url);
    ws.close();

    const run = await ask(home, ['How many projects are there?', '--json']);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toHaveLength(1);
    const answer = JSON.parse(run.stdout[0] ?? '{}') as Record<string, unknown>;
    expect(answer).toMatchObject({
      sql: 'SELECT count(*) AS projects FROM bronze.gcp_projects',
      explanation: 'The number of GCP projects collected.',
      rows: [{ projects: 0 }],
      provider: 'ollama',
      model: 'qwen2.5-coder:7b',
    });
    expect(answer.attempts).toHaveLength(2);
  });

  test('human output shows the explanation, the SQL and the rows', async () => {
    const run = await ask(home, ['How many projects are there?']);
    expect(run.stdout.join('\n')).toMatch(
      /The number of GCP projects[\s\S]*SELECT count\(\*\)[\s\S]*projects\n-+\n0/,
    );
    expect(run.stderr.join('\n')).toMatch(/1 row after 2 tries/);
  });

  test('questions, answered and failed, are kept in the workspace history', async () => {
    await ask(home, ['Show me the password file']);
    const run = await ask(home, ['--history', '--json']);
    const records = JSON.parse(run.stdout[0] ?? '[]') as {
      question: string;
      status: string;
      attempts: number;
    }[];
    expect(records[0]).toMatchObject({
      question: 'Show me the password file',
      status: 'failed',
      attempts: 3,
    });
    expect(records.filter((r) => r.status === 'answered').length).toBe(2);
    expect(records.some((r) => r.status === 'failed' && r.attempts === 0)).toBe(true); // unreachable model
  });

  test('an unknown provider and a missing question are refused with a sentence', async () => {
    expect((await ask(home, ['x', '--provider', 'gpt'])).error?.message).toMatch(
      /Unknown agent provider "gpt"/,
    );
    expect((await ask(home, [])).error?.message).toMatch(/Ask a question/);
  });
});
