// The Agent page answers a plain-language question with its SQL, rows and a chart. The model is
// a recorded Ollama (pipeline/agent/testing/fake-ollama.ts, the HTTP API the real client speaks);
// the SQL runs for real, read-only, on the demo workspace.
import { expect, test } from '@playwright/test';
import { saveAgentSettings } from '../pipeline/agent/settings.ts';
import { reply, startFakeOllama, type FakeOllama } from '../pipeline/agent/testing/fake-ollama.ts';
import { Workspace } from '../pipeline/workspace.ts';
import { Workbench } from './support/models.ts';

const SQL =
  "SELECT severity AS label, count(*) AS n FROM gold.alerts WHERE status = 'open' GROUP BY severity ORDER BY n DESC";

let ollama: FakeOllama;

test.beforeAll(async () => {
  ollama = await startFakeOllama([
    { question: 'open alerts by severity', replies: [reply(SQL, 'Open alerts counted per severity.')] },
  ]);
  const workspace = Workspace.open(process.env.HOTPOT_E2E_HOME as string);
  saveAgentSettings(workspace.state, { provider: 'ollama', host: ollama.url });
  workspace.close();
});

test.afterAll(async () => {
  await ollama?.stop();
});

test('ask a question on the Agent page: SQL, rows and a chart', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('agent');
  await page
    .getByPlaceholder('Which internet-facing VMs have no EDR agent?')
    .fill('How many open alerts by severity?');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('agent-explanation')).toHaveText('Open alerts counted per severity.');
  await expect(page.getByTestId('agent-sql')).toHaveValue(SQL);
  await expect(page.getByTestId('agent-rows')).toContainText('high');
  await expect(page.getByTestId('agent-chart')).toBeVisible();
  await app.screenshot('docs/screenshots/agent.png');
});
