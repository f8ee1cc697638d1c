import { errorMessage } from '../../../db/errors.ts';
import { AgentError } from '../errors.ts';
import type { CompletionRequest, ModelProvider } from '../types.ts';
import { isNetworkFailure, unreachable } from './failures.ts';

export interface OpenAiOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8000 (vLLM, llama.cpp, LM Studio) or https://api.openai.com. */
  readonly host: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
}

interface ChatCompletion {
  choices?: { message?: { content?: string | null } }[];
  error?: { message?: string };
}

/**
 * Any OpenAI-compatible chat endpoint, with plain fetch to /v1/chat/completions and
 * `response_format: json_schema` (servers that ignore it still get the schema in the prompt).
 */
export class OpenAiCompatibleProvider implements ModelProvider {
  readonly kind = 'openai' as const;
  readonly host: string;
  readonly model: string;

  constructor(private readonly options: OpenAiOptions) {
    this.host = options.host.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.model = options.model;
  }

  async complete(request: CompletionRequest): Promise<string> {
    const url = `${this.host}/v1/chat/completions`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 300_000);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.model,
          messages: request.messages,
          temperature: 0,
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'sql_answer', strict: true, schema: request.schema },
          },
        }),
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      });
    } catch (error) {
      if (isNetworkFailure(error)) throw unreachable('the OpenAI-compatible endpoint', this.host, error);
      throw error;
    }
    const text = await response.text();
    let body: ChatCompletion = {};
    try {
      body = JSON.parse(text) as ChatCompletion;
    } catch {
      // reported below with the status
    }
    if (!response.ok) {
      const detail = body.error?.message ?? text.slice(0, 200);
      const code = response.status === 404 ? 'MODEL_MISSING' : 'MODEL_FAILED';
      const hint =
        response.status === 401 || response.status === 403
          ? ' Set the key in $HOTPOT_AGENT_API_KEY.'
          : response.status === 404
            ? ` Check --host (it should serve /v1/chat/completions) and --model "${this.model}".`
            : '';
      throw new AgentError(`${url} answered ${response.status}: ${detail}.${hint}`, code);
    }
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string')
      throw new AgentError(
        `${url} answered without a message (${errorMessage(text.slice(0, 200))}).`,
        'MODEL_OUTPUT',
      );
    return content;
  }
}
