import type Database from 'better-sqlite3';
import type { AppState } from '../../db/state/app-state.ts';

/** One asked question as kept in the workspace. */
export interface QuestionRecord {
  readonly id: number;
  readonly askedAt: string;
  readonly question: string;
  readonly status: 'answered' | 'failed';
  readonly sql: string | null;
  readonly explanation: string | null;
  readonly rowCount: number | null;
  readonly attempts: number;
  readonly provider: string;
  readonly model: string;
  readonly error: string | null;
}

// The agent owns this table in the app state; it is created on first use so the agent needs no
// change to the shared state migrations.
const DDL = `CREATE TABLE IF NOT EXISTS agent_questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  asked_at TEXT NOT NULL,
  question TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('answered', 'failed')),
  sql TEXT,
  explanation TEXT,
  row_count INTEGER,
  attempts INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  error TEXT
)`;

interface RawRecord {
  id: number;
  asked_at: string;
  question: string;
  status: 'answered' | 'failed';
  sql: string | null;
  explanation: string | null;
  row_count: number | null;
  attempts: number;
  provider: string;
  model: string;
  error: string | null;
}

/** Question history in the workspace SQLite state (rows are not kept: they can be re-run). */
export class QuestionHistory {
  private readonly db: Database.Database;

  constructor(state: AppState) {
    this.db = state.db;
    this.db.exec(DDL);
  }

  record(entry: Omit<QuestionRecord, 'id' | 'askedAt'> & { askedAt?: string }): number {
    const result = this.db
      .prepare(
        `INSERT INTO agent_questions (asked_at, question, status, sql, explanation, row_count, attempts, provider, model, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.askedAt ?? new Date().toISOString(),
        entry.question,
        entry.status,
        entry.sql,
        entry.explanation,
        entry.rowCount,
        entry.attempts,
        entry.provider,
        entry.model,
        entry.error,
      );
    return Number(result.lastInsertRowid);
  }

  /** Most recent first. */
  list(limit = 50): QuestionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM agent_questions ORDER BY id DESC LIMIT ?')
      .all(Math.max(1, Math.trunc(limit))) as RawRecord[];
    return rows.map((r) => ({
      id: r.id,
      askedAt: r.asked_at,
      question: r.question,
      status: r.status,
      sql: r.sql,
      explanation: r.explanation,
      rowCount: r.row_count,
      attempts: r.attempts,
      provider: r.provider,
      model: r.model,
      error: r.error,
    }));
  }
}
