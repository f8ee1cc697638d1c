// The Publish page's calls against a real central PostgreSQL: the target is stored but shown
// without its password, a publish run launched like any run reports per-table progress, and the
// status lists the last publish of each table as the central database recorded it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { catalog } from '../../db/catalog/index.ts';
import { GOLD_COMPLIANCE } from '../../db/catalog/tables/gold.ts';
import { applySnapshot } from '../../db/history/index.ts';
import { freshPostgresDatabase } from '../../db/testing/stores.ts';
import { alertFingerprint, writeAlerts, type Alert } from '../detect/alerts/model.ts';
import { Workspace } from '../workspace.ts';
import type { PublishStatus } from './contract.ts';
import type { ServiceEvent } from './events.ts';
import { createService, type Service } from './service.ts';

const COLLECTED = '2026-11-01T08:00:00.000Z';
let home: string;
let service: Service;

function alert(i: number): Alert {
  const at = new Date(Date.UTC(2026, 10, 1, i)).toISOString();
  return {
    alert_id: alertFingerprint('edr.cloud_vm_without_agent', `vm-${i}`),
    rule_id: 'edr.cloud_vm_without_agent',
    resource: `vm-${i}`,
    resource_type: 'cloud_instance',
    asset_id: null,
    severity: 'high',
    title: 'Every cloud VM runs an EDR agent',
    reason: `Cloud VM vm-${i} has no active EDR agent.`,
    status: 'open',
    alarming: true,
    first_seen: at,
    last_seen: at,
    occurrences: 1,
    resolved_at: null,
    triage_reason: null,
    triaged_by: null,
    triaged_at: null,
    muted_until: null,
    dimensions_json: { project: 'p1' },
    updated_at: at,
  };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hotpot-publish-svc-'));
  const { workspace } = await Workspace.init(home);
  const store = await workspace.openStore();
  await store.transaction((tx) => writeAlerts(tx, [alert(1), alert(2), alert(3)], []));
  await applySnapshot(
    store,
    catalog,
    GOLD_COMPLIANCE,
    { sourceId: 'hotpot', scope: 'cis_gcp.4.9', collectedAt: COLLECTED, complete: true },
    [1, 2, 3].map((i) => ({
      row: {
        resource_id: `cis_gcp.4.9|vm-${i}`,
        rule_id: 'cis_gcp.4.9',
        resource: `vm-${i}`,
        status: 'alarm',
      },
    })),
  );
  await store.close();
  workspace.close();
  service = createService({ home });
});

afterAll(async () => {
  await service?.close();
  rmSync(home, { recursive: true, force: true });
});

function runEnd(runId: string, events: ServiceEvent[]): Promise<string> {
  return new Promise((resolve) => {
    const stop = service.subscribe((e) => {
      if (e.kind !== 'workflow' || e.event.rootRunId !== runId) return;
      events.push(e);
      if (e.event.runId === runId && e.event.type.startsWith('run.') && e.event.type !== 'run.started') {
        stop();
        resolve(e.event.type);
      }
    });
  });
}

test('set a target, publish with progress, and read the last publish per table', async () => {
  const before = (await service.handle('publish.status', {})) as PublishStatus;
  expect(before).toMatchObject({ target: null, tables: [], error: null });
  await expect(service.handle('publish.setTarget', { url: 'mysql://x' })).rejects.toMatchObject({
    code: 'BAD_INPUT',
  });

  const url = await freshPostgresDatabase();
  const password = new URL(url).password;
  expect(password).not.toBe('');
  const set = (await service.handle('publish.setTarget', { url })) as PublishStatus;
  expect(set.target).toContain(':***@');
  expect(JSON.stringify(set)).not.toContain(password);

  const events: ServiceEvent[] = [];
  const { runId } = (await service.handle('runs.launch', { sources: [], stages: ['publish'] })) as {
    runId: string;
  };
  expect(await runEnd(runId, events)).toBe('run.finished');
  const progress = events.flatMap((e) =>
    e.kind === 'workflow' && e.event.type === 'progress' && e.event.unit === 'tables' ? [e.event] : [],
  );
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);

  const after = (await service.handle('publish.status', {})) as PublishStatus;
  expect(after.error).toBeNull();
  expect(after.publisherId).toMatch(/^ws-/);
  // Resource tables keep a central watermark per publisher; plain ones (alerts) merge in full.
  const compliance = after.tables.find((t) => t.table === 'gold.compliance');
  expect(compliance?.rowsSent).toBeGreaterThanOrEqual(3);
  expect(compliance?.rowsWritten).toBeGreaterThanOrEqual(3);
  expect(compliance?.watermark).toBe(COLLECTED);
  expect(Date.parse(compliance?.publishedAt ?? '')).toBeGreaterThan(Date.now() - 120_000);
  expect(JSON.stringify(after)).not.toContain(password);

  // Unreachable central database: the page still loads and says why.
  const down = (await service.handle('publish.setTarget', {
    url: 'postgres://hotpot:down-secret@127.0.0.1:1/central',
  })) as PublishStatus;
  expect(down.target).toBe('postgres://hotpot:***@127.0.0.1:1/central');
  expect(down.error).toMatch(/Cannot reach/);
  expect(JSON.stringify(down)).not.toContain('down-secret');
}, 120_000);
