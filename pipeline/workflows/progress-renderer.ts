// Renders the run event stream: a one-line ANSI progress bar on stderr for terminals (plain lines
// when stderr is not a TTY), or JSON lines (one WorkflowEvent per line) for `--json` consumers.
import type { WorkflowEvent } from './events.ts';

export type RenderMode = 'bar' | 'jsonl';

export interface ProgressRenderer {
  onEvent(event: WorkflowEvent): void;
  /** Ends the bar line; call once the followed runs are done. */
  close(): void;
}

interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

interface RunState {
  workflow: string;
  started: number;
  finished: number;
  current: string;
  progress: { done: number; total?: number; unit?: string; message?: string } | null;
}

export function createProgressRenderer(
  mode: RenderMode,
  out: Writable = mode === 'bar' ? process.stderr : process.stdout,
): ProgressRenderer {
  if (mode === 'jsonl') {
    return { onEvent: (e) => void out.write(`${JSON.stringify(e)}\n`), close: () => undefined };
  }
  const tty = out.isTTY === true;
  const runs = new Map<string, RunState>();
  let drawn = false;

  const line = (s: RunState): string => {
    const total = s.progress?.total;
    const fraction = total ? Math.min(1, s.progress!.done / total) : s.started ? s.finished / s.started : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const count = total
      ? `${s.progress!.done}/${total} ${s.progress?.unit ?? ''}`.trim()
      : `${s.finished}/${s.started} steps`;
    const note = s.progress?.message ?? s.current;
    return `${s.workflow} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}${note ? `  ${note}` : ''}`;
  };
  const print = (text: string, final = false): void => {
    if (tty) {
      const cols = out.columns ?? 100;
      out.write(`\r\x1b[2K${text.slice(0, cols - 1)}${final ? '\n' : ''}`);
      drawn = !final;
    } else if (final) {
      out.write(`${text}\n`);
    }
  };

  return {
    onEvent(e) {
      const s = runs.get(e.rootRunId) ?? {
        workflow: e.workflow,
        started: 0,
        finished: 0,
        current: '',
        progress: null,
      };
      runs.set(e.rootRunId, s);
      const root = e.runId === e.rootRunId;
      switch (e.type) {
        case 'step.started':
          if (e.attempt === 1) s.started++;
          s.current = e.attempt > 1 ? `${e.name} (attempt ${e.attempt})` : e.name;
          break;
        case 'step.finished':
        case 'step.failed':
          s.finished++;
          if (e.type === 'step.failed' && !tty) out.write(`  step ${e.name} failed: ${e.error.message}\n`);
          break;
        case 'step.retrying':
          if (!tty)
            out.write(
              `  ${e.name} attempt ${e.attempt} failed (${e.error.message}); retrying in ${e.nextAttemptInMs} ms\n`,
            );
          s.current = `${e.name} retrying in ${Math.ceil(e.nextAttemptInMs / 1000)}s`;
          break;
        case 'progress':
          if (root && e.seq === null)
            s.progress = { done: e.done, total: e.total, unit: e.unit, message: e.message };
          else s.current = `${e.name ?? ''} ${e.done}${e.total ? `/${e.total}` : ''} ${e.unit ?? ''}`.trim();
          if (!tty && root && e.message) out.write(`${e.workflow}: ${e.message}\n`);
          break;
        case 'run.finished':
          if (root) print(`${line(s)}  done in ${(e.durationMs / 1000).toFixed(1)}s`, true);
          return;
        case 'run.failed':
          if (root) print(`${line(s)}  FAILED: ${e.error.message}`, true);
          return;
        case 'run.cancelled':
          if (root) print(`${line(s)}  cancelled`, true);
          return;
        case 'run.started':
          if (root && !tty) out.write(`${e.workflow} ${e.runId} ${e.resumed ? 'resumed' : 'started'}\n`);
          break;
      }
      print(line(s));
    },
    close() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}
