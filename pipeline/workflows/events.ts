// Typed event stream of the local engine (runs, steps, progress) for the CLI renderer and the UI.
import { EventEmitter, on } from 'node:events';
import type { ProgressUpdate, SerializedError } from './types.ts';

interface Base {
  runId: string;
  rootRunId: string;
  workflow: string;
  /** Epoch ms. */
  at: number;
}

export type WorkflowEvent =
  | (Base & { type: 'run.started'; resumed: boolean })
  | (Base & { type: 'run.finished'; durationMs: number })
  | (Base & { type: 'run.failed'; error: SerializedError })
  | (Base & { type: 'run.cancelled' })
  | (Base & {
      type: 'step.started';
      seq: number;
      kind: 'activity' | 'child' | 'sleep';
      name: string;
      attempt: number;
    })
  | (Base & {
      type: 'step.finished';
      seq: number;
      name: string;
      durationMs: number;
      rowsWritten: number | null;
    })
  | (Base & { type: 'step.failed'; seq: number; name: string; error: SerializedError })
  | (Base & {
      type: 'step.retrying';
      seq: number;
      name: string;
      attempt: number;
      nextAttemptInMs: number;
      error: SerializedError;
    })
  | (Base & { type: 'progress'; seq: number | null; name: string | null } & ProgressUpdate);

export type WorkflowEventType = WorkflowEvent['type'];
export type EventOf<T extends WorkflowEventType> = Extract<WorkflowEvent, { type: T }>;

export class WorkflowEvents {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  emit(event: WorkflowEvent): void {
    this.#emitter.emit('event', event);
  }

  /** Every event; returns an unsubscribe function. */
  onAny(listener: (event: WorkflowEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  on<T extends WorkflowEventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    return this.onAny((e) => {
      if (e.type === type) listener(e as EventOf<T>);
    });
  }

  /** Async iteration over events of one run tree (or all); ends when `signal` aborts. */
  async *stream(options: { rootRunId?: string; signal?: AbortSignal } = {}): AsyncGenerator<WorkflowEvent> {
    try {
      for await (const [event] of on(this.#emitter, 'event', { signal: options.signal })) {
        const e = event as WorkflowEvent;
        if (!options.rootRunId || e.rootRunId === options.rootRunId) yield e;
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  }
}
