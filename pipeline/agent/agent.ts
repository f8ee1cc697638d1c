import type { Catalog } from '../../db/catalog/catalog.ts';
import { errorMessage } from '../../db/errors.ts';
import { AgentError, isCorrectable } from './errors.ts';
import { activeExamples, EXAMPLE_PAIRS, type ExamplePair } from './examples.ts';
import type { QueryResult, ReadOnlyExecutor } from './executor.ts';
import { assertAgentSql } from './guard.ts';
import { parseReply } from './output.ts';
import { buildMessages, correctionMessage } from './prompt.ts';
import { Retriever } from './retrieval.ts';
import { buildSemanticCatalog, type SemanticCatalog } from './semantic-catalog.ts';
import {
  ANSWER_SCHEMA,
  type AgentAnswer,
  type AttemptRecord,
  type ChatMessage,
  type ModelProvider,
} from './types.ts';

export const MAX_ATTEMPTS = 3;
export const DEFAULT_ROW_LIMIT = 1_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RunLimits {
  readonly rowLimit?: number;
  readonly timeoutMs?: number;
}

/**
 * Runs one statement through the guard and the read-only executor. The app's agent page uses it
 * to re-run SQL the analyst edited; the agent uses it for the model's SQL.
 */
export async function runGuardedSql(
  executor: ReadOnlyExecutor,
  sql: string,
  limits: RunLimits = {},
): Promise<QueryResult> {
  await assertAgentSql(sql);
  return executor.execute(sql, {
    rowLimit: Math.max(1, Math.min(limits.rowLimit ?? DEFAULT_ROW_LIMIT, 100_000)),
    timeoutMs: Math.max(1, limits.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
}

export interface AskOptions extends RunLimits {
  readonly question: string;
  readonly provider: ModelProvider;
  readonly executor: ReadOnlyExecutor;
  /** The schema catalog; the semantic catalog and retrieval index are built from it. */
  readonly catalog: Catalog;
  /** Tries, at most 3 (the first answer plus two corrections). */
  readonly maxAttempts?: number;
  readonly examples?: readonly ExamplePair[];
  readonly signal?: AbortSignal;
}

/** A failed question: the reason, and every try with the model's reply and its error. */
export class AgentFailure extends AgentError {
  override readonly name: string = 'AgentFailure';
  constructor(
    message: string,
    code: AgentError['code'],
    readonly attempts: readonly AttemptRecord[],
    options?: { cause?: unknown },
  ) {
    super(message, code, options);
  }
}

const prepared = new WeakMap<Catalog, Map<string, { semantic: SemanticCatalog; retriever: Retriever }>>();

/** The semantic catalog and its index, built once per catalog, dialect and example set. */
function prepare(catalog: Catalog, dialect: ReadOnlyExecutor['dialect'], pairs: readonly ExamplePair[]) {
  const key = `${dialect}:${pairs === EXAMPLE_PAIRS ? 'default' : pairs.map((p) => p.id).join(',')}`;
  let byKey = prepared.get(catalog);
  if (!byKey) prepared.set(catalog, (byKey = new Map()));
  let entry = byKey.get(key);
  if (!entry) {
    const semantic = buildSemanticCatalog(catalog);
    const examples = activeExamples((t) => semantic.find(t) !== undefined, dialect, pairs);
    entry = { semantic, retriever: new Retriever(semantic, examples) };
    byKey.set(key, entry);
  }
  return entry;
}

/**
 * Answers a question with SQL: retrieval of the relevant tables and examples, generation,
 * the guard, read-only execution, and up to `maxAttempts` tries in which the model sees what
 * went wrong (malformed reply, refused or failing SQL, timeout). Resolves with the SQL, rows and
 * explanation; rejects with an `AgentFailure` that carries every try.
 */
export async function askQuestion(options: AskOptions): Promise<AgentAnswer> {
  const started = performance.now();
  const question = options.question.trim();
  if (!question)
    throw new AgentFailure('Ask a question, e.g. "which GCP VMs have a public IP?".', 'NO_ANSWER', []);
  const maxAttempts = Math.max(1, Math.min(options.maxAttempts ?? MAX_ATTEMPTS, MAX_ATTEMPTS));
  const { semantic, retriever } = prepare(
    options.catalog,
    options.executor.dialect,
    options.examples ?? EXAMPLE_PAIRS,
  );
  const retrieved = retriever.retrieve(question);
  const messages: ChatMessage[] = buildMessages({
    question,
    dialect: options.executor.dialect,
    tables: retrieved.tables,
    links: semantic.links,
    examples: retrieved.examples,
  });
  const attempts: AttemptRecord[] = [];
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let reply: string;
    try {
      reply = await options.provider.complete({
        messages,
        schema: ANSWER_SCHEMA,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      // An unreachable or failing model is not something the model can correct.
      const code = error instanceof AgentError ? error.code : 'MODEL_FAILED';
      throw new AgentFailure(errorMessage(error), code, attempts, { cause: error });
    }
    let sql: string | undefined;
    try {
      const parsed = parseReply(reply);
      sql = parsed.sql;
      const result = await runGuardedSql(options.executor, sql, options);
      attempts.push({ attempt, reply, sql });
      return {
        question,
        sql,
        explanation: parsed.explanation,
        columns: result.columns,
        rows: result.rows,
        truncated: result.truncated,
        attempts,
        tables: retrieved.tables.map((t) => t.name),
        examples: retrieved.examples.map((e) => e.pair.id),
        provider: options.provider.kind,
        model: options.provider.model,
        elapsedMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      if (!isCorrectable(error)) throw error;
      lastError = error;
      attempts.push({ attempt, reply, ...(sql ? { sql } : {}), error: errorMessage(error) });
      messages.push({ role: 'assistant', content: reply }, correctionMessage(errorMessage(error)));
    }
  }
  const last = lastError instanceof AgentError ? lastError : undefined;
  throw new AgentFailure(
    `No usable answer after ${attempts.length} ${attempts.length === 1 ? 'try' : 'tries'}: ${errorMessage(lastError)} Rephrase the question, name the tables or columns you mean, or try a larger model.`,
    last?.code ?? 'NO_ANSWER',
    attempts,
    { cause: lastError },
  );
}
