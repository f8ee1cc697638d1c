import type { AppState } from '../../db/state/app-state.ts';
import { AgentError } from './errors.ts';
import { OllamaProvider } from './providers/ollama.ts';
import { OpenAiCompatibleProvider } from './providers/openai.ts';
import { VertexProvider } from './providers/vertex.ts';
import type { ModelProvider, ProviderKind } from './types.ts';

/** Workspace settings keys (SQLite app state) that choose the model. */
export const AGENT_SETTINGS = {
  provider: 'agent.provider',
  host: 'agent.host',
  model: 'agent.model',
} as const;

export interface AgentSettings {
  readonly provider: ProviderKind;
  /** Ollama or OpenAI-compatible base URL; for Vertex AI "project[/location]". */
  readonly host?: string;
  readonly model?: string;
}

const KINDS: readonly ProviderKind[] = ['ollama', 'openai', 'vertex'];

function kindOf(value: string | undefined): ProviderKind {
  const kind = (value ?? 'ollama').toLowerCase();
  if (!(KINDS as readonly string[]).includes(kind))
    throw new AgentError(
      `Unknown agent provider "${value}". Use one of: ${KINDS.join(', ')}.`,
      'PROVIDER_MISSING',
    );
  return kind as ProviderKind;
}

/** Settings from the workspace, overridden by command-line options where given. */
export function readAgentSettings(
  state: AppState,
  overrides: { provider?: string; host?: string; model?: string } = {},
): AgentSettings {
  const host = overrides.host ?? state.getSetting<string>(AGENT_SETTINGS.host);
  const model = overrides.model ?? state.getSetting<string>(AGENT_SETTINGS.model);
  return {
    provider: kindOf(overrides.provider ?? state.getSetting<string>(AGENT_SETTINGS.provider)),
    ...(host ? { host } : {}),
    ...(model ? { model } : {}),
  };
}

export function saveAgentSettings(state: AppState, settings: AgentSettings): void {
  state.setSetting(AGENT_SETTINGS.provider, settings.provider);
  if (settings.host) state.setSetting(AGENT_SETTINGS.host, settings.host);
  else state.deleteSetting(AGENT_SETTINGS.host);
  if (settings.model) state.setSetting(AGENT_SETTINGS.model, settings.model);
  else state.deleteSetting(AGENT_SETTINGS.model);
}

/**
 * The provider the settings describe. API keys never live in settings: an OpenAI-compatible key
 * comes from $HOTPOT_AGENT_API_KEY.
 */
export function createProvider(settings: AgentSettings, env: NodeJS.ProcessEnv = process.env): ModelProvider {
  switch (settings.provider) {
    case 'ollama':
      return new OllamaProvider({
        ...(settings.host ? { host: settings.host } : {}),
        ...(settings.model ? { model: settings.model } : {}),
      });
    case 'openai': {
      if (!settings.host || !settings.model)
        throw new AgentError(
          'The openai provider needs a base URL and a model: hotpot ask --provider openai --host http://HOST:PORT --model NAME "…" (key, if any, in $HOTPOT_AGENT_API_KEY).',
          'PROVIDER_MISSING',
        );
      const apiKey = env.HOTPOT_AGENT_API_KEY;
      return new OpenAiCompatibleProvider({
        host: settings.host,
        model: settings.model,
        ...(apiKey ? { apiKey } : {}),
      });
    }
    case 'vertex': {
      const [project, location] = (settings.host ?? env.GOOGLE_CLOUD_PROJECT ?? '').split('/');
      if (!project)
        throw new AgentError(
          'The vertex provider needs a Google Cloud project: --host PROJECT[/LOCATION] or $GOOGLE_CLOUD_PROJECT.',
          'PROVIDER_MISSING',
        );
      return new VertexProvider({
        project,
        ...(location ? { location } : {}),
        ...(settings.model ? { model: settings.model } : {}),
      });
    }
  }
}
