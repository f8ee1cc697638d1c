// The agent page's calls: ask a question, re-run edited SQL, list past questions. Answers and
// re-runs go through the agent's own guard and read-only connection, never the runtime's store.
import { askInWorkspace, QuestionHistory, runSqlInWorkspace } from '../../agent/index.ts';
import type { Handlers } from './context.ts';

export const agentHandlers: Pick<Handlers, 'agent.ask' | 'agent.runSql' | 'agent.history'> = {
  'agent.ask': async (ctx, input) => {
    const a = await askInWorkspace(ctx.runtime.workspace, input.question);
    return {
      question: a.question,
      sql: a.sql,
      explanation: a.explanation,
      columns: [...a.columns],
      rows: a.rows,
      truncated: a.truncated,
      attempts: a.attempts.length,
      provider: a.provider,
      model: a.model,
      elapsedMs: a.elapsedMs,
    };
  },
  'agent.runSql': async (ctx, input) => {
    const r = await runSqlInWorkspace(ctx.runtime.workspace, input.sql);
    return { sql: input.sql, columns: [...r.columns], rows: r.rows, truncated: r.truncated };
  },
  'agent.history': async (ctx, input) =>
    new QuestionHistory(ctx.runtime.workspace.state).list(input.limit).map((q) => ({
      id: q.id,
      question: q.question,
      status: q.status,
      sql: q.sql,
      explanation: q.explanation,
      error: q.error,
    })),
};
