// The local, SQLite-durable workflow engine: starts runs, resumes orphaned ones, cancels, and owns
// the per-queue concurrency limits, the event stream and the schedules.
import { randomBytes } from 'node:crypto';
import { Registry } from '../define.ts';
import { WorkflowEvents } from '../events.ts';
import { deserializeError } from '../errors.ts';
import type { AnyActivityDef, AnyWorkflowDef, WorkflowDef } from '../types.ts';
import { JournalWriter } from './journal.ts';
import { isOwnerAlive, LEASE_MS, makeOwnerId } from './owner.ts';
import { fromJson, toJson } from './replay-journal.ts';
import { RunExecutor, type RunOutcome, type RunRecord } from './run-executor.ts';
import {
  RunJournal,
  type CancelOutcome,
  type ListRunsFilter,
  type RunDetail,
  type RunSummary,
} from './run-journal.ts';
import { openStateDb, type Db } from './schema.ts';
import { Scheduler } from './scheduler.ts';
import { Semaphore } from './semaphore.ts';
import type { EngineServices } from './services.ts';

export interface EngineOptions {
  /** The workspace SQLite state file (`<home>/state.sqlite`). */
  statePath: string;
  workflows?: Iterable<AnyWorkflowDef>;
  activities?: Iterable<AnyActivityDef>;
  /** Concurrent activity attempts per task queue; queues not listed get `defaultConcurrency`. */
  queues?: Record<string, number>;
  defaultConcurrency?: number;
  /** Clock for ctx.now(), timings and schedules (tests inject one). */
  now?: () => number;
  /** How often cancel requests from other processes (the CLI) are picked up. */
  cancelPollMs?: number;
}

export interface RunHandle<O = unknown> {
  readonly runId: string;
  /** Settles with the terminal state; never rejects for a failed run. */
  outcome(): Promise<RunOutcome>;
  /** The workflow's result, or rejects with its (rebuilt) error. */
  result(): Promise<O>;
}

export interface ResumeReport {
  resumed: RunHandle[];
  skipped: Array<{ runId: string; reason: string }>;
}

interface RunRow {
  run_id: string;
  workflow: string;
  status: string;
  input_json: string | null;
  result_json: string | null;
  error_json: string | null;
  root_run_id: string;
  parent_run_id: string | null;
  owner: string | null;
  lease_until: number | null;
  cancel_requested: number;
}

