import type { Row } from '../../db/store/types.ts';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** JSON schema of the model's reply; providers pass it as structured-output format. */
export const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    sql: { type: 'string', description: 'One read-only SELECT statement.' },
    explanation: { type: 'string', description: 'One or two sentences: what the query returns.' },
  },
  required: ['sql', 'explanation'],
  additionalProperties: false,
} as const;

export interface CompletionRequest {
  readonly messages: readonly ChatMessage[];
  /** JSON schema the reply must follow. */
  readonly schema: typeof ANSWER_SCHEMA;
  readonly signal?: AbortSignal;
}

/** One model behind one interface: Ollama, an OpenAI-compatible endpoint or Vertex AI. */
export interface ModelProvider {
  /** 'ollama', 'openai' or 'vertex'. */
  readonly kind: ProviderKind;
  readonly model: string;
  /** Where requests go, safe to print (no key). */
  readonly host: string;
  /** The raw text of the model's reply (expected to be the JSON object). */
  complete(request: CompletionRequest): Promise<string>;
}

export type ProviderKind = 'ollama' | 'openai' | 'vertex';

/** One try of the correction loop. */
export interface AttemptRecord {
  readonly attempt: number;
  /** The model's raw reply. */
  readonly reply: string;
  readonly sql?: string;
  /** Why the try failed; absent for the try that answered. */
  readonly error?: string;
}

/** What the agent answers: the SQL always comes with the rows. */
export interface AgentAnswer {
  readonly question: string;
  readonly sql: string;
  readonly explanation: string;
  readonly columns: string[];
  readonly rows: Row[];
  /** More rows existed than the row limit. */
  readonly truncated: boolean;
  readonly attempts: readonly AttemptRecord[];
  /** Tables the retrieval put in the prompt. */
  readonly tables: readonly string[];
  /** Example pairs shown to the model. */
  readonly examples: readonly string[];
  readonly provider: ProviderKind;
  readonly model: string;
  readonly elapsedMs: number;
}
