import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../testing/crash-workflow.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hotpot-wf-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(
  args: string[],
  env: Record<string, string>,
  killAfterStartMs?: number,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (killAfterStartMs !== undefined && stdout.includes('started')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterStartMs);
        killAfterStartMs = undefined;
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

interface StepRow {
  seq: number;
  status: string;
  result_json: string | null;
}

function completedSteps(statePath: string): Map<number, string> {
  const db = new Database(statePath, { readonly: true });
  const rows = db
    .prepare(`SELECT seq, status, result_json FROM wf_steps WHERE kind = 'activity'`)
    .all() as StepRow[];
  db.close();
  return new Map(
    rows
      .filter((r) => r.status === 'completed')
      .map((r) => [r.seq, (JSON.parse(r.result_json ?? '{}') as { token: string }).token]),
  );
}

describe('SIGKILL at random points, then resume', () => {
  it('completes every time without re-running a journaled activity', { timeout: 90_000 }, async () => {
    const trials = 12;
    let killedMidRun = 0;
    let reExecutedInFlight = 0;
    for (let trial = 0; trial < trials; trial++) {
      const statePath = join(dir, `state-${trial}.sqlite`);
      const effectsPath = join(dir, `effects-${trial}.sqlite`);
      // 0–320 ms after the run started: anywhere from the first to the last activity.
      const killAt = Math.floor(Math.random() * 320);
      const first = await runChild(['start', statePath, effectsPath], { SEED: String(trial) }, killAt);
      if (first.signal === 'SIGKILL') killedMidRun++;
      else expect(first.code, first.stderr).toBe(0);

      const beforeResume = completedSteps(statePath);
      const effectsDb = new Database(effectsPath, { readonly: true });
      const lastEffectBefore = effectsDb
        .prepare(`SELECT coalesce(max(id), 0) FROM effects`)
        .pluck()
        .get() as number;
      effectsDb.close();

      const second = await runChild(['resume', statePath, effectsPath], {});
      expect(second.code, second.stderr).toBe(0);

      const state = new Database(statePath, { readonly: true });
      const status = state.prepare(`SELECT status FROM wf_runs`).pluck().all();
      state.close();
      expect(status).toEqual(['completed']);
      const after = completedSteps(statePath);
      expect(after.size).toBe(20);

      const effects = new Database(effectsPath, { readonly: true });
      const rows = effects.prepare(`SELECT id, step, token FROM effects ORDER BY id`).all() as Array<{
        id: number;
        step: string;
        token: string;
      }>;
      effects.close();
      const tokens = new Map(rows.map((r) => [r.token, r]));
      for (const [seq, token] of beforeResume) {
        // Finished before the kill: its journaled result is unchanged and it never executed again.
        expect(after.get(seq)).toBe(token);
        const step = tokens.get(token)?.step;
        const reRuns = rows.filter((r) => r.step === step && r.id > lastEffectBefore);
        expect(reRuns, `step ${step} re-ran after resume`).toEqual([]);
      }
      for (const token of after.values()) expect(tokens.has(token)).toBe(true);
      reExecutedInFlight += rows.length - 20;
    }
    // The kills must really have interrupted runs for the test to mean anything.
    expect(killedMidRun).toBeGreaterThanOrEqual(trials / 2);
    console.info(JSON.stringify({ trials, killedMidRun, reExecutedInFlight }));
  });
});
