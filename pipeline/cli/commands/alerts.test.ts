import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalog } from '../../../db/catalog/index.ts';
import { runDetection } from '../../detect/engine.ts';
import { parseRuleFile } from '../../detect/rule-file.ts';
import { ensureGoldTables } from '../../detect/testing/gold-tables.ts';
import type { Alert } from '../../detect/alerts/model.ts';
import { Workspace } from '../../workspace.ts';
import { register } from './alerts.ts';

const home = mkdtempSync(join(tmpdir(), 'hotpot-cli-alerts-'));

beforeAll(async () => {
  const { workspace } = await Workspace.init(home);
  const store = await workspace.openStore();
  await ensureGoldTables(store);
  const parsed = parseRuleFile(
    'cli.rule.sql',
    `-- id: cli.demo
-- title: Demo
-- severity: high
-- description: Two alarms.
-- remediation: None.
SELECT r AS resource, 'alarm' AS status, 'demo' AS reason FROM (SELECT 'vm-1' AS r UNION ALL SELECT 'vm-2') x`,
    'user',
  );
  if (!parsed.ok) throw new Error('bad rule');
  await runDetection(store, catalog, [parsed.rule]);
  await store.close();
  workspace.close();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function hotpot(...args: string[]): Promise<{ stdout: string; error?: string }> {
  const program = new Command()
    .option('--home <dir>')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  register(program, {
    resolveHome: (o: { home?: string }) => o.home ?? '/nonexistent',
    printJson: (v) => process.stdout.write(`${JSON.stringify(v)}\n`),
    print: (t) => process.stdout.write(`${t}\n`),
    note: () => undefined,
  });
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (s: string | Uint8Array) => ((stdout += String(s)), true),
  );
  try {
    await program.parseAsync(['node', 'hotpot', ...args, '--home', home]);
    return { stdout };
  } catch (error) {
    return { stdout, error: (error as Error).message };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('hotpot alerts', () => {
  it('lists, acknowledges, mutes with an expiry and marks false positives', async () => {
    const listed = JSON.parse((await hotpot('alerts', 'list', '--json')).stdout) as { alerts: Alert[] };
    expect(listed.alerts.map((a) => [a.resource, a.status]).sort()).toEqual([
      ['vm-1', 'open'],
      ['vm-2', 'open'],
    ]);
    const [one, two] = listed.alerts.sort((a, b) => a.resource.localeCompare(b.resource));
    expect(
      (await hotpot('alerts', 'ack', one?.alert_id.slice(0, 10) ?? '', '--reason', 'SEC-1')).stdout,
    ).toContain('vm-1: acknowledged');
    const muted = JSON.parse(
      (
        await hotpot(
          'alerts',
          'mute',
          two?.alert_id ?? '',
          '--until',
          '2030-01-01',
          '--reason',
          'window',
          '--json',
        )
      ).stdout,
    ) as Alert;
    expect(muted).toMatchObject({
      status: 'muted',
      triage_reason: 'window',
      muted_until: '2030-01-01T00:00:00.000Z',
    });
    await hotpot('alerts', 'false-positive', two?.alert_id ?? '');
    const fp = JSON.parse(
      (await hotpot('alerts', 'list', '--status', 'false_positive', '--json')).stdout,
    ) as {
      alerts: Alert[];
    };
    expect(fp.alerts.map((a) => a.resource)).toEqual(['vm-2']);
    expect((await hotpot('alerts', 'list')).stdout).toContain('cli.demo');
  });

  it('says what is wrong for an unknown alert, a bad status or a bad time', async () => {
    expect((await hotpot('alerts', 'ack', 'ffffffffffff')).error).toMatch(/No alert ffffffffffff/);
    expect((await hotpot('alerts', 'list', '--status', 'closed')).error).toMatch(/Unknown status "closed"/);
    const listed = JSON.parse((await hotpot('alerts', 'list', '--json')).stdout) as { alerts: Alert[] };
    expect(
      (await hotpot('alerts', 'mute', listed.alerts[0]?.alert_id ?? '', '--until', 'soon')).error,
    ).toMatch(/"soon" is not a time/);
  });
});
