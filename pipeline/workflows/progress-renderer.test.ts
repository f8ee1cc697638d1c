import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from './events.ts';
import { createProgressRenderer } from './progress-renderer.ts';

const base = { runId: 'r1', rootRunId: 'r1', workflow: 'pipelineRun', at: 0 };
const events: WorkflowEvent[] = [
  { ...base, type: 'run.started', resumed: false },
  { ...base, type: 'step.started', seq: 1, kind: 'activity', name: 'ingest.gcp', attempt: 1 },
  {
    ...base,
    type: 'progress',
    seq: null,
    name: null,
    done: 1,
    total: 4,
    unit: 'stages',
    message: 'ingest finished',
  },
  { ...base, type: 'step.finished', seq: 1, name: 'ingest.gcp', durationMs: 5, rowsWritten: 10 },
  { ...base, type: 'run.finished', durationMs: 1500 },
];

function sink(isTTY: boolean): {
  text: () => string;
  write: (s: string) => void;
  isTTY: boolean;
  columns: number;
} {
  let buf = '';
  return { text: () => buf, write: (s: string) => void (buf += s), isTTY, columns: 200 };
}

describe('progress renderer', () => {
  it('writes one JSON document per line in jsonl mode', () => {
    const out = sink(false);
    const r = createProgressRenderer('jsonl', out);
    events.forEach((e) => r.onEvent(e));
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as WorkflowEvent);
    expect(lines.map((l) => l.type)).toEqual(events.map((e) => e.type));
  });

  it('redraws one ANSI bar line on a terminal and ends it when the run finishes', () => {
    const out = sink(true);
    const r = createProgressRenderer('bar', out);
    events.forEach((e) => r.onEvent(e));
    const text = out.text();
    expect(text).toContain('\r\x1b[2K');
    expect(text).toContain('pipelineRun [######------------------] 1/4 stages  ingest finished');
    expect(text.endsWith('done in 1.5s\n')).toBe(true);
  });

  it('prints plain lines without escape codes when not a terminal', () => {
    const out = sink(false);
    const r = createProgressRenderer('bar', out);
    events.forEach((e) => r.onEvent(e));
    expect(out.text()).not.toContain('\x1b');
    expect(out.text()).toContain('pipelineRun r1 started\npipelineRun: ingest finished\n');
  });
});
