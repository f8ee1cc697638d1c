// Journal rows of one run, loaded before (re)starting it, and how to turn them back into values.
import {
  ActivityFailedError,
  CancelledError,
  ChildWorkflowFailedError,
  deserializeError,
} from '../errors.ts';
import type { SerializedError } from '../types.ts';
import type { Db } from './schema.ts';
import type { StepKind } from './run-journal.ts';

export interface JournalStep {
  seq: number;
  kind: StepKind;
  name: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  result_json: string | null;
  error_json: string | null;
  attempts: number;
  failures: number;
  heartbeat_json: string | null;
  fire_at: number | null;
  child_run_id: string | null;
  delivery_group: number | null;
  completion_order: number | null;
  started_at: number;
}

export interface LoadedJournal {
  steps: Map<number, JournalStep>;
  /** Completed steps grouped as they were delivered to the workflow, in delivery order. */
  groups: JournalStep[][];
  lastGroup: number;
  lastOrder: number;
}

export function loadJournal(db: Db, runId: string): LoadedJournal {
  const rows = db.prepare(`SELECT * FROM wf_steps WHERE run_id = ? ORDER BY seq`).all(runId) as JournalStep[];
  const steps = new Map(rows.map((r) => [r.seq, r]));
  const delivered = rows
    .filter((r) => r.delivery_group !== null)
    .sort((a, b) => (a.completion_order ?? 0) - (b.completion_order ?? 0));
  const groups: JournalStep[][] = [];
  let current: JournalStep[] = [];
  for (const row of delivered) {
    if (current.length > 0 && current[0]?.delivery_group !== row.delivery_group) {
      groups.push(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) groups.push(current);
  return {
    steps,
    groups,
    lastGroup: Math.max(0, ...delivered.map((r) => r.delivery_group ?? 0)),
    lastOrder: Math.max(0, ...delivered.map((r) => r.completion_order ?? 0)),
  };
}

export const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
export const fromJson = (json: string | null): unknown => (json === null ? undefined : JSON.parse(json));

/** The error a workflow sees for a failed step: the same live and on replay. */
export function stepError(
  kind: StepKind,
  name: string,
  childRunId: string | null,
  status: string,
  error: SerializedError,
): Error {
  if (status === 'cancelled' || error.name === 'CancelledError') return new CancelledError(error.message);
  if (kind === 'activity') return new ActivityFailedError(name, error);
  if (kind === 'child') return new ChildWorkflowFailedError(name, childRunId ?? '?', error);
  return deserializeError(error);
}
