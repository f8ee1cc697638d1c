// The analyst's path through browser mode against a demo workspace: every page renders, a source
// is added with write-only credentials, a run is launched and followed to the end, a table is
// explored and exported.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  ExplorerModel,
  RunsModel,
  SchedulesModel,
  SourcesModel,
  Workbench,
  type PageId,
} from './support/models.ts';

const sandbox = (): { providers: Record<string, Record<string, unknown>> } =>
  JSON.parse(process.env.HOTPOT_E2E_SANDBOX ?? '{}') as {
    providers: Record<string, Record<string, unknown>>;
  };

test.describe.configure({ mode: 'serial' });

test('browser mode refuses requests without the launch token', async ({ request }) => {
  const url = process.env.HOTPOT_E2E_URL as string;
  const res = await request.post(`${url}/api/call/sources.list`, { data: {} });
  expect(res.status()).toBe(401);
  expect((await request.get(`${url}/`)).status()).toBe(401);
});

test('every page renders (screenshots)', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await expect(page.getByTestId('overview')).toBeVisible();
  const pages: PageId[] = [
    'overview',
    'sources',
    'runs',
    'explorer',
    'assets',
    'alerts',
    'compliance',
    'agent',
    'publish',
    'settings',
  ];
  // Pages whose docs screenshot is taken in a more telling state by a later step or spec.
  const elsewhere = new Set<PageId>([
    'overview',
    'runs',
    'explorer',
    'alerts',
    'compliance',
    'agent',
    'publish',
  ]);
  for (const id of pages) {
    await app.open(id);
    // The event stream keeps a request open, so wait for the page's own loading states instead.
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await expect(page.locator('.error')).toHaveCount(0);
    await app.screenshot(`test-results/screenshots/${id}.png`);
    if (!elsewhere.has(id)) await app.screenshot(`docs/screenshots/${id}.png`);
  }
  await app.open('overview');
  await expect(page.locator('table.simple').first()).toContainText('sandbox-gcp');
  await app.screenshot('docs/screenshots/overview.png');
});

test('add a source with credentials; the secret is write-only', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('sources');
  const s1 = sandbox().providers.s1 as { baseUrl: string; apiToken: string };
  const sources = new SourcesModel(page);
  await sources.add({
    provider: 's1',
    id: 'e2e-s1',
    config: { baseUrl: s1.baseUrl },
    secrets: { apiToken: s1.apiToken },
  });
  await expect(sources.row('e2e-s1')).toContainText('apiToken');
  await sources.row('e2e-s1').getByRole('button', { name: 'Test' }).click();
  await expect(sources.row('e2e-s1')).toContainText('works', { timeout: 30_000 });
  await sources.row('e2e-s1').getByRole('button', { name: 'Edit' }).click();
  await expect(page.locator('input[name="secret-apiToken"]')).toHaveValue('');
  expect(await page.content()).not.toContain(s1.apiToken);
  await app.screenshot('test-results/screenshots/sources-edit.png');
});

test('launch a run and watch its progress finish', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('runs');
  await new RunsModel(page).launchAndFinish(['e2e-s1'], ['ingest']);
  await expect(page.getByRole('table', { name: 'run history' })).toContainText('completed');
  await app.screenshot('test-results/screenshots/runs-finished.png');
});

test('schedule a nightly run, pause it, and remove it', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('runs');
  const schedules = new SchedulesModel(page);
  await schedules.save('nightly', '0 2 * * *', ['e2e-s1'], ['ingest', 'normalize']);
  const row = schedules.row('nightly');
  await expect(row).toContainText('0 2 * * *');
  await expect(row).toContainText('e2e-s1');
  await expect(row).toContainText('ingest, normalize');
  await expect(row).toContainText('never');
  await schedules.panel.getByLabel('cron').fill('every tuesday');
  await schedules.panel.getByRole('button', { name: 'Save schedule' }).click();
  await expect(schedules.panel).toContainText('cron expression');
  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row).toContainText('paused');
  await page.reload();
  await expect(schedules.row('nightly')).toContainText('paused');
  await schedules.panel.scrollIntoViewIfNeeded();
  await app.screenshot('docs/screenshots/runs.png');
  await schedules.row('nightly').getByRole('button', { name: 'Remove' }).click();
  await expect(schedules.panel).toContainText('No schedules yet.');
});

test('explore a table, read a JSON row, travel in time and export CSV', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('explorer');
  const explorer = new ExplorerModel(page);
  await explorer.openTable('bronze.gcp_compute_instances');
  const all = await explorer.rowCount();
  expect(all).toBeGreaterThan(0);
  await page.getByLabel('filter status').fill('=RUNNING');
  await expect.poll(() => explorer.rowCount()).toBeLessThanOrEqual(all);
  await page.locator('.grid-row.clickable').first().click();
  await expect(page.getByTestId('row-detail')).toContainText('"resource_id"');
  await page.getByRole('button', { name: 'Show version' }).click();
  await expect(page.getByTestId('time-travel-result')).toContainText('valid_from');
  await app.screenshot('docs/screenshots/explorer.png');
  const path = test.info().outputPath('export.csv');
  const download = await explorer.exportCsv(path);
  expect(download.suggestedFilename()).toMatch(/^bronze\.gcp_compute_instances-.*\.csv$/);
  const csv = readFileSync(path, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('resource_id');
  expect(csv.trim().split('\r\n').length - 1).toBe(await explorer.rowCount());
});

test('layer pages show their table or say it is not collected yet', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  for (const id of ['alerts', 'assets', 'compliance'] as const) {
    await app.open(id);
    await expect(page.getByTestId(id).or(page.getByTestId('not-collected'))).toBeVisible();
  }
});
