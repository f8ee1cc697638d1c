// Read side of the journal (list, show) plus cancel requests; used by the engine, the CLI and the UI.
import { openStateDb, type Db } from './schema.ts';
import type { ProgressUpdate, SerializedError } from '../types.ts';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';
export type StepKind = 'activity' | 'child' | 'sleep' | 'now';

export interface RunSummary {
  runId: string;
  workflow: string;
  status: RunStatus;
  parentRunId: string | null;
  rootRunId: string;
  scheduleId: string | null;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  cancelRequested: boolean;
  stepsFinished: number;
  stepsTotal: number;
  rowsWritten: number;
  error: SerializedError | null;
  progress: ProgressUpdate | null;
}

export interface AttemptError {
  attempt: number;
  startedAt: string;
  failedAt: string;
  error: SerializedError;
}

export interface StepDetail {
  seq: number;
  kind: StepKind;
  name: string;
  taskQueue: string | null;
  status: RunStatus;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  rowsWritten: number | null;
  childRunId: string | null;
  error: SerializedError | null;
  attemptErrors: AttemptError[];
}

export interface RunDetail extends RunSummary {
  input: unknown;
  result: unknown;
  steps: StepDetail[];
  children: RunSummary[];
}

export interface ListRunsFilter {
  status?: RunStatus;
  limit?: number;
  /** Include child runs (default: roots only). */
  includeChildren?: boolean;
}

export type CancelOutcome =
  | { state: 'not-found' }
  | { state: 'already-finished'; status: RunStatus }
  /** A live engine owns the run; it sees the request within its poll interval. */
  | { state: 'requested' }
  /** Nobody runs it (process gone): marked cancelled directly, with its unfinished children. */
  | { state: 'cancelled' };

interface RunRow {
  run_id: string;
  workflow: string;
  status: RunStatus;
  input_json: string | null;
  result_json: string | null;
  error_json: string | null;
  parent_run_id: string | null;
  root_run_id: string;
  schedule_id: string | null;
  owner: string | null;
  lease_until: number | null;
  cancel_requested: number;
  progress_json: string | null;
  created_at: number;
  finished_at: number | null;
  steps_finished: number;
  steps_total: number;
  rows_written: number | null;
}

interface StepRow {
  run_id: string;
  seq: number;
  kind: StepKind;
  name: string;
  task_queue: string | null;
  status: RunStatus;
  error_json: string | null;
  attempts: number;
  started_at: number;
  finished_at: number | null;
  rows_written: number | null;
  child_run_id: string | null;
}

const SUMMARY_SQL = `
  SELECT r.*,
    (SELECT count(*) FROM wf_steps s WHERE s.run_id = r.run_id AND s.kind <> 'now' AND s.status <> 'running') AS steps_finished,
    (SELECT count(*) FROM wf_steps s WHERE s.run_id = r.run_id AND s.kind <> 'now') AS steps_total,
    (SELECT sum(rows_written) FROM wf_steps s WHERE s.run_id = r.run_id) AS rows_written
  FROM wf_runs r`;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));

function summary(r: RunRow): RunSummary {
  return {
    runId: r.run_id,
    workflow: r.workflow,
    status: r.status,
    parentRunId: r.parent_run_id,
    rootRunId: r.root_run_id,
    scheduleId: r.schedule_id,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: iso(r.finished_at),
    durationMs: r.finished_at === null ? null : r.finished_at - r.created_at,
    cancelRequested: r.cancel_requested === 1,
    stepsFinished: r.steps_finished,
    stepsTotal: r.steps_total,
    rowsWritten: r.rows_written ?? 0,
    error: parse<SerializedError>(r.error_json),
    progress: parse<ProgressUpdate>(r.progress_json),
  };
}

export class RunJournal {
  readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  static open(statePath: string): RunJournal {
    return new RunJournal(openStateDb(statePath));
  }

  list(filter: ListRunsFilter = {}): RunSummary[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (!filter.includeChildren) where.push('r.parent_run_id IS NULL');
    if (filter.status) {
      where.push('r.status = ?');
      args.push(filter.status);
    }
    const sql = `${SUMMARY_SQL} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.created_at DESC, r.run_id LIMIT ?`;
    args.push(filter.limit ?? 50);
    return (this.db.prepare(sql).all(...args) as RunRow[]).map(summary);
  }

