// Batched, ordered journal writes. Every write of one event-loop turn goes into one transaction;
// callers await `commit()` before they let anyone (workflow code, event listeners) see an outcome,
// so whatever was reported finished is on disk.
import type { Db } from './schema.ts';

type Op = () => void;

export interface StepStart {
  runId: string;
  seq: number;
  kind: 'activity' | 'child' | 'sleep' | 'now';
  name: string;
  taskQueue: string | null;
  inputJson: string | null;
  attempts: number;
  fireAt: number | null;
  childRunId: string | null;
  startedAt: number;
}

export interface StepEnd {
  runId: string;
  seq: number;
  status: 'completed' | 'failed' | 'cancelled';
  resultJson: string | null;
  errorJson: string | null;
  rowsWritten: number | null;
  deliveryGroup: number | null;
  completionOrder: number | null;
  finishedAt: number;
}

export class JournalWriter {
  readonly db: Db;
  #ops: Op[] = [];
  #waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  #scheduled = false;
  #closed = false;
  readonly #stmt;

  constructor(db: Db) {
    this.db = db;
    this.#stmt = {
      stepStart: db.prepare(
        `INSERT INTO wf_steps (run_id, seq, kind, name, task_queue, status, input_json, attempts, fire_at, child_run_id, started_at)
         VALUES (@runId, @seq, @kind, @name, @taskQueue, 'running', @inputJson, @attempts, @fireAt, @childRunId, @startedAt)
         ON CONFLICT (run_id, seq) DO UPDATE SET status = 'running', attempts = excluded.attempts`,
      ),
      stepAttempt: db.prepare(`UPDATE wf_steps SET attempts = ? WHERE run_id = ? AND seq = ?`),
      stepEnd: db.prepare(
        `UPDATE wf_steps SET status = @status, result_json = @resultJson, error_json = @errorJson,
           rows_written = @rowsWritten, delivery_group = @deliveryGroup, completion_order = @completionOrder,
           finished_at = @finishedAt WHERE run_id = @runId AND seq = @seq`,
      ),
      attemptError: db.prepare(
        `INSERT OR REPLACE INTO wf_attempt_errors (run_id, seq, attempt, error_json, started_at, failed_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      failures: db.prepare(`UPDATE wf_steps SET failures = ? WHERE run_id = ? AND seq = ?`),
      heartbeat: db.prepare(`UPDATE wf_steps SET heartbeat_json = ? WHERE run_id = ? AND seq = ?`),
      progress: db.prepare(`UPDATE wf_runs SET progress_json = ?, updated_at = ? WHERE run_id = ?`),
    };
  }

  stepStarted(s: StepStart): void {
    this.#push(() => this.#stmt.stepStart.run(s));
  }

  attemptStarted(runId: string, seq: number, attempt: number): void {
    this.#push(() => this.#stmt.stepAttempt.run(attempt, runId, seq));
  }

  attemptFailed(
    runId: string,
    seq: number,
    attempt: number,
    failures: number,
    errorJson: string,
    startedAt: number,
    at: number,
  ): void {
    this.#push(() => {
      this.#stmt.attemptError.run(runId, seq, attempt, errorJson, startedAt, at);
      this.#stmt.failures.run(failures, runId, seq);
    });
  }

  stepEnded(e: StepEnd): void {
    this.#push(() => this.#stmt.stepEnd.run(e));
  }

  heartbeat(runId: string, seq: number, detailsJson: string): void {
    this.#push(() => this.#stmt.heartbeat.run(detailsJson, runId, seq));
  }

  progress(runId: string, json: string, at: number): void {
    this.#push(() => this.#stmt.progress.run(json, at, runId));
  }

  /** Any other write that must be ordered with the journal (run status changes). */
  write(op: Op): void {
    this.#push(op);
  }

  /** Resolves once every write queued so far is committed. */
  commit(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the workflow engine is closed'));
    if (this.#ops.length === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#schedule();
    });
  }

  /** Commits synchronously (shutdown, tests). */
  flushNow(): void {
    this.#flush();
  }

  /** Drops later writes: steps abandoned by a closing engine must not touch a closed database. */
  close(): void {
    this.#closed = true;
    this.#ops = [];
  }

  #push(op: Op): void {
    if (this.#closed) return;
    this.#ops.push(op);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const ops = this.#ops;
    const waiters = this.#waiters;
    this.#ops = [];
    this.#waiters = [];
    try {
      if (ops.length > 0) {
        this.db.transaction(() => {
          for (const op of ops) op();
        })();
      }
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  }
}
