// The text-to-SQL agent's public surface: the CLI (`hotpot ask`), the service layer and the
// app's agent page use only these exports.
export {
  askQuestion,
  runGuardedSql,
  AgentFailure,
  MAX_ATTEMPTS,
  DEFAULT_ROW_LIMIT,
  DEFAULT_TIMEOUT_MS,
} from './agent.ts';
export type { AskOptions, RunLimits } from './agent.ts';
export { AgentError, type AgentErrorCode } from './errors.ts';
export { assertAgentSql } from './guard.ts';
export {
  openReadOnlyExecutor,
  type ReadOnlyExecutor,
  type QueryResult,
  type AgentDialect,
} from './executor.ts';
export { buildSemanticCatalog, type SemanticCatalog, type SemanticTable } from './semantic-catalog.ts';
export { EXAMPLE_PAIRS, activeExamples, type ExamplePair } from './examples.ts';
export {
  AGENT_SETTINGS,
  readAgentSettings,
  saveAgentSettings,
  createProvider,
  type AgentSettings,
} from './settings.ts';
export { QuestionHistory, type QuestionRecord } from './history.ts';
export { OllamaProvider, DEFAULT_OLLAMA_HOST, DEFAULT_OLLAMA_MODEL } from './providers/ollama.ts';
export { OpenAiCompatibleProvider } from './providers/openai.ts';
export { VertexProvider } from './providers/vertex.ts';
export type { AgentAnswer, AttemptRecord, ChatMessage, ModelProvider, ProviderKind } from './types.ts';
export { askInWorkspace, runSqlInWorkspace, type WorkspaceAskOptions } from './workspace-agent.ts';
