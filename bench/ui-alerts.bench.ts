// The Alerts page at scale, measured in a real browser: a workspace whose gold.alerts holds 100k
// alerts (realistic shape: built-in rule ids and severities, GCP-style resources, a triage mix,
// 90 days of first/last seen), `hotpot serve`, and Chromium driven by Playwright. Figures, each
// the median of several runs: time to first rows (navigation start → first alert row painted),
// a sort round trip (header click → re-sorted rows) and a filter round trip (severity filter
// click → filtered rows). Targets: first rows < 1.5 s, sort and filter < 300 ms.
// Also the first page's `tables.page` call alone, fetched from the page; floor in the same run: a
// trivial call (`workspace.info`) over the same HTTP transport.
//   npm run bench -- ui-alerts [--alerts 100000] [--runs 7] [--no-build]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import {
  newEvent,
  writeAlerts,
  type Alert,
  type AlertEvent,
  type AlertStatus,
} from '../pipeline/detect/alerts/model.ts';
import { alertFingerprint } from '../pipeline/detect/alerts/model.ts';
import { loadRules } from '../pipeline/detect/loader.ts';
import { Workspace } from '../pipeline/workspace.ts';
import { option, peakRssMiB, report, timed } from './harness.ts';

const ALERTS = Number(option('alerts', '100000'));
const RUNS = Number(option('runs', '7'));
const BUILD = !process.argv.includes('--no-build');

/** Deterministic pseudo-random numbers (mulberry32), so every run loads the same alerts. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUS_MIX: [AlertStatus, number][] = [
  ['open', 0.62],
  ['acknowledged', 0.12],
  ['muted', 0.06],
  ['false_positive', 0.03],
  ['resolved', 0.17],
];

function generateAlerts(n: number): { alerts: Alert[]; events: AlertEvent[] } {
  const rules = loadRules().rules;
  const rnd = random(42);
  const now = Date.now();
  const day = 86_400_000;
  const alerts: Alert[] = [];
  const events: AlertEvent[] = [];
  for (let i = 0; i < n; i++) {
    const rule = rules[Math.floor(rnd() * rules.length)]!;
    const project = `proj-${Math.floor(rnd() * 40)}`;
    const zone = ['asia-southeast1-a', 'asia-southeast1-b', 'us-central1-a', 'europe-west1-b'][i % 4]!;
    const host = `vm-${project}-${i.toString(36)}`;
    const resource = `${4_000_000_000_000_000 + i}`;
    const firstSeen = now - Math.floor(rnd() * 90 * day);
    const lastSeen = Math.min(now, firstSeen + Math.floor(rnd() * 30 * day));
    let pick = rnd();
    const status = STATUS_MIX.find(([, p]) => (pick -= p) < 0)?.[0] ?? 'open';
    const triaged = status === 'acknowledged' || status === 'muted' || status === 'false_positive';
    const alert: Alert = {
      alert_id: alertFingerprint(rule.id, resource),
      rule_id: rule.id,
      resource,
      resource_type: rule.resourceType,
      asset_id: `a-${(i * 2654435761).toString(16).slice(-20)}`,
      severity: rule.severity,
      title: rule.title,
      reason: `${rule.title}: ${host} in ${project} fails.`,
      status,
      alarming: status !== 'resolved',
      first_seen: new Date(firstSeen).toISOString(),
      last_seen: new Date(lastSeen).toISOString(),
      occurrences: 1 + Math.floor(rnd() * rnd() * 6),
      resolved_at: status === 'resolved' ? new Date(lastSeen + day).toISOString() : null,
      triage_reason: triaged ? 'Tracked in SEC-1234' : null,
      triaged_by: triaged ? 'analyst' : null,
      triaged_at: triaged ? new Date(lastSeen).toISOString() : null,
      muted_until: status === 'muted' ? new Date(now + 30 * day).toISOString() : null,
      dimensions_json: { project, zone, hostname: host },
      updated_at: new Date(lastSeen).toISOString(),
    };
    alerts.push(alert);
    events.push(newEvent(alert, alert.first_seen, 'opened', null, 'open', 'detect'));
  }
  return { alerts, events };
}

async function seedWorkspace(home: string): Promise<number> {
  const init = spawnSync(process.execPath, ['bin/hotpot.js', 'init', '--home', home], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (init.status !== 0) throw new Error(`hotpot init exited with ${init.status}`);
  const workspace = Workspace.open(home);
  const store = await workspace.openStore();
  workspace.close();
  try {
    const { alerts, events } = generateAlerts(ALERTS);
    const { ms } = await timed(() => store.transaction((tx) => writeAlerts(tx, alerts, events)));
    return ms;
  } finally {
    await store.close();
  }
}

async function serve(home: string): Promise<{ child: ChildProcess; url: string; launchUrl: string }> {
  const child = spawn(process.execPath, ['bin/hotpot.js', 'serve', '--home', home, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hotpot serve exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { url: string; launchUrl: string };
  return { child, ...ready };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

function stats(values: readonly number[]): { median: number; min: number; max: number } {
  return {
    median: median(values),
    min: Math.round(Math.min(...values) * 10) / 10,
    max: Math.round(Math.max(...values) * 10) / 10,
  };
}

/** Records, in the page, when the first alert row is painted (relative to navigation start). */
const FIRST_ROWS_PROBE = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('.grid-row[data-key]')) {
      window.__firstRows = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * Clicks the element the selector finds and resolves with the ms until the table has gone
 * through loading and shows loaded rows again: one round trip through UI, service and store.
 */
function roundTrip(page: Page, click: string): Promise<number> {
  return page.evaluate(
    (selector) =>
      new Promise<number>((resolve, reject) => {
        const table = document.querySelector('[data-testid="datatable"]');
        const target = document.querySelector<HTMLElement>(selector);
        if (!table || !target) return reject(new Error(`nothing matches ${selector}`));
        let loading = false;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (table.getAttribute('data-ready') === 'false') loading = true;
          if (
            loading &&
            table.getAttribute('data-ready') === 'true' &&
            table.querySelector('.grid-row[data-key]')
          ) {
            obs.disconnect();
            // The rows are in the DOM; wait for the frame that paints them.
            requestAnimationFrame(() => {
              const total = performance.now() - t0;
              // Diagnostics: the page requests this round trip made, and their durations.
              const calls = performance
                .getEntriesByType('resource')
                .filter((e) => e.name.includes('/api/call/') && e.startTime >= t0)
                .map(
                  (e) =>
                    `${e.name.split('/api/call/')[1]}:${Math.round(e.startTime - t0)}+${Math.round(e.duration)}`,
                );
              (window as unknown as { __calls: string[] }).__calls = calls;
              resolve(total);
            });
          }
        });
        obs.observe(table, { attributes: true, childList: true, subtree: true });
        target.click();
      }),
    click,
  );
}

