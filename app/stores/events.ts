// Live state from the service's event stream: progress of running runs, and revision counters
// that tell pages to reload after a run ends or sources change.
import { create } from 'zustand';
import type { ServiceEvent, WorkflowEvent } from '../../pipeline/service/events.ts';
import { api } from '../api/client.ts';

export interface LiveRun {
  runId: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  startedAt: number;
  updatedAt: number;
  stepsStarted: number;
  stepsFinished: number;
  rowsWritten: number;
  retries: number;
  errors: string[];
  currentStep: string | null;
  progress: { done: number; total?: number; unit?: string; message?: string } | null;
  /** Latest progress per step name (ingest listings report their own bars). */
  steps: Record<string, { done: number; total?: number; unit?: string }>;
}

interface EventsState {
  runs: Record<string, LiveRun>;
  runsRevision: number;
  sourcesRevision: number;
  /** Bumped when alerts were triaged (here or in another window). */
  alertsRevision: number;
  connected: boolean;
  apply(event: ServiceEvent): void;
}

function update(run: LiveRun, e: WorkflowEvent): LiveRun {
  const next: LiveRun = { ...run, updatedAt: e.at };
  switch (e.type) {
    case 'run.started':
      if (e.runId === e.rootRunId) next.status = 'running';
      break;
    case 'run.finished':
      if (e.runId === e.rootRunId) next.status = 'completed';
      break;
    case 'run.failed':
      if (e.runId === e.rootRunId) next.status = 'failed';
      next.errors = [...run.errors, e.error.message];
      break;
    case 'run.cancelled':
      if (e.runId === e.rootRunId) next.status = 'cancelled';
      break;
    case 'step.started':
      next.stepsStarted += 1;
      next.currentStep = e.name;
      break;
    case 'step.finished':
      next.stepsFinished += 1;
      next.rowsWritten += e.rowsWritten ?? 0;
      break;
    case 'step.failed':
      next.errors = [...run.errors, `${e.name}: ${e.error.message}`];
      break;
    case 'step.retrying':
      next.retries += 1;
      break;
    case 'progress': {
      const p = {
        done: e.done,
        ...(e.total !== undefined ? { total: e.total } : {}),
        ...(e.unit ? { unit: e.unit } : {}),
      };
      if (e.name === null && e.runId === e.rootRunId)
        next.progress = { ...p, ...(e.message ? { message: e.message } : {}) };
      else if (e.name) next.steps = { ...run.steps, [e.name]: p };
      break;
    }
  }
  return next;
}

export const useEvents = create<EventsState>((set) => ({
  runs: {},
  runsRevision: 0,
  sourcesRevision: 0,
  alertsRevision: 0,
  connected: false,
  apply(event) {
    set((s) => {
      if (event.kind === 'sources.changed') return { sourcesRevision: s.sourcesRevision + 1 };
      if (event.kind === 'alerts.changed') return { alertsRevision: s.alertsRevision + 1 };
      if (event.kind !== 'workflow') return {};
      const e = event.event;
      const base: LiveRun = s.runs[e.rootRunId] ?? {
        runId: e.rootRunId,
        status: 'running',
        startedAt: e.at,
        updatedAt: e.at,
        stepsStarted: 0,
        stepsFinished: 0,
        rowsWritten: 0,
        retries: 0,
        errors: [],
        currentStep: null,
        progress: null,
        steps: {},
      };
      const run = update(base, e);
      const ended =
        e.runId === e.rootRunId && ['run.finished', 'run.failed', 'run.cancelled'].includes(e.type);
      return {
        runs: { ...s.runs, [e.rootRunId]: run },
        runsRevision: ended || e.type === 'run.started' ? s.runsRevision + 1 : s.runsRevision,
      };
    });
  },
}));

let started = false;

/** Opens the one event subscription of this window. */
export function startEventStream(): void {
  if (started) return;
  started = true;
  api.subscribe((e) => useEvents.getState().apply(e));
  useEvents.setState({ connected: true });
}
