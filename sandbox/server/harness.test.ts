import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../index.ts';
import type { Truth } from '../world/truth.ts';
import { parseFaultSpec } from './faults.ts';

const started: RunningSandbox[] = [];
async function sandbox(faults?: string): Promise<RunningSandbox> {
  const sb = await startSandbox({ seed: 21, scale: 'small', ...(faults ? { faults } : {}) });
  started.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** A minimal client that retries the way the pipeline must: 429/5xx/timeouts/bad JSON/loops. */
async function getJson(url: string, token: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(400),
      });
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) continue;
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('HTTP ')) throw error;
    }
  }
  throw new Error(`gave up on ${url}`);
}

async function collectAll(sb: RunningSandbox, pageSize: number): Promise<string[]> {
  const gcp = sb.endpoints.providers.gcp as { baseUrl: string; accessToken: string };
  const out: string[] = [];
  for (const p of sb.world().gcp.projects) {
    for (const resource of ['aggregated/instances', 'global/firewalls']) {
      const seen = new Set<string>();
      let token = '';
      for (;;) {
        const url = `${gcp.baseUrl}/compute/v1/projects/${p.projectId}/${resource}?maxResults=${pageSize}${token ? `&pageToken=${token}` : ''}`;
        const body = await getJson(url, gcp.accessToken);
        const next = typeof body.nextPageToken === 'string' ? body.nextPageToken : '';
        // A cursor we already followed means a loop: ask for the same page again.
        if (next && seen.has(next)) continue;
        if (resource.startsWith('aggregated')) {
          for (const scope of Object.values(body.items as Record<string, { instances?: unknown[] }>))
            for (const i of scope.instances ?? []) out.push(JSON.stringify(i));
        } else for (const f of (body.items as unknown[] | undefined) ?? []) out.push(JSON.stringify(f));
        if (!next) break;
        seen.add(next);
        token = next;
      }
    }
  }
  return out;
}

const FAULTS =
  '429=0.2,5xx=0.15,truncate=0.1,loop=0.1,timeout=0.05,timeout_after=100ms,retry_after=0s,latency=1ms';

describe('fault injection', () => {
  it('parses specs and rejects unknown keys', () => {
    expect(
      parseFaultSpec('429=0.1,5xx=0.05,latency=50ms,timeout=0.01,truncate=0.01,loop=0.01'),
    ).toMatchObject({
      rate429: 0.1,
      rate5xx: 0.05,
      latencyMs: 50,
      timeout: 0.01,
      truncate: 0.01,
      loop: 0.01,
    });
    expect(parseFaultSpec(undefined).rate429).toBe(0);
    expect(() => parseFaultSpec('teapot=0.1')).toThrow(/unknown fault/);
    expect(() => parseFaultSpec('429=2')).toThrow(/probability/);
  });

  it('returns the same final data as a fault-free run, and injects the same faults every run', async () => {
    const clean = await collectAll(await sandbox(), 5);
    const faulty = await sandbox(FAULTS);
    const data = await collectAll(faulty, 5);
    expect(data).toEqual(clean);
    expect(new Set(clean).size).toBe(clean.length);
    const injected = { ...faulty.harness.faults.injected };
    for (const kind of ['429', '5xx', 'truncate', 'loop'] as const)
      expect(injected[kind], kind).toBeGreaterThan(0);
    const again = await sandbox(FAULTS);
    await collectAll(again, 5);
    expect(again.harness.faults.injected).toEqual(injected);
  });

  it('never faults the control API and sends Retry-After with 429', async () => {
    const sb = await sandbox('429=1');
    const gcp = sb.endpoints.providers.gcp as { baseUrl: string; accessToken: string };
    const res = await fetch(
      `${gcp.baseUrl}/compute/v1/projects/${sb.world().gcp.projects[0]?.projectId}/global/networks`,
      { headers: { authorization: `Bearer ${gcp.accessToken}` } },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe('RESOURCE_EXHAUSTED');
    const truth = await fetch(`${sb.url}/_sandbox/truth`);
    expect(truth.status).toBe(200);
    expect(((await truth.json()) as Truth).generation).toBe(0);
    // Replacing the spec takes effect at once.
    const set = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ spec: 'none' }),
    });
    expect(set.status).toBe(200);
    const ok = await fetch(
      `${gcp.baseUrl}/compute/v1/projects/${sb.world().gcp.projects[0]?.projectId}/global/networks`,
      { headers: { authorization: `Bearer ${gcp.accessToken}` } },
    );
    expect(ok.status).toBe(200);
    const bad = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: 'bogus=1' });
    expect(bad.status).toBe(400);
  });
});

describe('control API', () => {
  it('serves the truth and advances the world', async () => {
    const sb = await sandbox();
    const truth = (await (await fetch(`${sb.url}/_sandbox/truth`)).json()) as Truth & {
      providers: { gcp: { forbiddenProjects: string[] } };
    };
    expect(truth.counts.gcp?.gcp_compute_instances).toBe(200);
    expect(Object.keys(truth.machines)).toHaveLength(sb.world().machines.length);
    expect(truth.findings['edr.cloud_vm_without_agent'].length).toBeGreaterThan(0);
    expect(truth.providers.gcp.forbiddenProjects).toEqual([]);
    const sections = (await (
      await fetch(`${sb.url}/_sandbox/truth?sections=counts,generation`)
    ).json()) as Record<string, unknown>;
    expect(Object.keys(sections).sort()).toEqual(['counts', 'generation']);

    const summary = (await (await fetch(`${sb.url}/_sandbox/mutate`, { method: 'POST' })).json()) as {
      generation: number;
      created: number;
      changes: unknown[];
    };
    expect(summary.generation).toBe(1);
    expect(summary.changes.length).toBeGreaterThan(summary.created);
    const after = (await (
      await fetch(`${sb.url}/_sandbox/truth?sections=generation,lastMutation`)
    ).json()) as Truth;
    expect(after.generation).toBe(1);
    expect(after.lastMutation?.generation).toBe(1);

    const forbid = await fetch(`${sb.url}/_sandbox/gcp/forbidden-projects`, {
      method: 'POST',
      body: JSON.stringify({ projects: ['acme-x'] }),
    });
    expect(forbid.status).toBe(200);
  });
});