async function main(): Promise<void> {
  if (BUILD) await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const home = mkdtempSync(join(tmpdir(), 'hotpot-ui-alerts-bench-'));
  const seedMs = await seedWorkspace(home);
  const server = await serve(home);
  const browser = await chromium.launch({
    executablePath: process.env.HOTPOT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(FIRST_ROWS_PROBE);
    const page = await context.newPage();
    await page.goto(server.launchUrl); // trades the token for the session cookie
    const firstRows: number[] = [];
    const sort: number[] = [];
    const filter: number[] = [];
    const floor: number[] = [];
    const pageCalls: number[] = [];
    // One warm-up navigation (DuckDB and the HTTP server load lazily), then the measured runs.
    for (let run = -1; run < RUNS; run++) {
      await page.goto('about:blank'); // a real load each time, not a hash change
      await page.goto(`${server.url}/#/alerts`);
      await page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows);
      const t = await page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows);
      const s = await roundTrip(page, '.grid-th:has(button[title^="First run"]) .th-label');
      if (process.env.BENCH_DEBUG)
        process.stderr.write(
          `sort ${s} ${await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls.join(' '))}\n`,
        );
      const f = await roundTrip(page, '[aria-label="severity"] .chip');
      const call = (name: string, input: unknown): Promise<number> =>
        page.evaluate(
          async ([n, i]) => {
            const t0 = performance.now();
            const res = await fetch(`/api/call/${n as string}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(i),
            });
            await res.json();
            return performance.now() - t0;
          },
          [name, input] as const,
        );
      const pageCall = await call('tables.page', {
        table: 'gold.alerts',
        filters: [{ column: 'status', op: 'in', value: ['open'] }],
        sort: [{ column: 'last_seen', direction: 'desc' }],
        limit: 200,
        offset: 0,
      });
      const raw = await call('workspace.info', {});
      if (run < 0) continue;
      firstRows.push(t);
      sort.push(s);
      filter.push(f);
      floor.push(raw);
      pageCalls.push(pageCall);
    }
    const figures = {
      alerts: ALERTS,
      runs: RUNS,
      seed_ms: seedMs,
      first_rows_ms: stats(firstRows),
      sort_ms: stats(sort),
      filter_ms: stats(filter),
      page_call_ms: stats(pageCalls),
      floor_call_ms: stats(floor),
      targets_ms: { first_rows: 1500, sort: 300, filter: 300 },
      meets_targets: median(firstRows) < 1500 && median(sort) < 300 && median(filter) < 300,
      peak_rss_mib: peakRssMiB(),
    };
    report('ui-alerts', figures);
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
