// Executes one workflow run by (re)playing its function against the journal. Every ctx call gets a
// sequence number in call order; finished steps are answered from the journal in their recorded
// delivery groups (so interleavings match the live run), unfinished ones run live. Outcomes are
// committed before the workflow sees them, and delivered one group per event-loop turn.
import { setMaxListeners } from 'node:events';
import {
  ActivityNotRegisteredError,
  CancelledError,
  deserializeError,
  NonDeterminismError,
  serializeError,
} from '../errors.ts';
import type { WorkflowEvent } from '../events.ts';
import type {
  ActivityRef,
  AnyActivityRef,
  AnyWorkflowDef,
  ProgressUpdate,
  SerializedError,
  WorkflowContext,
  WorkflowDef,
} from '../types.ts';
import { abortableDelay, executeActivity, type Outcome } from './activity-runner.ts';
import type { EngineServices } from './services.ts';
import {
  fromJson,
  loadJournal,
  stepError,
  toJson,
  type JournalStep,
  type LoadedJournal,
} from './replay-journal.ts';
import type { StepKind } from './run-journal.ts';

export interface RunRecord {
  runId: string;
  rootRunId: string;
  parentRunId: string | null;
  def: AnyWorkflowDef;
  input: unknown;
  resumed: boolean;
}

export type RunOutcome =
  | { runId: string; status: 'completed'; result: unknown }
  | { runId: string; status: 'failed' | 'cancelled'; error: SerializedError };

interface Completion {
  seq: number;
  kind: StepKind;
  name: string;
  childRunId: string | null;
  startedAt: number;
  outcome: Outcome;
}

interface Deferred {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class RunExecutor {
  readonly record: RunRecord;
  readonly done: Promise<RunOutcome>;
  readonly #svc: EngineServices;
  readonly #abort = new AbortController();
  #journal: LoadedJournal;
  #seq = 0;
  readonly #pending = new Map<number, Deferred>();
  #replaying = true;
  #outbox: Completion[] = [];
  #outboxScheduled = false;
  #draining = false;
  #fatal: Deferred | undefined;
  #finished = false;
  #stopped = false;
  #cancelRequested = false;
  #resolveDone!: (o: RunOutcome) => void;

