// One suite, two transports: every call runs over HTTP + SSE and over the IPC transport (with an
// in-process fake of Electron's channel pair), against a real sandbox-backed workspace. A source
// added with a known secret must never show up in any response, event or log line. The workspace
// starts with one full GCP run (ingest, normalize, detect), so assets, alerts and compliance are
// real pipeline output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../sources/testing/sandbox-workspace.ts';
import { typedClient, type ServiceClient, type ServiceTransport } from './client.ts';
import type { ServiceCallError } from './contract.ts';
import type { ServiceEvent } from './events.ts';
import { httpTransport } from './http/client.ts';
import { startHttpTransport, type HttpTransport } from './http/server.ts';
import { registerIpcTransport } from './ipc/main.ts';
import { bridgeTransport, createBridge } from './ipc/renderer.ts';
import { createService, type Service } from './service.ts';
import { createFakeIpcPair } from './testing/fake-ipc.ts';
import { pipelineRunWorkflow } from '../workflows/pipeline-run.ts';
import type { Alert } from './contract.ts';

let sandbox: RunningSandbox;
let ws: SandboxWorkspace;
let service: Service;
let http: HttpTransport;
let stopIpc: () => void;
let secret: string;
let baseUrl: string;
const seen: string[] = [];
const logs: string[] = [];
const clients: Record<'http' | 'ipc', ServiceClient> = {} as Record<'http' | 'ipc', ServiceClient>;

/** Records every result, error and event that crosses a transport, for the secret scan. */
function recording(transport: ServiceTransport): ServiceTransport {
  return {
    async call(name, input) {
      try {
        const result = await transport.call(name, input);
        seen.push(JSON.stringify(result));
        return result;
      } catch (error) {
        seen.push(
          JSON.stringify({ message: (error as Error).message, code: (error as ServiceCallError).code }),
        );
        throw error;
      }
    },
    subscribe: (listener) =>
      transport.subscribe((e) => {
        seen.push(JSON.stringify(e));
        listener(e);
      }),
  };
}

function waitForRun(client: ServiceClient, runId: string, events: ServiceEvent[]): Promise<string> {
  return new Promise((resolve) => {
    const stop = client.subscribe((e) => {
      if (e.kind !== 'workflow' || e.event.rootRunId !== runId) return;
      events.push(e);
      if (e.event.runId === runId && e.event.type.startsWith('run.') && e.event.type !== 'run.started') {
        stop();
        resolve(e.event.type);
      }
    });
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, scale: 'small' });
  ws = await sandboxWorkspace(sandbox, ['gcp']);
  const seeded = await ws.run(pipelineRunWorkflow, {
    sources: [{ provider: 'gcp', sourceId: 'sandbox-gcp' }],
    stages: ['ingest', 'normalize', 'detect'],
  });
  if (seeded.status !== 'completed') throw new Error(`seed run ${seeded.status}`);
  const s1 = sandbox.endpoints.providers.s1 as unknown as { baseUrl: string; apiToken: string };
  secret = s1.apiToken;
  baseUrl = s1.baseUrl;
  service = createService({ home: ws.home, runtime: ws.runtime, log: (l) => logs.push(l) });
  http = await startHttpTransport({ service, log: (l) => logs.push(l) });
  const pair = createFakeIpcPair();
  stopIpc = registerIpcTransport({ ipcMain: pair.ipcMain, service, target: pair.webContents });
  clients.http = typedClient(recording(httpTransport({ baseUrl: http.url, token: http.token })));
  clients.ipc = typedClient(recording(bridgeTransport(createBridge(pair.ipcRenderer))));
}, 180_000);

afterAll(async () => {
  stopIpc?.();
  await http?.close();
  await service?.close();
  await ws?.dispose();
  await sandbox?.stop();
});

