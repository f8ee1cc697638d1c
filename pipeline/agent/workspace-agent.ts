import { catalog } from '../../db/catalog/index.ts';
import { errorMessage } from '../../db/errors.ts';
import type { Workspace } from '../workspace.ts';
import { AgentFailure, askQuestion, runGuardedSql, type RunLimits } from './agent.ts';
import { openReadOnlyExecutor, type QueryResult } from './executor.ts';
import { QuestionHistory } from './history.ts';
import { createProvider, readAgentSettings } from './settings.ts';
import type { AgentAnswer, ModelProvider } from './types.ts';

export interface WorkspaceAskOptions extends RunLimits {
  /** Overrides of the workspace settings agent.provider / agent.host / agent.model. */
  readonly provider?: string;
  readonly host?: string;
  readonly model?: string;
  /** A ready provider instead of the settings (tests, the app's own model picker). */
  readonly modelProvider?: ModelProvider;
  readonly signal?: AbortSignal;
}

/**
 * One question against a workspace, as the CLI and the service layer ask it: the provider from
 * the settings, a read-only executor on the workspace store, and the outcome (answered or
 * failed) recorded in the question history.
 */
export async function askInWorkspace(
  workspace: Workspace,
  question: string,
  options: WorkspaceAskOptions = {},
): Promise<AgentAnswer> {
  const history = new QuestionHistory(workspace.state);
  const provider = options.modelProvider ?? createProvider(readAgentSettings(workspace.state, options));
  const executor = await openReadOnlyExecutor(workspace.storeLocation(), options.timeoutMs);
  try {
    const answer = await askQuestion({
      question,
      provider,
      executor,
      catalog,
      ...(options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    history.record({
      question,
      status: 'answered',
      sql: answer.sql,
      explanation: answer.explanation,
      rowCount: answer.rows.length,
      attempts: answer.attempts.length,
      provider: answer.provider,
      model: answer.model,
      error: null,
    });
    return answer;
  } catch (error) {
    history.record({
      question,
      status: 'failed',
      sql: error instanceof AgentFailure ? (error.attempts.at(-1)?.sql ?? null) : null,
      explanation: null,
      rowCount: null,
      attempts: error instanceof AgentFailure ? error.attempts.length : 0,
      provider: provider.kind,
      model: provider.model,
      error: errorMessage(error),
    });
    throw error;
  } finally {
    await executor.close();
  }
}

/** Re-runs SQL the analyst edited on the agent page: same guard, same read-only executor. */
export async function runSqlInWorkspace(
  workspace: Workspace,
  sql: string,
  limits: RunLimits = {},
): Promise<QueryResult> {
  const executor = await openReadOnlyExecutor(workspace.storeLocation(), limits.timeoutMs);
  try {
    return await runGuardedSql(executor, sql, limits);
  } finally {
    await executor.close();
  }
}
