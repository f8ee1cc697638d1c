import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createPipelineEnv, type PipelineEnv } from '../env.ts';
import { defineWorkflow } from '../workflows/define.ts';
import { WorkflowEngine } from '../workflows/local/engine.ts';
import { detectActivity, type StageResult } from '../workflows/pipeline-run.ts';
import { TASK_QUEUES } from '../workflows/queues.ts';
import { Workspace } from '../workspace.ts';
import { createDetectActivities, DETECT_PARAMS_SETTING } from './activity.ts';
import { userRulesDir } from './loader.ts';
import { ensureGoldTables } from './testing/gold-tables.ts';

let home: string;
let env: PipelineEnv;
let workspace: Workspace;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotpot-detect-'));
  workspace = (await Workspace.init(home)).workspace;
  env = createPipelineEnv(workspace);
  await ensureGoldTables(await env.store());
  mkdirSync(userRulesDir(home));
  writeFileSync(
    join(userRulesDir(home), 'threshold.rule.sql'),
    `-- id: user.threshold
-- title: Threshold
-- severity: medium
-- description: Alarms when the threshold parameter is above 5.
-- remediation: Lower it.
-- param: threshold = 1
SELECT 'x' AS resource, CASE WHEN {{threshold}} > 5 THEN 'alarm' ELSE 'ok' END AS status, 't' AS reason`,
  );
  workspace.state.setSetting(DETECT_PARAMS_SETTING, { threshold: 9 });
});
afterAll(async () => {
  await env?.close();
  workspace?.close();
  rmSync(home, { recursive: true, force: true });
});

test('detect.gold runs on the hotpot-detect queue with built-in and user rules and settings', async () => {
  const activities = createDetectActivities(env);
  expect(activities.map((a) => [a.name, a.options.taskQueue])).toEqual([['detect.gold', TASK_QUEUES.detect]]);
  const engine = new WorkflowEngine({ statePath: join(home, 'wf.sqlite'), activities });
  try {
    const wf = defineWorkflow('detect.test', async (ctx) =>
      ctx.activity(detectActivity, { pipelineRunId: 'r1', sourceIds: [] }),
    );
    const result = (await (await engine.start(wf, null)).result()) as StageResult;
    expect(result.complete).toBe(true);
    expect(result.rowsWritten).toBeGreaterThan(0);
  } finally {
    await engine.close();
  }
  const store = await env.store();
  const [row] = await store.query<{ status: string }>(
    "SELECT status FROM gold.compliance WHERE rule_id = 'user.threshold'",
  );
  expect(row?.status).toBe('alarm');
  const [eol] = await store.query<{ n: number }>('SELECT count(*) AS n FROM bronze.eol_cycles');
  expect(Number(eol?.n)).toBeGreaterThan(30);
  // Silver is empty in this workspace (normalize never ran): its rules find nothing and none errors.
  const [errors] = await store.query<{ n: number }>(
    "SELECT count(*) AS n FROM gold.compliance WHERE status = 'error'",
  );
  expect(Number(errors?.n)).toBe(0);
});

test('a store without gold tables fails the stage at once, saying to migrate', async () => {
  const bare = mkdtempSync(join(tmpdir(), 'hotpot-detect-bare-'));
  const ws = (await Workspace.init(bare)).workspace;
  const bareEnv = createPipelineEnv(ws);
  // A store whose gold tables are missing (e.g. migrated by a build that predates them).
  const store = await bareEnv.store();
  for (const t of ['alerts', 'alert_events', 'compliance', 'asset_summary'])
    await store.execute(`DROP TABLE IF EXISTS gold.${t}`);
  const engine = new WorkflowEngine({
    statePath: join(bare, 'wf.sqlite'),
    activities: createDetectActivities(bareEnv),
  });
  try {
    const wf = defineWorkflow('detect.bare', async (ctx) =>
      ctx.activity(detectActivity, { pipelineRunId: 'r2', sourceIds: [] }),
    );
    const outcome = await (await engine.start(wf, null)).outcome();
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/hotpot migrate/);
  } finally {
    await engine.close();
    await bareEnv.close();
    ws.close();
    rmSync(bare, { recursive: true, force: true });
  }
});
