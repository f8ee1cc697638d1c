// Page models: what an analyst does on each page, in the words of the UI.
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type PageId =
  | 'overview'
  | 'sources'
  | 'runs'
  | 'explorer'
  | 'assets'
  | 'alerts'
  | 'compliance'
  | 'agent'
  | 'publish'
  | 'settings';

export class Workbench {
  constructor(readonly page: Page) {}

  /** The launch URL trades the token for a cookie, then every page works. */
  async launch(): Promise<void> {
    await this.page.goto(process.env.HOTPOT_E2E_LAUNCH_URL as string);
    await expect(this.page.locator('.brand')).toHaveText('Hotpot');
  }

  async open(id: PageId): Promise<void> {
    await this.page.locator('nav[aria-label="pages"] a', { hasText: new RegExp(`^${id}`, 'i') }).click();
    await expect(this.page.locator('h1')).toHaveText(new RegExp(id, 'i'));
  }

  async screenshot(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path, fullPage: true });
  }
}

export class SourcesModel {
  constructor(readonly page: Page) {}

  async add(source: {
    provider: string;
    id: string;
    config: Record<string, unknown>;
    secrets: Record<string, string>;
  }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add source' }).click();
    const form = this.page.getByRole('form', { name: 'source form' });
    await form.locator('select').selectOption(source.provider);
    await form.locator('input[name="id"]').fill(source.id);
    await form.locator('textarea[name="config"]').fill(JSON.stringify(source.config, null, 2));
    for (const [name, value] of Object.entries(source.secrets))
      await form.locator(`input[name="secret-${name}"]`).fill(value);
    await form.getByRole('button', { name: 'Save source' }).click();
    await expect(form).toBeHidden();
  }

  row(id: string) {
    return this.page.locator(`tr[data-source="${id}"]`);
  }
}

export class RunsModel {
  constructor(readonly page: Page) {}

  /** Launches a run of exactly these sources and stages, and waits until its live card ends. */
  async launchAndFinish(sources: string[], stages: string[]): Promise<void> {
    await pick(this.page.getByTestId('launch'), sources, stages);
    await this.page.getByRole('button', { name: 'Launch run' }).click();
    const card = this.page.getByTestId('live-run').first();
    await expect(card).toBeVisible();
    await expect(card).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
  }
}

/** Ticks exactly these sources and stages in a source/stage picker. */
async function pick(scope: Locator, sources: string[], stages: string[]): Promise<void> {
  for (const label of await scope.locator('label.check').all()) {
    const text = (await label.innerText()).trim();
    await label.locator('input').setChecked(sources.includes(text) || stages.includes(text));
  }
}

export class SchedulesModel {
  readonly panel: Locator;
  constructor(readonly page: Page) {
    this.panel = page.getByTestId('schedules');
  }

  async save(name: string, cron: string, sources: string[], stages: string[]): Promise<void> {
    await this.panel.getByLabel('schedule name').fill(name);
    await this.panel.getByLabel('cron').fill(cron);
    await this.panel.getByLabel('time zone').fill('UTC');
    await pick(this.panel, sources, stages);
    await this.panel.getByRole('button', { name: 'Save schedule' }).click();
  }

  row(name: string): Locator {
    return this.panel.getByRole('table', { name: 'schedules' }).locator('tr', { hasText: name });
  }
}

export class ExplorerModel {
  constructor(readonly page: Page) {}

  async openTable(name: string): Promise<void> {
    await this.page.getByLabel('find a table').fill(name.split('.')[1] as string);
    await this.page
      .locator('.table-link', { hasText: new RegExp(`^${name.split('.')[1]}`) })
      .first()
      .click();
    await expect(this.page.getByTestId('explorer-table')).toHaveText(name);
    await expect(this.page.getByTestId('row-count')).toHaveText(/^[\d,]+ rows$/);
  }

  async rowCount(): Promise<number> {
    const text = await this.page.getByTestId('row-count').innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }

  async exportCsv(path: string): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    await download.saveAs(path);
    return download;
  }
}

/** Waits until a DataTable has answered its current query. */
export async function tableReady(page: Page): Promise<void> {
  await expect(page.getByTestId('datatable')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('row-count')).toHaveText(/^[\d,]+ rows$/);
}

export class AssetsModel {
  constructor(readonly page: Page) {}

  async quickFilter(column: string, value: string): Promise<void> {
    await this.page.getByLabel(`quick ${column}`).selectOption(value);
    await tableReady(this.page);
  }

  /** Opens the first asset of the list and returns its detail panel. */
  async openFirst() {
    await this.page.locator('.grid-row.clickable').first().click();
    const detail = this.page.getByTestId('asset-detail');
    await expect(detail.getByRole('tablist')).toBeVisible();
    return detail;
  }

  async tab(name: string): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  }
}

export class AlertsModel {
  constructor(readonly page: Page) {}

  get detail() {
    return this.page.getByTestId('alert-detail');
  }

  status() {
    return this.detail.getByTestId('alert-status');
  }

  /** Runs one triage action from the detail panel. */
  async triage(action: string, reason: string): Promise<void> {
    await this.detail.getByRole('button', { name: action, exact: true }).click();
    await this.confirm(reason);
  }

  /** Fills the open triage form and confirms it. */
  async confirm(reason: string, until?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'triage form' });
    await form.locator('textarea[name="reason"]').fill(reason);
    if (until) await form.locator('input[name="until"]').fill(until);
    await form.getByRole('button', { name: /^Confirm/ }).click();
    await expect(form).toBeHidden();
  }

  async chip(group: 'status' | 'severity', value: string, on: boolean): Promise<void> {
    const chip = this.page.getByRole('group', { name: group }).getByRole('button', {
      name: new RegExp(`^${value.replace('_', ' ')}`),
    });
    if ((await chip.getAttribute('aria-pressed')) !== String(on)) await chip.click();
    await tableReady(this.page);
  }

  /** Keys (alert ids) of the loaded rows, top first. */
  async rowKeys(n: number): Promise<string[]> {
    const rows = this.page.locator('.grid-row[data-key]');
    await expect(rows.first()).toBeVisible();
    const keys: string[] = [];
    for (const row of (await rows.all()).slice(0, n)) keys.push((await row.getAttribute('data-key')) ?? '');
    return keys;
  }
}