export function newRunId(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export class WorkflowEngine {
  readonly events = new WorkflowEvents();
  readonly journal: RunJournal;
  readonly schedules: Scheduler;
  readonly workflows: Registry<AnyWorkflowDef>;
  readonly activities: Registry<AnyActivityDef>;
  readonly ownerId = makeOwnerId();
  readonly #db: Db;
  readonly #writer: JournalWriter;
  readonly #executors = new Map<string, RunExecutor>();
  readonly #semaphores = new Map<string, Semaphore>();
  readonly #options: EngineOptions;
  readonly #now: () => number;
  readonly #poll: NodeJS.Timeout;
  #lastLeaseRenewal = 0;
  #closed = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#db = openStateDb(options.statePath);
    this.#writer = new JournalWriter(this.#db);
    this.journal = new RunJournal(this.#db);
    this.workflows = new Registry(options.workflows);
    this.activities = new Registry(options.activities);
    this.schedules = new Scheduler(
      this.#db,
      this.#now,
      (name) => this.workflows.get(name),
      (def, input, scheduleId) => this.start(def as WorkflowDef<unknown, unknown>, input, { scheduleId }),
    );
    this.#poll = setInterval(() => this.#pollOwnedRuns(), options.cancelPollMs ?? 500);
    this.#poll.unref();
  }

  async start<I, O>(
    def: WorkflowDef<I, O>,
    input: I,
    options: { runId?: string; scheduleId?: string } = {},
  ): Promise<RunHandle<O>> {
    this.#assertOpen();
    this.workflows.add(def as unknown as AnyWorkflowDef);
    const now = this.#now();
    const runId = options.runId ?? newRunId(now);
    const inputJson = toJson(input);
    this.#insertRun(runId, def.name, inputJson, null, null, runId, options.scheduleId ?? null, now);
    await this.#writer.commit();
    this.#launch({
      runId,
      rootRunId: runId,
      parentRunId: null,
      def: def as unknown as AnyWorkflowDef,
      input: fromJson(inputJson),
      resumed: false,
    });
    return this.handle<O>(runId);
  }

  /**
   * Continues every unfinished top-level run whose owning process is gone (children are resumed by
   * their parents' replay). Finished steps are answered from the journal and not re-run.
   */
  async resume(): Promise<ResumeReport> {
    this.#assertOpen();
    const report: ResumeReport = { resumed: [], skipped: [] };
    const rows = this.#db
      .prepare(`SELECT * FROM wf_runs WHERE status = 'running' AND parent_run_id IS NULL ORDER BY created_at`)
      .all() as RunRow[];
    const now = this.#now();
    for (const row of rows) {
      if (this.#executors.has(row.run_id)) continue;
      if (row.owner !== this.ownerId && isOwnerAlive(row.owner, row.lease_until)) {
        report.skipped.push({ runId: row.run_id, reason: `still running in another process (${row.owner})` });
        continue;
      }
      const def = this.workflows.get(row.workflow);
      if (!def) {
        report.skipped.push({
          runId: row.run_id,
          reason: `workflow "${row.workflow}" is not registered in this process`,
        });
        continue;
      }
      if (!this.#claim(row, now)) continue;
      if (row.cancel_requested) {
        this.journal.markCancelledTree(row.run_id, now);
        continue;
      }
      this.#launch({
        runId: row.run_id,
        rootRunId: row.root_run_id,
        parentRunId: null,
        def,
        input: fromJson(row.input_json),
        resumed: true,
      });
      report.resumed.push(this.handle(row.run_id));
    }
    return report;
  }

  async cancel(runId: string): Promise<CancelOutcome> {
    this.#assertOpen();
    const outcome = this.journal.requestCancel(
      runId,
      (owner, lease) => owner === this.ownerId || isOwnerAlive(owner, lease),
      this.#now(),
    );
    this.#executors.get(runId)?.cancel();
    return outcome;
  }

  handle<O = unknown>(runId: string): RunHandle<O> {
    const outcome = (): Promise<RunOutcome> => {
      const live = this.#executors.get(runId);
      if (live) return live.done;
      const row = this.#db.prepare(`SELECT * FROM wf_runs WHERE run_id = ?`).get(runId) as RunRow | undefined;
      if (!row) return Promise.reject(new Error(`no run ${runId} in the journal`));
      if (row.status === 'completed')
        return Promise.resolve({ runId, status: 'completed', result: fromJson(row.result_json) });
      if (row.status === 'failed' || row.status === 'cancelled') {
        return Promise.resolve({ runId, status: row.status, error: JSON.parse(row.error_json ?? '{}') });
      }
      return Promise.reject(
        new Error(`run ${runId} is not running in this process; resume it with \`hotpot runs resume\``),
      );
    };
    return {
      runId,
      outcome,
      result: async () => {
        const o = await outcome();
        if (o.status === 'completed') return o.result as O;
        throw deserializeError(o.error);
      },
    };
  }

  list(filter?: ListRunsFilter): RunSummary[] {
    return this.journal.list(filter);
  }

  show(runId: string): RunDetail | undefined {
    return this.journal.show(runId);
  }

  activeRunIds(): string[] {
    return [...this.#executors.keys()];
  }

  /** Stops without failing anything: unfinished runs stay resumable by the next engine. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.schedules.stop();
    clearInterval(this.#poll);
    for (const exec of this.#executors.values()) exec.stop();
    this.#executors.clear();
    this.#writer.flushNow();
    this.#writer.close();
    this.#db
      .prepare(`UPDATE wf_runs SET owner = NULL WHERE owner = ? AND status = 'running'`)
      .run(this.ownerId);
    this.#db.close();
  }

  #services(): EngineServices {
    return {
      db: this.#db,
      writer: this.#writer,
      events: this.events,
      activities: this.activities,
      now: this.#now,
      semaphore: (queue) => this.#semaphore(queue),
      runChild: (record, parentSeq) => this.#runChild(record, parentSeq),
      cancelChildren: (parentRunId) => {
        for (const exec of this.#executors.values()) {
          if (exec.record.parentRunId !== parentRunId) continue;
          this.#writer.write(() =>
            this.#db
              .prepare(`UPDATE wf_runs SET cancel_requested = 1 WHERE run_id = ?`)
              .run(exec.record.runId),
          );
          exec.cancel();
        }
      },
      finishRun: (o, at) =>
        this.#writer.write(() => {
          this.#db
            .prepare(
              `UPDATE wf_runs SET status = ?, result_json = ?, error_json = ?, finished_at = ?, updated_at = ?, owner = NULL
               WHERE run_id = ?`,
            )
            .run(
              o.status,
              o.status === 'completed' ? toJson(o.result) : null,
              o.status === 'completed' ? null : JSON.stringify(o.error),
              at,
              at,
              o.runId,
            );
          // Steps the workflow did not wait for end with the run.
          this.#db
            .prepare(
              `UPDATE wf_steps SET status = 'cancelled', finished_at = ? WHERE run_id = ? AND status = 'running'`,
            )
            .run(at, o.runId);
        }),
    };
  }

  #runChild(record: RunRecord, parentSeq: number): Promise<RunOutcome> {
    const live = this.#executors.get(record.runId);
    if (live) return live.done;
    const row = this.#db.prepare(`SELECT * FROM wf_runs WHERE run_id = ?`).get(record.runId) as
      RunRow | undefined;
    if (row?.status === 'completed')
      return Promise.resolve({ runId: record.runId, status: 'completed', result: fromJson(row.result_json) });
    if (row && (row.status === 'failed' || row.status === 'cancelled')) {
      return Promise.resolve({
        runId: record.runId,
        status: row.status,
        error: JSON.parse(row.error_json ?? '{}'),
      });
    }
    const now = this.#now();
    if (row) this.#claim(row, now, true);
    else
      this.#insertRun(
        record.runId,
        record.def.name,
        toJson(record.input),
        record.parentRunId,
        parentSeq,
        record.rootRunId,
        null,
        now,
      );
    return this.#launch({ ...record, resumed: row !== undefined }).done;
  }

  #launch(record: RunRecord): RunExecutor {
    const exec = new RunExecutor(this.#services(), record);
    this.#executors.set(record.runId, exec);
    void exec.run().finally(() => {
      if (this.#executors.get(record.runId) === exec) this.#executors.delete(record.runId);
    });
    return exec;
  }

  #insertRun(
    runId: string,
    workflow: string,
    inputJson: string | null,
    parentRunId: string | null,
    parentSeq: number | null,
    rootRunId: string,
    scheduleId: string | null,
    now: number,
  ): void {
    const owner = this.ownerId;
    this.#writer.write(() =>
      this.#db
        .prepare(
          `INSERT INTO wf_runs (run_id, workflow, status, input_json, parent_run_id, parent_seq, root_run_id, schedule_id, owner, lease_until, created_at, updated_at)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          runId,
          workflow,
          inputJson,
          parentRunId,
          parentSeq,
          rootRunId,
          scheduleId,
          owner,
          now + LEASE_MS,
          now,
          now,
        ),
    );
  }

  /** Compare-and-set on the previous owner, so two resuming processes cannot both take a run. */
  #claim(row: RunRow, now: number, force = false): boolean {
    const sql = force
      ? `UPDATE wf_runs SET owner = ?, lease_until = ?, updated_at = ? WHERE run_id = ?`
      : `UPDATE wf_runs SET owner = ?, lease_until = ?, updated_at = ? WHERE run_id = ? AND status = 'running' AND owner IS ?`;
    const args: unknown[] = [this.ownerId, now + LEASE_MS, now, row.run_id];
    if (!force) args.push(row.owner);
    this.#writer.flushNow();
    return this.#db.prepare(sql).run(...args).changes === 1;
  }

  #semaphore(queue: string): Semaphore {
    let s = this.#semaphores.get(queue);
    if (!s) {
      s = new Semaphore(this.#options.queues?.[queue] ?? this.#options.defaultConcurrency ?? 8);
      this.#semaphores.set(queue, s);
    }
    return s;
  }

  /** Picks up cancel requests made by other processes and renews the lease of owned runs. */
  #pollOwnedRuns(): void {
    if (this.#closed || this.#executors.size === 0) return;
    const now = this.#now();
    const ids = this.#db
      .prepare(`SELECT run_id FROM wf_runs WHERE owner = ? AND status = 'running' AND cancel_requested = 1`)
      .pluck()
      .all(this.ownerId) as string[];
    for (const id of ids) {
      const exec = this.#executors.get(id);
      if (exec && !exec.cancelRequested) exec.cancel();
    }
    if (now - this.#lastLeaseRenewal > LEASE_MS / 3) {
      this.#lastLeaseRenewal = now;
      this.#db
        .prepare(`UPDATE wf_runs SET lease_until = ? WHERE owner = ? AND status = 'running'`)
        .run(now + LEASE_MS, this.ownerId);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the workflow engine is closed');
  }
}
