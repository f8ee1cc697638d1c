// The analyst's triage path on the demo workspace: from an unprotected VM in Assets to its alert,
// acknowledged with a reason that survives a reload; bulk mute from the queue; an asset's merge
// evidence and timeline; compliance from benchmark to failing resources.
import { expect, test } from '@playwright/test';
import { AlertsModel, AssetsModel, tableReady, Workbench } from './support/models.ts';

test.describe.configure({ mode: 'serial' });

test('a VM without EDR: acknowledge its alert with a reason; it stays acknowledged after a reload', async ({
  page,
}) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('assets');
  const assets = new AssetsModel(page);
  await assets.quickFilter('edr', 'none');
  await assets.quickFilter('in_cloud', 'true');
  const asset = await assets.openFirst();
  await expect(asset.locator('[data-fact="edr"]')).toHaveText('none');
  await assets.tab('alerts');
  const alertLink = asset
    .getByRole('table', { name: 'asset alerts' })
    .getByRole('link', { name: 'Every cloud VM runs an EDR agent' });
  await alertLink.click();

  await expect(page.locator('h1')).toHaveText('Alerts');
  const alerts = new AlertsModel(page);
  await expect(alerts.status()).toHaveText('open');
  await expect(alerts.detail.getByTestId('alert-reason')).toContainText('has no active EDR agent');
  await expect(alerts.detail).toContainText('Install the agent');
  await alerts.triage('Acknowledge', 'e2e: rollout tracked in SEC-42');
  await expect(alerts.status()).toHaveText('acknowledged');
  await expect(alerts.detail.locator('[data-fact="triage reason"]')).toHaveText(
    'e2e: rollout tracked in SEC-42',
  );
  await app.screenshot('docs/screenshots/alert-detail.png');

  await page.reload();
  await expect(alerts.status()).toHaveText('acknowledged');
  await expect(alerts.detail.locator('[data-fact="triage reason"]')).toHaveText(
    'e2e: rollout tracked in SEC-42',
  );
  await expect(alerts.detail.getByRole('table', { name: 'alert events' })).toContainText('acknowledged');
});

test('bulk mute from the queue needs a reason and moves the alerts to muted', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('alerts');
  const alerts = new AlertsModel(page);
  await tableReady(page);
  const ids = await alerts.rowKeys(2);
  expect(ids).toHaveLength(2);
  for (const id of ids) await page.getByLabel(`select ${id}`).check();
  const bar = page.getByRole('toolbar', { name: 'bulk triage' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Mute', exact: true }).click();
  const form = page.getByRole('form', { name: 'triage form' });
  await expect(form.getByRole('button', { name: /^Confirm/ })).toBeDisabled();
  await app.screenshot('docs/screenshots/alerts.png');
  await alerts.confirm('e2e: accepted risk until the migration', '2030-01-31T12:00');
  await expect(page.getByRole('status')).toHaveText('Mute: 2 updated.');
  for (const id of ids) await expect(page.locator(`.grid-row[data-key="${id}"]`)).toHaveCount(0);

  await alerts.chip('status', 'open', false);
  await alerts.chip('status', 'muted', true);
  for (const id of ids) await expect(page.locator(`.grid-row[data-key="${id}"]`)).toBeVisible();
  await page.locator(`.grid-row[data-key="${ids[0]}"]`).click();
  await expect(alerts.status()).toHaveText('muted');
  await expect(alerts.detail.locator('[data-fact="muted until"]')).toContainText('2030');
});

test('an asset shows its merge evidence and the timeline of field-level changes', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('assets');
  await tableReady(page);
  const assets = new AssetsModel(page);
  const asset = await assets.openFirst();
  const sources = asset.getByRole('table', { name: 'asset sources' });
  await expect(sources).toContainText('bronze.');
  await expect(sources.locator('thead')).toContainText('merged by');
  await assets.tab('timeline');
  const timeline = asset.getByTestId('asset-timeline');
  await expect(timeline).toContainText('silver.assets');
  await expect(timeline).toContainText('added');
  await app.screenshot('docs/screenshots/asset-detail.png');
});

test('compliance: benchmark, control, failing resources', async ({ page }) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('compliance');
  await page
    .getByRole('navigation', { name: 'benchmarks' })
    .getByRole('button', { name: /^cis_gcp/ })
    .first()
    .click();
  const failing = page.locator('table[aria-label="controls"] tbody tr').filter({
    has: page.locator('td.error-inline'),
  });
  await failing.first().getByRole('button').click();
  await expect(page.getByTestId('failing-resources')).toBeVisible();
  await tableReady(page);
  await expect(page.getByTestId('row-count')).not.toHaveText('0 rows');
  await app.screenshot('docs/screenshots/compliance.png');
});
