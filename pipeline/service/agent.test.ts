import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { saveAgentSettings } from '../agent/settings.ts';
import { reply, startFakeOllama, type FakeOllama } from '../agent/testing/fake-ollama.ts';
import { Workspace } from '../workspace.ts';
import { createService, type Service } from './service.ts';

let home: string;
let ollama: FakeOllama;
let service: Service;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotpot-agent-svc-'));
  const { workspace } = await Workspace.init(home);
  ollama = await startFakeOllama([
    {
      question: 'how many migrations',
      replies: [
        reply('SELECT id, seq FROM meta.migrations ORDER BY seq', 'Applied migrations with their order.'),
      ],
    },
  ]);
  saveAgentSettings(workspace.state, { provider: 'ollama', host: ollama.url });
  workspace.close();
  service = createService({ home });
});

afterAll(async () => {
  await service?.close();
  await ollama?.stop();
  rmSync(home, { recursive: true, force: true });
});

test('the agent page asks, shows the SQL with its rows, re-runs edited SQL read-only, and keeps history', async () => {
  const answer = (await service.handle('agent.ask', { question: 'How many migrations are applied?' })) as {
    sql: string;
    columns: string[];
    rows: { id: string }[];
  };
  expect(answer.sql).toBe('SELECT id, seq FROM meta.migrations ORDER BY seq');
  expect(answer.columns).toEqual(['id', 'seq']);
  expect(answer.rows[0]?.id).toBe('0001_schemas');

  const edited = (await service.handle('agent.runSql', {
    sql: 'SELECT count(*) AS n FROM meta.migrations',
  })) as {
    rows: { n: number }[];
  };
  expect(edited.rows[0]?.n).toBe(answer.rows.length);
  await expect(service.handle('agent.runSql', { sql: 'DROP SCHEMA meta CASCADE' })).rejects.toThrow(
    /read-only|SELECT/i,
  );

  const history = (await service.handle('agent.history', {})) as { question: string; status: string }[];
  expect(history[0]).toMatchObject({ question: 'How many migrations are applied?', status: 'answered' });
});
