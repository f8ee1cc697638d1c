// Cron schedules persisted in wf_schedules.
//
// Missed firings: when the app was closed across several ticks, the schedule fires ONCE on start
// (not once per missed tick) and then continues from the current time. Collections are snapshots:
// replaying five missed hourly ingests would only fetch the same current state five times.
// Overlap: a firing is skipped while the schedule's previous run is still running (as Temporal's
// default overlap policy SKIP). The next firing time is stored before the run starts, so a crash at
// that moment loses at most that one firing and never starts it twice.
import { CronExpressionParser } from 'cron-parser';
import type { AnyWorkflowDef } from '../types.ts';
import type { Db } from './schema.ts';

export interface ScheduleSpec {
  id: string;
  workflow: AnyWorkflowDef | string;
  /** Five fields, or six with seconds first (`*\/10 * * * * *`). */
  cron: string;
  input?: unknown;
  /** IANA zone the cron fields are read in; default UTC. */
  timezone?: string;
  enabled?: boolean;
}

export interface ScheduleInfo {
  id: string;
  workflow: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  input: unknown;
  nextFireAt: string;
  lastFiredAt: string | null;
  lastRunId: string | null;
}

export interface FireResult {
  scheduleId: string;
  runId: string | null;
  skipped?: string;
}

interface Row {
  schedule_id: string;
  workflow: string;
  input_json: string | null;
  cron: string;
  timezone: string;
  enabled: number;
  next_fire_at: number;
  last_fired_at: number | null;
  last_run_id: string | null;
}

export function nextFireAfter(cron: string, timezone: string, after: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(after), tz: timezone })
    .next()
    .getTime();
}

export class Scheduler {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #lookup: (name: string) => AnyWorkflowDef | undefined;
  readonly #start: (def: AnyWorkflowDef, input: unknown, scheduleId: string) => Promise<{ runId: string }>;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(
    db: Db,
    now: () => number,
    lookup: (name: string) => AnyWorkflowDef | undefined,
    start: (def: AnyWorkflowDef, input: unknown, scheduleId: string) => Promise<{ runId: string }>,
  ) {
    this.#db = db;
    this.#now = now;
    this.#lookup = lookup;
    this.#start = start;
  }

  upsert(spec: ScheduleSpec): ScheduleInfo {
    const timezone = spec.timezone ?? 'UTC';
    const workflow = typeof spec.workflow === 'string' ? spec.workflow : spec.workflow.name;
    let next: number;
    try {
      next = nextFireAfter(spec.cron, timezone, this.#now());
    } catch (error) {
      throw new Error(
        `schedule ${spec.id}: invalid cron expression "${spec.cron}" (${(error as Error).message})`,
        { cause: error },
      );
    }
    this.#db
      .prepare(
        `INSERT INTO wf_schedules (schedule_id, workflow, input_json, cron, timezone, enabled, next_fire_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (schedule_id) DO UPDATE SET workflow = excluded.workflow, input_json = excluded.input_json,
           cron = excluded.cron, timezone = excluded.timezone, enabled = excluded.enabled, next_fire_at = excluded.next_fire_at`,
      )
      .run(
        spec.id,
        workflow,
        JSON.stringify(spec.input ?? null),
        spec.cron,
        timezone,
        spec.enabled === false ? 0 : 1,
        next,
        this.#now(),
      );
    this.#rearm();
    return this.get(spec.id) as ScheduleInfo;
  }

  remove(id: string): boolean {
    return this.#db.prepare(`DELETE FROM wf_schedules WHERE schedule_id = ?`).run(id).changes === 1;
  }

  get(id: string): ScheduleInfo | undefined {
    const row = this.#db.prepare(`SELECT * FROM wf_schedules WHERE schedule_id = ?`).get(id) as
      Row | undefined;
    return row && info(row);
  }

  list(): ScheduleInfo[] {
    return (this.#db.prepare(`SELECT * FROM wf_schedules ORDER BY schedule_id`).all() as Row[]).map(info);
  }

  /** Fires due schedules now (including ones missed while closed), then keeps firing until stop(). */
  start(options: { pollMs?: number } = {}): void {
    this.#running = true;
    this.#pollMs = options.pollMs ?? 1_000;
    void this.#loop();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  /** Fires every schedule that is due; exposed for tests and for one-shot CLI use. */
  async tick(): Promise<FireResult[]> {
    const now = this.#now();
    const due = this.#db
      .prepare(`SELECT * FROM wf_schedules WHERE enabled = 1 AND next_fire_at <= ? ORDER BY next_fire_at`)
      .all(now) as Row[];
    const results: FireResult[] = [];
    for (const row of due) {
      this.#db
        .prepare(`UPDATE wf_schedules SET next_fire_at = ? WHERE schedule_id = ?`)
        .run(nextFireAfter(row.cron, row.timezone, now), row.schedule_id);
      const def = this.#lookup(row.workflow);
      if (!def) {
        results.push({
          scheduleId: row.schedule_id,
          runId: null,
          skipped: `workflow "${row.workflow}" is not registered`,
        });
        continue;
      }
      const previous = row.last_run_id
        ? (this.#db.prepare(`SELECT status FROM wf_runs WHERE run_id = ?`).pluck().get(row.last_run_id) as
            string | undefined)
        : undefined;
      if (previous === 'running') {
        results.push({
          scheduleId: row.schedule_id,
          runId: null,
          skipped: `previous run ${row.last_run_id} is still running`,
        });
        continue;
      }
      const { runId } = await this.#start(def, JSON.parse(row.input_json ?? 'null'), row.schedule_id);
      this.#db
        .prepare(`UPDATE wf_schedules SET last_fired_at = ?, last_run_id = ? WHERE schedule_id = ?`)
        .run(now, runId, row.schedule_id);
      results.push({ scheduleId: row.schedule_id, runId });
    }
    return results;
  }

  #pollMs = 1_000;

  async #loop(): Promise<void> {
    if (!this.#running) return;
    try {
      await this.tick();
    } catch (error) {
      process.emitWarning(`workflow scheduler: ${(error as Error).message}`);
    }
    this.#rearm();
  }

  #rearm(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    const next = this.#db
      .prepare(`SELECT min(next_fire_at) FROM wf_schedules WHERE enabled = 1`)
      .pluck()
      .get() as number | null;
    const wait = next === null ? this.#pollMs : Math.max(0, Math.min(this.#pollMs, next - this.#now()));
    this.#timer = setTimeout(() => void this.#loop(), wait);
    this.#timer.unref();
  }
}

function info(r: Row): ScheduleInfo {
  return {
    id: r.schedule_id,
    workflow: r.workflow,
    cron: r.cron,
    timezone: r.timezone,
    enabled: r.enabled === 1,
    input: JSON.parse(r.input_json ?? 'null'),
    nextFireAt: new Date(r.next_fire_at).toISOString(),
    lastFiredAt: r.last_fired_at === null ? null : new Date(r.last_fired_at).toISOString(),
    lastRunId: r.last_run_id,
  };
}
