// A 20-activity workflow whose activities leave side effects in a separate SQLite file, used by the
// SIGKILL test. Run as: node --import tsx crash-workflow.ts start|resume STATE EFFECTS
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { defineActivity, defineWorkflow } from '../define.ts';
import { WorkflowEngine } from '../local/engine.ts';

const [mode, statePath, effectsPath] = process.argv.slice(2);
if (!mode || !statePath || !effectsPath)
  throw new Error('usage: crash-workflow.ts start|resume STATE EFFECTS');

const effects = new Database(effectsPath);
effects.pragma('journal_mode = WAL');
effects.exec(
  `CREATE TABLE IF NOT EXISTS effects (id INTEGER PRIMARY KEY, step TEXT NOT NULL, token TEXT NOT NULL, pid INTEGER NOT NULL)`,
);
const record = effects.prepare(`INSERT INTO effects (step, token, pid) VALUES (?, ?, ?)`);

const work = defineActivity(
  'crash.work',
  { taskQueue: 'crash', retry: { maximumAttempts: 3, initialIntervalMs: 10 } },
  async (input: { step: string; ms: number }) => {
    const token = randomUUID();
    // The side effect happens first, then the activity takes a while: kills land mid-activity too.
    record.run(input.step, token, process.pid);
    await new Promise((r) => setTimeout(r, input.ms));
    return { step: input.step, token };
  },
);

export const crashWorkflow = defineWorkflow('crash.twenty', async (ctx, input: { seed: number }) => {
  const ms = (i: number): number => 5 + ((input.seed * 7 + i * 13) % 25);
  const out: Array<{ step: string; token: string }> = [];
  for (let i = 0; i < 6; i++) out.push(await ctx.activity(work, { step: `s${i}`, ms: ms(i) }));
  out.push(
    ...(await Promise.all(
      Array.from({ length: 8 }, (_, j) => ctx.activity(work, { step: `p${j}`, ms: ms(j + 6) })),
    )),
  );
  for (let i = 0; i < 6; i++) out.push(await ctx.activity(work, { step: `t${i}`, ms: ms(i + 14) }));
  return out.length;
});

const engine = new WorkflowEngine({
  statePath,
  workflows: [crashWorkflow],
  activities: [work],
  queues: { crash: 4 },
});
if (mode === 'start') {
  const handle = await engine.start(crashWorkflow, { seed: Number(process.env.SEED ?? 1) });
  process.stdout.write(`started ${handle.runId}\n`);
  await handle.result();
} else {
  const report = await engine.resume();
  await Promise.all(report.resumed.map((h) => h.result()));
  process.stdout.write(`resumed ${report.resumed.length}\n`);
}
await engine.close();
effects.close();
