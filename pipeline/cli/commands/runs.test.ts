import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineActivity, defineWorkflow } from '../../workflows/define.ts';
import { WorkflowEngine } from '../../workflows/local/engine.ts';
import { register } from './runs.ts';
import { register as registerWorker } from './worker.ts';

const home = mkdtempSync(join(tmpdir(), 'hotpot-cli-runs-'));
let runId = '';
let failedId = '';

beforeAll(async () => {
  const load = defineActivity('cli.load', { taskQueue: 'q' }, async () => ({ rowsWritten: 7 }));
  const bad = defineActivity(
    'cli.bad',
    { taskQueue: 'q', retry: { maximumAttempts: 2, initialIntervalMs: 1 } },
    async () => {
      throw new Error('upstream 500');
    },
  );
  const engine = new WorkflowEngine({ statePath: join(home, 'state.sqlite'), activities: [load, bad] });
  const ok = await engine.start(
    defineWorkflow('cli.ok', async (ctx) => ctx.activity(load, null)),
    null,
  );
  await ok.result();
  const failing = await engine.start(
    defineWorkflow('cli.failing', async (ctx) => ctx.activity(bad, null)),
    null,
  );
  await failing.outcome();
  runId = ok.runId;
  failedId = failing.runId;
  await engine.close();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function hotpot(...args: string[]): Promise<{ stdout: string; error?: string }> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  const ctx = { resolveHome: (o: { home?: string }) => o.home ?? '/nonexistent' };
  register(program, ctx);
  registerWorker(program, ctx);
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (s: string | Uint8Array) => ((stdout += String(s)), true),
  );
  try {
    await program.parseAsync(['node', 'hotpot', ...args]);
    return { stdout };
  } catch (error) {
    return { stdout, error: (error as Error).message };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('hotpot runs', () => {
  it('lists runs as one JSON document', async () => {
    const { stdout } = await hotpot('runs', 'list', '--json', '--home', home);
    const doc = JSON.parse(stdout) as { runs: Array<{ runId: string; status: string; rowsWritten: number }> };
    expect(doc.runs.map((r) => [r.runId, r.status]).sort()).toEqual(
      [
        [failedId, 'failed'],
        [runId, 'completed'],
      ].sort(),
    );
    expect(doc.runs.find((r) => r.runId === runId)?.rowsWritten).toBe(7);
  });

  it('shows a run with its attempts and errors', async () => {
    const { stdout } = await hotpot('runs', 'show', failedId, '--home', home);
    expect(stdout).toContain(`cli.failing ${failedId}: failed`);
    expect(stdout).toMatch(/step 1 attempt 1 at .*: Error: upstream 500/);
    const doc = JSON.parse((await hotpot('runs', 'show', failedId, '--json', '--home', home)).stdout) as {
      steps: Array<{ attempts: number }>;
    };
    expect(doc.steps[0]?.attempts).toBe(2);
  });

  it('says what is wrong for an unknown run or a missing workspace', async () => {
    expect((await hotpot('runs', 'show', 'nope', '--home', home)).error).toMatch(
      /No run "nope" in the journal/,
    );
    expect((await hotpot('runs', 'list', '--home', join(home, 'missing'))).error).toMatch(
      /run `hotpot init` first/,
    );
  });

  it('reports a finished run as not cancellable and resumes nothing when all runs finished', async () => {
    const cancel = JSON.parse((await hotpot('runs', 'cancel', runId, '--json', '--home', home)).stdout) as {
      state: string;
    };
    expect(cancel.state).toBe('already-finished');
    const resumed = JSON.parse((await hotpot('runs', 'resume', '--json', '--home', home)).stdout) as {
      resumed: unknown[];
    };
    expect(resumed.resumed).toEqual([]);
  });
});

describe('hotpot worker', () => {
  it('rejects a malformed address and an unknown queue before connecting', async () => {
    expect((await hotpot('worker', '--temporal', 'localhost', '--queue', 'hotpot-detect')).error).toMatch(
      /--temporal must be HOST:PORT/,
    );
    expect((await hotpot('worker', '--temporal', 'localhost:7233', '--queue', 'hotpot-foo')).error).toMatch(
      /unknown task queue "hotpot-foo"/,
    );
    expect(
      (
        await hotpot(
          'worker',
          '--temporal',
          'localhost:7233',
          '--queue',
          'hotpot-ingest-gcp',
          '--home',
          '/tmp/no-such-hotpot',
        )
      ).error,
    ).toMatch(/No Hotpot workspace at \/tmp\/no-such-hotpot/);
  });
});