  constructor(svc: EngineServices, record: RunRecord) {
    this.#svc = svc;
    this.record = record;
    this.#journal = loadJournal(svc.db, record.runId);
    // Every live step listens on the run's signal; a wide fan-out is not a leak.
    setMaxListeners(0, this.#abort.signal);
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  get cancelRequested(): boolean {
    return this.#cancelRequested;
  }

  /** Cancels live steps (activities see their AbortSignal fire) and child runs. */
  cancel(): void {
    if (this.#finished || this.#cancelRequested) return;
    this.#cancelRequested = true;
    this.#abort.abort(new CancelledError());
    this.#svc.cancelChildren(this.record.runId);
  }

  /** Engine shutdown: stop without recording anything, so a later resume picks the run up. */
  stop(): void {
    this.#stopped = true;
    this.#finished = true;
    this.#abort.abort(new CancelledError('the engine was closed'));
  }

  async run(): Promise<void> {
    const { record } = this;
    const t0 = this.#svc.now();
    this.#emit({ type: 'run.started', resumed: record.resumed, at: t0 });
    const fatal = new Promise<never>((_, reject) => (this.#fatal = { resolve: () => undefined, reject }));
    const ctx = this.#context();
    const workflow = Promise.resolve().then(() =>
      (record.def as WorkflowDef<unknown, unknown>).fn(ctx, record.input),
    );
    // Whichever loses the race below must not surface as an unhandled rejection.
    fatal.catch(() => undefined);
    workflow.catch(() => undefined);
    void this.#replay();
    let outcome: RunOutcome;
    try {
      const value = await Promise.race([workflow, fatal]);
      const json = toJson(value);
      outcome = { runId: record.runId, status: 'completed', result: fromJson(json ?? null) };
    } catch (error) {
      const cancelled = this.#cancelRequested && !(error instanceof NonDeterminismError);
      outcome = {
        runId: record.runId,
        status: cancelled ? 'cancelled' : 'failed',
        error: serializeError(error),
      };
    }
    if (this.#stopped) return;
    this.#finished = true;
    this.#svc.finishRun(outcome, this.#svc.now());
    await this.#svc.writer.commit();
    // Steps the workflow left running (not awaited) are abandoned with the run.
    this.#abort.abort(new CancelledError('the run finished'));
    const at = this.#svc.now();
    if (outcome.status === 'completed') this.#emit({ type: 'run.finished', durationMs: at - t0, at });
    else if (outcome.status === 'cancelled') this.#emit({ type: 'run.cancelled', at });
    else this.#emit({ type: 'run.failed', error: outcome.error, at });
    this.#resolveDone(outcome);
  }

  #context(): WorkflowContext {
    return {
      runId: this.record.runId,
      workflowName: this.record.def.name,
      activity: <I, O>(ref: ActivityRef<I, O>, input: I) => this.#activity(ref, input) as Promise<O>,
      child: <I, O>(def: WorkflowDef<I, O>, input: I) => this.#child(def, input) as Promise<O>,
      sleep: (ms: number) => this.#sleep(ms) as Promise<void>,
      now: () => this.#now(),
      progress: (update: ProgressUpdate) => this.#progress(null, null, update),
    };
  }

  /** Assigns the next sequence number and checks it against the journal. */
  #next(kind: StepKind, name: string): { seq: number; journaled: JournalStep | undefined } {
    const seq = ++this.#seq;
    const journaled = this.#journal.steps.get(seq);
    if (journaled && (journaled.kind !== kind || journaled.name !== name)) {
      const error = new NonDeterminismError(
        `run ${this.record.runId} step ${seq}: the journal has ${journaled.kind} "${journaled.name}" but the ` +
          `workflow now asks for ${kind} "${name}"; workflow code changed or is not deterministic`,
      );
      this.#fatal?.reject(error);
      throw error;
    }
    return { seq, journaled };
  }

  #wait(seq: number): Promise<unknown> {
    return new Promise((resolve, reject) => this.#pending.set(seq, { resolve, reject }));
  }

  #activity(ref: AnyActivityRef, input: unknown): Promise<unknown> {
    if (this.#cancelRequested) return Promise.reject(new CancelledError());
    const { seq, journaled } = this.#next('activity', ref.name);
    const promise = this.#wait(seq);
    if (journaled && journaled.status !== 'running') return promise;
    const svc = this.#svc;
    const startedAt = journaled?.started_at ?? svc.now();
    const inputJson = toJson(input);
    if (!journaled) {
      svc.writer.stepStarted({
        runId: this.record.runId,
        seq,
        kind: 'activity',
        name: ref.name,
        taskQueue: ref.options.taskQueue,
        inputJson,
        attempts: 0,
        fireAt: null,
        childRunId: null,
        startedAt,
      });
    }
    const complete = (outcome: Outcome): void =>
      this.#complete({ seq, kind: 'activity', name: ref.name, childRunId: null, startedAt, outcome });
    const def = svc.activities.get(ref.name);
    if (!def) {
      complete({
        ok: false,
        error: new ActivityNotRegisteredError(ref.name, ref.options.taskQueue),
        cancelled: false,
      });
      return promise;
    }
    const runId = this.record.runId;
    void executeActivity({
      def,
      runId,
      runSignal: this.#abort.signal,
      semaphore: svc.semaphore(def.options.taskQueue),
      // Journaled input, not the live object: a retry or resume sees exactly what was recorded.
      input: fromJson(inputJson),
      previousAttempts: journaled?.attempts ?? 0,
      previousFailures: journaled?.failures ?? 0,
      heartbeatDetails: fromJson(journaled?.heartbeat_json ?? null),
      now: svc.now,
      hooks: {
        onAttemptStart: (attempt, at) => {
          svc.writer.attemptStarted(runId, seq, attempt);
          this.#emit({ type: 'step.started', seq, kind: 'activity', name: ref.name, attempt, at });
        },
        onAttemptFailed: (attempt, failures, error, attemptStartedAt, retryInMs) => {
          const at = svc.now();
          svc.writer.attemptFailed(
            runId,
            seq,
            attempt,
            failures,
            JSON.stringify(error),
            attemptStartedAt,
            at,
          );
          if (retryInMs !== null) {
            this.#emit({
              type: 'step.retrying',
              seq,
              name: ref.name,
              attempt,
              nextAttemptInMs: retryInMs,
              error,
              at,
            });
          }
        },
        onHeartbeat: (details) => svc.writer.heartbeat(runId, seq, JSON.stringify(details ?? null)),
        onProgress: (update) => this.#progress(seq, ref.name, update),
      },
    }).then(complete);
    return promise;
  }

  #child(def: AnyWorkflowDef, input: unknown): Promise<unknown> {
    if (this.#cancelRequested) return Promise.reject(new CancelledError());
    const { seq, journaled } = this.#next('child', def.name);
    const promise = this.#wait(seq);
    if (journaled && journaled.status !== 'running') return promise;
    const svc = this.#svc;
    const childRunId = `${this.record.runId}.${seq}`;
    const startedAt = journaled?.started_at ?? svc.now();
    const inputJson = toJson(input);
    if (!journaled) {
      svc.writer.stepStarted({
        runId: this.record.runId,
        seq,
        kind: 'child',
        name: def.name,
        taskQueue: null,
        inputJson,
        attempts: 1,
        fireAt: null,
        childRunId,
        startedAt,
      });
    }
    this.#emit({ type: 'step.started', seq, kind: 'child', name: def.name, attempt: 1, at: startedAt });
    void svc
      .runChild(
        {
          runId: childRunId,
          rootRunId: this.record.rootRunId,
          parentRunId: this.record.runId,
          def,
          input: fromJson(inputJson),
          resumed: journaled !== undefined,
        },
        seq,
      )
      .then((o): Outcome =>
        o.status === 'completed'
          ? { ok: true, value: o.result }
          : { ok: false, error: deserializeError(o.error), cancelled: o.status === 'cancelled' },
      )
      .then((outcome) =>
        this.#complete({ seq, kind: 'child', name: def.name, childRunId, startedAt, outcome }),
      );
    return promise;
  }

  #sleep(ms: number): Promise<unknown> {
    if (this.#cancelRequested) return Promise.reject(new CancelledError());
    const { seq, journaled } = this.#next('sleep', 'sleep');
    const promise = this.#wait(seq);
    if (journaled && journaled.status !== 'running') return promise;
    const svc = this.#svc;
    const startedAt = journaled?.started_at ?? svc.now();
    const fireAt = journaled?.fire_at ?? startedAt + ms;
    if (!journaled) {
      svc.writer.stepStarted({
        runId: this.record.runId,
        seq,
        kind: 'sleep',
        name: 'sleep',
        taskQueue: null,
        inputJson: String(ms),
        attempts: 1,
        fireAt,
        childRunId: null,
        startedAt,
      });
    }
    const complete = (outcome: Outcome): void =>
      this.#complete({ seq, kind: 'sleep', name: 'sleep', childRunId: null, startedAt, outcome });
    abortableDelay(Math.max(0, fireAt - svc.now()), this.#abort.signal).then(
      () => complete({ ok: true, value: undefined }),
      (error: unknown) => complete({ ok: false, error, cancelled: true }),
    );
    return promise;
  }

  #now(): number {
    const { seq, journaled } = this.#next('now', 'now');
    if (journaled) return fromJson(journaled.result_json) as number;
    const value = this.#svc.now();
    const runId = this.record.runId;
    this.#svc.writer.stepStarted({
      runId,
      seq,
      kind: 'now',
      name: 'now',
      taskQueue: null,
      inputJson: null,
      attempts: 1,
      fireAt: null,
      childRunId: null,
      startedAt: value,
    });
    this.#svc.writer.stepEnded({
      runId,
      seq,
      status: 'completed',
      resultJson: String(value),
      errorJson: null,
      rowsWritten: null,
      deliveryGroup: null,
      completionOrder: null,
      finishedAt: value,
    });
    return value;
  }

  #progress(seq: number | null, name: string | null, update: ProgressUpdate): void {
    // Progress already reported before a crash is not re-announced while replaying.
    if (this.#finished || (this.#replaying && seq === null)) return;
    const at = this.#svc.now();
    this.#svc.writer.progress(this.record.runId, JSON.stringify(update), at);
    this.#emit({ type: 'progress', seq, name, ...update, at });
  }

  #complete(c: Completion): void {
    if (this.#finished) return;
    this.#outbox.push(c);
    this.#scheduleOutbox();
  }

  #scheduleOutbox(): void {
    if (this.#replaying || this.#draining || this.#outboxScheduled || this.#outbox.length === 0) return;
    this.#outboxScheduled = true;
    setImmediate(() => void this.#drainOutbox());
  }

  /** Journals one delivery group, waits for the commit, then hands the outcomes to the workflow. */
  async #drainOutbox(): Promise<void> {
    this.#outboxScheduled = false;
    if (this.#finished) return;
    const batch = this.#outbox;
    this.#outbox = [];
    this.#draining = true;
    const group = ++this.#journal.lastGroup;
    const svc = this.#svc;
    const finishedAt = svc.now();
    const rows = batch.map((c) => {
      const resultJson = c.outcome.ok ? toJson(c.outcome.value) : null;
      const error = c.outcome.ok ? null : serializeError(c.outcome.error);
      const status = c.outcome.ok ? 'completed' : c.outcome.cancelled ? 'cancelled' : 'failed';
      const rowsWritten = c.outcome.ok ? rowsWrittenOf(c.outcome.value) : null;
      svc.writer.stepEnded({
        runId: this.record.runId,
        seq: c.seq,
        status,
        resultJson,
        errorJson: error && JSON.stringify(error),
        rowsWritten,
        deliveryGroup: group,
        completionOrder: ++this.#journal.lastOrder,
        finishedAt,
      });
      return { c, resultJson, error, status, rowsWritten };
    });
    try {
      await svc.writer.commit();
    } catch (error) {
      this.#fatal?.reject(error);
      return;
    }
    if (this.#finished) return;
    for (const { c, resultJson, error, status, rowsWritten } of rows) {
      const d = this.#pending.get(c.seq);
      this.#pending.delete(c.seq);
      if (error) {
        if (c.kind !== 'sleep' || status !== 'cancelled')
          this.#emit({ type: 'step.failed', seq: c.seq, name: c.name, error, at: finishedAt });
        d?.reject(stepError(c.kind, c.name, c.childRunId, status, error));
      } else {
        this.#emit({
          type: 'step.finished',
          seq: c.seq,
          name: c.name,
          durationMs: finishedAt - c.startedAt,
          rowsWritten,
          at: finishedAt,
        });
        d?.resolve(fromJson(resultJson));
      }
    }
    this.#draining = false;
    this.#scheduleOutbox();
  }

  /** Delivers journaled outcomes group by group, letting the workflow settle between groups. */
  async #replay(): Promise<void> {
    for (const group of this.#journal.groups) {
      await turn();
      if (this.#finished) return;
      for (const step of group) {
        const d = this.#pending.get(step.seq);
        if (!d) {
          this.#fatal?.reject(
            new NonDeterminismError(
              `run ${this.record.runId}: the journal delivered step ${step.seq} (${step.kind} "${step.name}") ` +
                `but the workflow has not asked for it; workflow code changed or is not deterministic`,
            ),
          );
          return;
        }
        this.#pending.delete(step.seq);
        if (step.status === 'completed') d.resolve(fromJson(step.result_json));
        else {
          const error = JSON.parse(
            step.error_json ?? '{"name":"Error","message":"unknown"}',
          ) as SerializedError;
          d.reject(stepError(step.kind, step.name, step.child_run_id, step.status, error));
        }
      }
    }
    await turn();
    this.#replaying = false;
    this.#journal.groups = [];
    this.#scheduleOutbox();
  }

  #emit(event: DistributiveOmit<WorkflowEvent, 'runId' | 'rootRunId' | 'workflow'>): void {
    if (this.#stopped) return;
    this.#svc.events.emit({
      ...event,
      runId: this.record.runId,
      rootRunId: this.record.rootRunId,
      workflow: this.record.def.name,
    } as WorkflowEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function rowsWrittenOf(value: unknown): number | null {
  if (value && typeof value === 'object' && 'rowsWritten' in value) {
    const n = (value as { rowsWritten: unknown }).rowsWritten;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
  }
  return null;
}