  show(runId: string): RunDetail | undefined {
    const row = this.db.prepare(`${SUMMARY_SQL} WHERE r.run_id = ?`).get(runId) as RunRow | undefined;
    if (!row) return undefined;
    const steps = this.db
      .prepare(`SELECT * FROM wf_steps WHERE run_id = ? AND kind <> 'now' ORDER BY seq`)
      .all(runId) as StepRow[];
    const errors = this.db
      .prepare(`SELECT * FROM wf_attempt_errors WHERE run_id = ? ORDER BY seq, attempt`)
      .all(runId) as Array<{
      seq: number;
      attempt: number;
      error_json: string;
      started_at: number;
      failed_at: number;
    }>;
    const children = this.db
      .prepare(`${SUMMARY_SQL} WHERE r.parent_run_id = ? ORDER BY r.parent_seq`)
      .all(runId) as RunRow[];
    return {
      ...summary(row),
      input: parse<unknown>(row.input_json),
      result: parse<unknown>(row.result_json),
      children: children.map(summary),
      steps: steps.map((s) => ({
        seq: s.seq,
        kind: s.kind,
        name: s.name,
        taskQueue: s.task_queue,
        status: s.status,
        attempts: s.attempts,
        startedAt: new Date(s.started_at).toISOString(),
        finishedAt: iso(s.finished_at),
        durationMs: s.finished_at === null ? null : s.finished_at - s.started_at,
        rowsWritten: s.rows_written,
        childRunId: s.child_run_id,
        error: parse<SerializedError>(s.error_json),
        attemptErrors: errors
          .filter((e) => e.seq === s.seq)
          .map((e) => ({
            attempt: e.attempt,
            startedAt: new Date(e.started_at).toISOString(),
            failedAt: new Date(e.failed_at).toISOString(),
            error: JSON.parse(e.error_json) as SerializedError,
          })),
      })),
    };
  }

  /**
   * Records a cancel request. `isOwnerAlive` decides whether a live engine will act on it; when the
   * owner is gone the run (and its unfinished descendants) is marked cancelled here.
   */
  requestCancel(
    runId: string,
    isOwnerAlive: (owner: string | null, leaseUntil: number | null) => boolean,
    now = Date.now(),
  ): CancelOutcome {
    return this.db.transaction((): CancelOutcome => {
      const row = this.db
        .prepare(`SELECT status, owner, lease_until FROM wf_runs WHERE run_id = ?`)
        .get(runId) as { status: RunStatus; owner: string | null; lease_until: number | null } | undefined;
      if (!row) return { state: 'not-found' };
      if (row.status !== 'running') return { state: 'already-finished', status: row.status };
      this.db
        .prepare(`UPDATE wf_runs SET cancel_requested = 1, updated_at = ? WHERE run_id = ?`)
        .run(now, runId);
      if (isOwnerAlive(row.owner, row.lease_until)) return { state: 'requested' };
      this.markCancelledTree(runId, now);
      return { state: 'cancelled' };
    })();
  }

  markCancelledTree(runId: string, now: number): void {
    const error = JSON.stringify({ name: 'CancelledError', message: 'the run was cancelled' });
    const ids = this.db
      .prepare(
        `WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL SELECT r.run_id FROM wf_runs r JOIN tree ON r.parent_run_id = tree.id)
         SELECT id FROM tree`,
      )
      .pluck()
      .all(runId) as string[];
    const update = this.db.prepare(
      `UPDATE wf_runs SET status = 'cancelled', cancel_requested = 1, error_json = ?, finished_at = ?, updated_at = ?, owner = NULL
       WHERE run_id = ? AND status = 'running'`,
    );
    const steps = this.db.prepare(
      `UPDATE wf_steps SET status = 'cancelled', finished_at = ? WHERE run_id = ? AND status = 'running'`,
    );
    for (const id of ids) {
      update.run(error, now, now, id);
      steps.run(now, id);
    }
  }

  close(): void {
    this.db.close();
  }
}