describe.each(['http', 'ipc'] as const)('service over %s', (transport) => {
  const client = (): ServiceClient => clients[transport];
  const id = `s1-${transport}`;

  it('answers workspace and provider calls', async () => {
    const info = await client().call('workspace.info', {});
    expect(info.home).toBe(ws.home);
    const providers = await client().call('providers.list', {});
    expect(providers.find((p) => p.provider === 's1')?.secretNames).toEqual(['apiToken']);
  });

  it('rejects bad input and unknown calls with a code and a sentence', async () => {
    await expect(client().call('runs.show', { runId: '' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      (client() as unknown as { call(n: string, i: unknown): Promise<unknown> }).call('nope.nothing', {}),
    ).rejects.toMatchObject({ code: 'UNKNOWN_CALL' });
    await expect(
      client().call('sources.save', { id: 'x', provider: 'nope', config: {} }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_PROVIDER',
    });
    await expect(
      client().call('sources.save', { id: 'x', provider: 's1', config: { baseUrl: 42 } }),
    ).rejects.toMatchObject({ code: 'BAD_CONFIG' });
  });

  it('saves a source with a write-only secret', async () => {
    const saved = await client().call('sources.save', {
      id,
      provider: 's1',
      name: 'Sandbox S1',
      config: { baseUrl },
      secrets: { apiToken: secret },
    });
    expect(saved.secretNames).toEqual(['apiToken']);
    const again = await client().call('sources.save', {
      id,
      provider: 's1',
      config: { baseUrl },
      secrets: { apiToken: '' },
    });
    expect(again.secretNames).toEqual(['apiToken']); // an empty field keeps the stored secret
    expect((await client().call('sources.list', {})).map((s) => s.id)).toContain(id);
    const test = await client().call('sources.test', { id });
    expect(test.ok).toBe(true);
  });

  it('launches an ingest run and streams its progress to the end', async () => {
    const events: ServiceEvent[] = [];
    const { runId } = await client().call('runs.launch', { sources: [id], stages: ['ingest'] });
    const end = await waitForRun(client(), runId, events);
    expect(end).toBe('run.finished');
    expect(events.some((e) => e.kind === 'workflow' && e.event.type === 'step.finished')).toBe(true);
    const runs = await client().call('runs.list', {});
    expect(runs.find((r) => r.runId === runId)?.status).toBe('completed');
    const detail = await client().call('runs.show', { runId });
    expect(detail.steps.length).toBeGreaterThan(0);
    expect(await client().call('runs.cancel', { runId })).toEqual({
      state: 'already-finished',
      status: 'completed',
    });
  }, 120_000);

  it('pages, filters, sorts and exports a bronze table, and travels in time', async () => {
    const tables = await client().call('tables.list', { withCounts: true });
    const agents = tables.find((t) => t.name === 'bronze.s1_agents');
    expect(agents?.rows).toBeGreaterThan(0);
    expect(tables.some((t) => t.name === 'bronze_history.s1_agents')).toBe(true);
    const only = await client().call('tables.list', {
      withCounts: true,
      names: ['gold.alerts', 'bronze_history.s1_agents'],
    });
    expect(only.map((t) => t.name).sort()).toEqual(['bronze_history.s1_agents', 'gold.alerts']);
    expect(only.find((t) => t.name === 'gold.alerts')?.rows).toBeGreaterThan(0);
    const page = await client().call('tables.page', {
      table: 'bronze.s1_agents',
      filters: [{ column: 'source_id', op: 'eq', value: id }],
      sort: [{ column: 'resource_id', direction: 'desc' }],
      limit: 5,
    });
    expect(page.rows.length).toBe(5);
    expect(page.total).toBeGreaterThan(5);
    const ids = page.rows.map((r) => String(r.resource_id));
    expect([...ids].sort().reverse()).toEqual(ids);
    const csv = await client().call('tables.exportCsv', {
      table: 'bronze.s1_agents',
      filters: [{ column: 'source_id', op: 'eq', value: id }],
    });
    expect(csv.rows).toBe(page.total);
    expect(csv.csv.split('\r\n')[0]).toContain('resource_id');
    const history = await client().call('tables.page', { table: 'bronze_history.s1_agents', limit: 1 });
    expect(history.columns.map((c) => c.name)).toContain('valid_from');
    const first = page.rows[0]!;
    const version = await client().call('tables.asOf', {
      table: 'bronze.s1_agents',
      sourceId: id,
      resourceId: String(first.resource_id),
      at: new Date().toISOString(),
    });
    expect(version?.row.resource_id).toBe(first.resource_id);
    const change = await client().call('tables.diff', {
      table: 'bronze.s1_agents',
      sourceId: id,
      resourceId: String(first.resource_id),
      from: '2000-01-01T00:00:00Z',
      to: new Date().toISOString(),
    });
    expect(change.resource).toBe('added');
  });

  it('triages alerts in bulk and shows one alert with its rule and lifecycle', async () => {
    // Each transport takes its own two open alerts of the same rule, so the runs do not interfere.
    const page = await client().call('tables.page', {
      table: 'gold.alerts',
      filters: [
        { column: 'rule_id', op: 'eq', value: 'edr.cloud_vm_without_agent' },
        { column: 'status', op: 'eq', value: 'open' },
      ],
      sort: [{ column: 'alert_id', direction: transport === 'http' ? 'asc' : 'desc' }],
      limit: 2,
    });
    const ids = page.rows.map((r) => String(r.alert_id));
    expect(ids).toHaveLength(2);
    const before = await client().call('alerts.summary', {});
    const openHigh = (s: typeof before): number =>
      s.find((c) => c.status === 'open' && c.severity === 'high')?.n ?? 0;

    await expect(client().call('alerts.triage', { alertIds: ids, action: 'mute' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('reason'),
    });
    await expect(
      client().call('alerts.triage', { alertIds: ids, action: 'ack', until: '2030-01-01' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const acked = await client().call('alerts.triage', {
      alertIds: [...ids, 'ffffffffffffffffffffffff'],
      action: 'ack',
      reason: `known, ticket ${transport}`,
    });
    expect(acked.updated.map((a: Alert) => a.status)).toEqual(['acknowledged', 'acknowledged']);
    expect(acked.failed).toEqual([
      expect.objectContaining({ alertId: 'ffffffffffffffffffffffff', code: 'NO_SUCH_ALERT' }),
    ]);
    expect(openHigh(await client().call('alerts.summary', {}))).toBe(openHigh(before) - 2);

    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const muted = await client().call('alerts.triage', {
      alertIds: [ids[0]!],
      action: 'mute',
      reason: 'maintenance window',
      until,
    });
    expect(muted.updated[0]).toMatchObject({ status: 'muted', triage_reason: 'maintenance window' });
    expect(Date.parse(String(muted.updated[0]?.muted_until))).toBe(Date.parse(until));

    const detail = await client().call('alerts.show', { alertId: ids[0]! });
    expect(detail.alert.status).toBe('muted');
    expect(detail.alert.triaged_by).toBeTruthy();
    expect(detail.rule).toMatchObject({ id: 'edr.cloud_vm_without_agent', severity: 'high' });
    expect(detail.rule?.remediation).toMatch(/agent/i);
    expect(detail.events.map((e) => e.event)).toEqual(['opened', 'acknowledged', 'muted']);
    expect(detail.events[1]?.reason).toBe(`known, ticket ${transport}`);

    const fp = await client().call('alerts.triage', {
      alertIds: [ids[1]!],
      action: 'false-positive',
      reason: 'agentless appliance',
    });
    expect(fp.updated[0]?.status).toBe('false_positive');
    const reopened = await client().call('alerts.triage', { alertIds: ids, action: 'reopen' });
    expect(reopened.updated.map((a: Alert) => a.status)).toEqual(['open', 'open']);
    await expect(client().call('alerts.show', { alertId: 'not-hex' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });

  it('groups compliance by benchmark and control', async () => {
    const benchmarks = await client().call('compliance.benchmarks', {});
    const cis = benchmarks.find((b) => b.benchmark.startsWith('cis_gcp'));
    expect(cis).toBeDefined();
    const controls = cis!.controls.map((c) => c.control);
    expect(controls.indexOf('4.9')).toBeLessThan(controls.indexOf('4.11'));
    const publicIp = cis!.controls.find((c) => c.control === '4.9');
    const alarms = await client().call('tables.page', {
      table: 'gold.compliance',
      filters: [
        { column: 'rule_id', op: 'eq', value: publicIp!.ruleId },
        { column: 'status', op: 'eq', value: 'alarm' },
      ],
      limit: 0,
    });
    expect(publicIp!.counts.alarm ?? 0).toBe(alarms.total);
    expect(alarms.total).toBeGreaterThan(0);
  });

  it('shows an asset with its merge evidence, findings, alerts and timeline', async () => {
    const alerts = await client().call('tables.page', {
      table: 'gold.alerts',
      filters: [
        { column: 'rule_id', op: 'eq', value: 'edr.cloud_vm_without_agent' },
        { column: 'asset_id', op: 'notNull' },
      ],
      limit: 1,
    });
    const assetId = String(alerts.rows[0]?.asset_id);
    const detail = await client().call('assets.show', { assetId });
    expect(detail.asset.resource_id).toBe(assetId);
    expect(detail.asset.edr).toBe('none');
    expect(detail.sources.length).toBeGreaterThan(0);
    expect(detail.sources[0]).toMatchObject({ source_table: expect.stringMatching(/^bronze\./) });
    expect(detail.sources.every((s) => typeof s.rule === 'string')).toBe(true);
    expect(detail.alerts.map((a) => a.rule_id)).toContain('edr.cloud_vm_without_agent');
    const timeline = await client().call('assets.timeline', { assetId });
    expect(timeline?.subject).toEqual({ kind: 'asset', id: assetId });
    expect(timeline?.events.some((e) => e.table === 'silver.assets' && e.change === 'added')).toBe(true);
    await expect(client().call('assets.show', { assetId: 'no-such-asset' })).rejects.toMatchObject({
      code: 'NO_SUCH_ASSET',
    });
  });

  it('saves a schedule that fires a planned pipeline run, and removes it', async () => {
    const scheduleId = `every-second-${transport}`;
    await expect(
      client().call('schedules.save', { id: scheduleId, cron: 'every tuesday', stages: ['ingest'] }),
    ).rejects.toMatchObject({ code: 'BAD_SCHEDULE' });
    await expect(
      client().call('schedules.save', { id: 'Bad Id', cron: '* * * * *', stages: ['ingest'] }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const saved = await client().call('schedules.save', {
      id: scheduleId,
      cron: '* * * * * *',
      sources: [id],
      stages: ['ingest'],
    });
    expect(saved).toMatchObject({ id: scheduleId, sources: [id], stages: ['ingest'], enabled: true });
    expect(Date.parse(saved.nextFireAt)).toBeLessThanOrEqual(Date.now() + 2_000);
    // The service fires due schedules itself; the run is journaled with its schedule id.
    let fired: string | null = null;
    for (let i = 0; i < 100 && !fired; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const current = (await client().call('schedules.list', {})).find((x) => x.id === scheduleId);
      fired = current?.lastRunId ?? null;
    }
    expect(fired).not.toBeNull();
    expect((await client().call('schedules.remove', { id: scheduleId })).removed).toBe(true);
    const run = await client().call('runs.show', { runId: fired! });
    expect(run.scheduleId).toBe(scheduleId);
    expect(run.input).toEqual({ sources: [{ provider: 's1', sourceId: id }], stages: ['ingest'] });
    expect((await client().call('schedules.list', {})).some((x) => x.id === scheduleId)).toBe(false);
    // Let the fired ingest finish so it does not run into the next test's calls.
    for (let i = 0; i < 300; i++) {
      if ((await client().call('runs.show', { runId: fired! })).status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  it('reads the overview and settings', async () => {
    const overview = await client().call('overview.get', {});
    expect(overview.perSource.some((s) => s.sourceId === id && s.layer === 'bronze' && s.rows > 0)).toBe(
      true,
    );
    expect(overview.lastRuns.length).toBeGreaterThan(0);
    const store = await ws.runtime.env.store();
    const [assets] = await store.query<{ n: number; none: number }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE in_cloud AND edr = 'none') AS none FROM silver.assets",
    );
    expect(overview.coverage.reduce((n, c) => n + c.machines, 0)).toBe(Number(assets?.n));
    expect(overview.coverage.find((c) => c.group === 'cloud' && c.edr === 'none')?.machines).toBe(
      Number(assets?.none),
    );
    const [opened] = await store.query<{ n: number }>(
      "SELECT count(*) AS n FROM gold.alert_events WHERE to_status = 'open'",
    );
    expect(Number(opened?.n)).toBeGreaterThan(0);
    expect(overview.alertsByDay.reduce((n, d) => n + d.opened, 0)).toBe(Number(opened?.n));
    expect(overview.alertsByDay.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day))).toBe(true);
    const settings = await client().call('settings.get', {});
    expect(settings.engine).toBe('local');
  });
});

describe('both transports', () => {
  it('return identical results for the same call', async () => {
    const input = {
      table: 'bronze.s1_agents',
      sort: [{ column: 'resource_id', direction: 'asc' as const }],
      limit: 20,
    };
    expect(await clients.http.call('tables.page', input)).toEqual(
      await clients.ipc.call('tables.page', input),
    );
    expect(await clients.http.call('sources.list', {})).toEqual(await clients.ipc.call('sources.list', {}));
  });

  it('never return or log a secret', async () => {
    await clients.http.call('settings.set', { store: 'postgres://hotpot:pg-secret-pw@db.example:5432/h' });
    const masked = await clients.ipc.call('settings.get', {});
    expect(masked.store).toBe('postgres://hotpot:***@db.example:5432/h');
    await clients.http.call('settings.set', { store: '' });
    expect(seen.length).toBeGreaterThan(20);
    for (const body of [...seen, ...logs]) {
      expect(body).not.toContain(secret);
      expect(body).not.toContain('pg-secret-pw');
    }
  });
});
