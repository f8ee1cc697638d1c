import { Ollama } from 'ollama';
import { errorMessage } from '../../../db/errors.ts';
import { AgentError } from '../errors.ts';
import type { CompletionRequest, ModelProvider } from '../types.ts';
import { isNetworkFailure, unreachable } from './failures.ts';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
export const DEFAULT_OLLAMA_MODEL = 'qwen2.5-coder:7b';

export interface OllamaOptions {
  readonly host?: string;
  readonly model?: string;
  /** Per request; local models on a laptop CPU can take a while. */
  readonly timeoutMs?: number;
}

/**
 * Ollama through the official `ollama` client, with structured output: the answer's JSON
 * schema goes in `format`, so the model's decoder can only produce `{sql, explanation}`.
 */
export class OllamaProvider implements ModelProvider {
  readonly kind = 'ollama' as const;
  readonly host: string;
  readonly model: string;
  private readonly client: Ollama;
  private readonly timeoutMs: number;

  constructor(options: OllamaOptions = {}) {
    this.host = (options.host ?? process.env.OLLAMA_HOST ?? DEFAULT_OLLAMA_HOST).replace(/\/+$/, '');
    this.model = options.model ?? DEFAULT_OLLAMA_MODEL;
    this.timeoutMs = options.timeoutMs ?? 300_000;
    // The client takes no signal for non-streamed calls; a wrapping fetch adds the timeout.
    const timeoutMs = this.timeoutMs;
    const timedFetch: typeof fetch = (input, init) =>
      fetch(input, {
        ...init,
        signal: init?.signal
          ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
      });
    this.client = new Ollama({ host: this.host, fetch: timedFetch });
  }

  async complete(request: CompletionRequest): Promise<string> {
    try {
      const response = await this.client.chat({
        model: this.model,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        format: request.schema,
        stream: false,
        options: { temperature: 0 },
      });
      return response.message?.content ?? '';
    } catch (error) {
      if (isNetworkFailure(error)) throw unreachable('Ollama', this.host, error);
      const status = (error as { status_code?: unknown }).status_code;
      if (status === 404 || /not found/i.test(errorMessage(error)))
        throw new AgentError(
          `Ollama at ${this.host} has no model "${this.model}" (${errorMessage(error)}). Run "ollama pull ${this.model}" there, or pick an installed model with --model (see "ollama list").`,
          'MODEL_MISSING',
          { cause: error },
        );
      throw new AgentError(`Ollama at ${this.host} failed: ${errorMessage(error)}`, 'MODEL_FAILED', {
        cause: error,
      });
    }
  }

  /** Installed model names (GET /api/tags), for `hotpot ask --models` and the settings page. */
  async models(): Promise<string[]> {
    try {
      return (await this.client.list()).models.map((m) => m.name);
    } catch (error) {
      if (isNetworkFailure(error)) throw unreachable('Ollama', this.host, error);
      throw error;
    }
  }
}
