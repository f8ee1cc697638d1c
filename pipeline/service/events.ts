// The typed event stream the UI follows: the workflow engine's run/step/progress events, plus a
// few service-level notifications. Browser-safe (type-only imports).
import type { WorkflowEvent } from '../workflows/events.ts';

export type { WorkflowEvent };

export type ServiceEvent =
  | { kind: 'workflow'; event: WorkflowEvent }
  /** Sources were added, changed or removed (another window may be showing them). */
  | { kind: 'sources.changed' }
  | { kind: 'settings.changed' }
  /** Schedules were saved or removed. */
  | { kind: 'schedules.changed' }
  /** An analyst triaged alerts (any window's alert lists and counts are stale). */
  | { kind: 'alerts.changed'; alertIds: string[] };

export type ServiceEventListener = (event: ServiceEvent) => void;

/** Drops stack traces before events leave the process: the UI shows messages, not internals. */
export function publicWorkflowEvent(event: WorkflowEvent): WorkflowEvent {
  if (!('error' in event)) return event;
  const { stack: _stack, ...error } = event.error;
  return { ...event, error } as WorkflowEvent;
}
