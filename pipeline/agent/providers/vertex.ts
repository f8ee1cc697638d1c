import { errorMessage } from '../../../db/errors.ts';
import { AgentError } from '../errors.ts';
import type { CompletionRequest, ModelProvider } from '../types.ts';

export interface VertexOptions {
  readonly project: string;
  readonly location?: string;
  readonly model?: string;
}

/** The slice of `@google/genai` this provider uses (the package is optional). */
interface GenAiModule {
  GoogleGenAI: new (options: { vertexai: boolean; project: string; location: string }) => {
    models: {
      generateContent(request: {
        model: string;
        contents: { role: string; parts: { text: string }[] }[];
        config: {
          systemInstruction?: string;
          temperature: number;
          responseMimeType: string;
          responseJsonSchema: unknown;
        };
      }): Promise<{ text?: string }>;
    };
  };
}

// A variable specifier keeps TypeScript and bundlers from resolving a package that is not
// installed; the import happens only when Vertex AI is chosen.
const GENAI_PACKAGE = '@google/genai';

async function loadGenAi(): Promise<GenAiModule> {
  try {
    return (await import(GENAI_PACKAGE)) as GenAiModule;
  } catch (error) {
    throw new AgentError(
      `Vertex AI needs the optional package ${GENAI_PACKAGE} (Node.js 22 or later), which is not installed here (${errorMessage(error)}). ` +
        `Install it with "npm install ${GENAI_PACKAGE}" on Node 22, or use --provider ollama (local) or --provider openai.`,
      'PROVIDER_MISSING',
      { cause: error },
    );
  }
}

/**
 * Vertex AI (Gemini) through `@google/genai`, authenticated by Application Default Credentials,
 * with the answer schema as `responseJsonSchema`. Not exercised by tests here: the package is
 * not installed and needs Node 22.
 */
export class VertexProvider implements ModelProvider {
  readonly kind = 'vertex' as const;
  readonly host: string;
  readonly model: string;

  constructor(private readonly options: VertexOptions) {
    this.model = options.model ?? 'gemini-2.5-flash';
    this.host = `vertex:${options.project}/${options.location ?? 'us-central1'}`;
  }

  async complete(request: CompletionRequest): Promise<string> {
    const { GoogleGenAI } = await loadGenAi();
    const client = new GoogleGenAI({
      vertexai: true,
      project: this.options.project,
      location: this.options.location ?? 'us-central1',
    });
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n');
    try {
      const response = await client.models.generateContent({
        model: this.model,
        contents: request.messages
          .filter((m) => m.role !== 'system')
          .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
        config: {
          ...(system ? { systemInstruction: system } : {}),
          temperature: 0,
          responseMimeType: 'application/json',
          responseJsonSchema: request.schema,
        },
      });
      return response.text ?? '';
    } catch (error) {
      throw new AgentError(
        `Vertex AI (${this.host}, ${this.model}) failed: ${errorMessage(error)}`,
        'MODEL_FAILED',
        {
          cause: error,
        },
      );
    }
  }
}
