import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseReply } from '../output.ts';
import { createProvider } from '../settings.ts';
import { startFakeOllama, type FakeOllama } from '../testing/fake-ollama.ts';
import { ANSWER_SCHEMA, type ChatMessage } from '../types.ts';
import { OllamaProvider } from './ollama.ts';
import { OpenAiCompatibleProvider } from './openai.ts';
import { VertexProvider } from './vertex.ts';

const messages: ChatMessage[] = [
  { role: 'system', content: 'rules' },
  { role: 'user', content: 'how many projects are there?' },
];

describe('OpenAI-compatible provider', () => {
  let server: Server;
  let url: string;
  const bodies: Record<string, unknown>[] = [];
  const auth: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no route"}}');
          return;
        }
        const body = JSON.parse(text) as Record<string, unknown>;
        bodies.push(body);
        auth.push(req.headers.authorization);
        if (body.model === 'broken') {
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end('{"error":{"message":"out of memory"}}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: '{"sql":"SELECT 1","explanation":"one"}' },
                finish_reason: 'stop',
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('posts to /v1/chat/completions with the JSON schema and the key', async () => {
    const provider = createProvider(
      { provider: 'openai', host: `${url}/v1`, model: 'm' },
      { HOTPOT_AGENT_API_KEY: 'k-123' },
    );
    const text = await provider.complete({ messages, schema: ANSWER_SCHEMA });
    expect(parseReply(text)).toEqual({ sql: 'SELECT 1', explanation: 'one' });
    expect(bodies[0]).toMatchObject({
      model: 'm',
      messages,
      response_format: { type: 'json_schema', json_schema: { schema: ANSWER_SCHEMA } },
    });
    expect(auth[0]).toBe('Bearer k-123');
  });

  test('server errors and unreachable hosts are clear', async () => {
    const broken = new OpenAiCompatibleProvider({ host: url, model: 'broken' });
    await expect(broken.complete({ messages, schema: ANSWER_SCHEMA })).rejects.toThrow(
      /answered 500: out of memory/,
    );
    const gone = new OpenAiCompatibleProvider({ host: 'http://127.0.0.1:9', model: 'm' });
    await expect(gone.complete({ messages, schema: ANSWER_SCHEMA })).rejects.toMatchObject({
      code: 'MODEL_UNREACHABLE',
      message: expect.stringContaining('http://127.0.0.1:9'),
    });
  });

  test('needs a host and a model', () => {
    expect(() => createProvider({ provider: 'openai' })).toThrow(/needs a base URL and a model/);
  });
});

describe('Ollama provider (real client, fake server)', () => {
  let ollama: FakeOllama;
  beforeAll(async () => {
    ollama = await startFakeOllama(
      [{ question: 'projects', replies: ['{"sql":"SELECT 2","explanation":"two"}'] }],
      {
        models: ['qwen2.5-coder:7b', 'sqlcoder:15b'],
      },
    );
  });
  afterAll(() => ollama.stop());

  test('lists models from /api/tags and sends format + temperature 0 to /api/chat', async () => {
    const provider = new OllamaProvider({ host: ollama.url });
    expect(await provider.models()).toEqual(['qwen2.5-coder:7b', 'sqlcoder:15b']);
    expect(parseReply(await provider.complete({ messages, schema: ANSWER_SCHEMA })).sql).toBe('SELECT 2');
    expect(ollama.requests[0]).toMatchObject({
      model: 'qwen2.5-coder:7b',
      stream: false,
      format: ANSWER_SCHEMA,
      options: { temperature: 0 },
    });
  });
});

describe('Vertex AI provider', () => {
  test('fails with a clear message while @google/genai is not installed', async () => {
    const provider = new VertexProvider({ project: 'p' });
    await expect(provider.complete({ messages, schema: ANSWER_SCHEMA })).rejects.toMatchObject({
      code: 'PROVIDER_MISSING',
      message: expect.stringMatching(/@google\/genai.*Node\.js 22.*--provider ollama/s),
    });
    expect(createProvider({ provider: 'vertex', host: 'proj/europe-west1' }).host).toBe(
      'vertex:proj/europe-west1',
    );
  });
});

describe('reading the model reply', () => {
  test.each([
    ['{"sql":"SELECT 1;","explanation":"x"}', 'SELECT 1'],
    ['```json\n{"sql": "SELECT 1", "explanation": "x"}\n```', 'SELECT 1'],
    ['Here you go: {"sql": "SELECT 1", "explanation": "x"} Hope it helps', 'SELECT 1'],
    ['{"sql": "SELECT 1"}', 'SELECT 1'],
  ])('accepts %j', (text, sql) => {
    expect(parseReply(text).sql).toBe(sql);
  });

  test.each([
    '',
    'SELECT 1',
    '{"query": "SELECT 1"}',
    '{"sql": ""}',
    '{"sql": 42}',
    '[1,2]',
    '{"sql": "SELECT 1"',
  ])('refuses %j with a MODEL_OUTPUT error that quotes it', (text) => {
    expect(() => parseReply(text)).toThrow(expect.objectContaining({ code: 'MODEL_OUTPUT' }));
  });
});
