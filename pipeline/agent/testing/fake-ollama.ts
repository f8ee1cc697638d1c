import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Replies for one question, by turn: the first answer, then the answers to each correction. */
export interface Recording {
  /** Matched (case-insensitive substring) against the conversation's first user message. */
  readonly question: string;
  readonly replies: readonly string[];
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  format?: unknown;
  stream?: boolean;
  options?: Record<string, unknown>;
}

export interface FakeOllama {
  readonly url: string;
  /** Every /api/chat body received, in order. */
  readonly requests: ChatRequestBody[];
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An HTTP server on 127.0.0.1 that speaks the part of the Ollama API the agent uses, as Ollama
 * does: POST /api/chat (non-streamed: one JSON object with `message`, `done: true` and timing
 * fields; 404 `{"error": "model \"x\" not found, try pulling it first"}` for unknown models) and
 * GET /api/tags. It plays back recorded replies: the reply for turn N of a question is the
 * recording's N-th entry, N counted from the assistant messages already in the conversation.
 */
export async function startFakeOllama(
  recordings: readonly Recording[],
  options: { models?: readonly string[] } = {},
): Promise<FakeOllama> {
  const models = options.models ?? ['qwen2.5-coder:7b'];
  const requests: ChatRequestBody[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/api/tags') {
        send(res, 200, {
          models: models.map((name) => ({
            name,
            model: name,
            modified_at: '2026-01-01T00:00:00Z',
            size: 4_683_087_332,
            digest: 'sha256:0000',
            details: {
              format: 'gguf',
              family: 'qwen2',
              parameter_size: '7.6B',
              quantization_level: 'Q4_K_M',
            },
          })),
        });
        return;
      }
      if (req.method !== 'POST' || req.url !== '/api/chat') {
        send(res, 404, { error: 'not found' });
        return;
      }
      const body = JSON.parse(await readBody(req)) as ChatRequestBody;
      requests.push(body);
      if (!models.includes(body.model)) {
        send(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
        return;
      }
      const question = body.messages.find((m) => m.role === 'user')?.content.toLowerCase() ?? '';
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      const recording = recordings.find((r) => question.includes(r.question.toLowerCase()));
      const content = recording?.replies[Math.min(turn, recording.replies.length - 1)];
      if (content === undefined) {
        send(res, 500, { error: `fake Ollama has no recording for: ${question.slice(0, 80)}` });
        return;
      }
      send(res, 200, {
        model: body.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content },
        done_reason: 'stop',
        done: true,
        total_duration: 1_200_000_000,
        load_duration: 50_000_000,
        prompt_eval_count: 900,
        prompt_eval_duration: 600_000_000,
        eval_count: 120,
        eval_duration: 550_000_000,
      });
    })().catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A reply as a model with structured output writes it. */
export function reply(sql: string, explanation: string): string {
  return JSON.stringify({ sql, explanation });
}
