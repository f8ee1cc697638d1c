// The Publish page: a target is set through a password field and comes back masked; an
// unreachable central database is reported on the page instead of breaking it. (Publishing into
// a real PostgreSQL, with progress and the per-table log, is covered by pipeline/service/publish.test.ts.)
import { expect, test } from '@playwright/test';
import { Workbench } from './support/models.ts';

test('set a publish target: the password never comes back, an unreachable database is reported', async ({
  page,
}) => {
  const app = new Workbench(page);
  await app.launch();
  await app.open('publish');
  await expect(page.getByTestId('publish-target')).toContainText('No target configured');
  await expect(page.getByRole('button', { name: 'Publish now' })).toBeDisabled();
  const form = page.getByRole('form', { name: 'publish target' });
  await form.locator('input[name="url"]').fill('postgres://hotpot:e2e-central-secret@127.0.0.1:1/central');
  await form.getByRole('button', { name: 'Set target' }).click();
  await expect(page.getByTestId('publish-target')).toHaveText('postgres://hotpot:***@127.0.0.1:1/central');
  await expect(page.locator('.error')).toContainText('Cannot reach the central database');
  await expect(page.getByRole('button', { name: 'Publish now' })).toBeEnabled();
  expect(await page.content()).not.toContain('e2e-central-secret');
  await app.screenshot('docs/screenshots/publish.png');
  await page.getByRole('button', { name: 'Forget target' }).click();
  await expect(page.getByTestId('publish-target')).toContainText('No target configured');
  await expect(page.locator('.error')).toHaveCount(0);
});
