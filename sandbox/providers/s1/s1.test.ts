import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../index.ts';
import { s1Tenant } from '../../world/gen-s1.ts';
import { s1Changes, s1Counts } from '../../world/gen-s1-changes.ts';
import { s1View } from '../../world/gen-s1-view.ts';
import { computeTraps } from '../../world/traps.ts';
import { generateWorld } from '../../world/generate.ts';
import { mutate } from '../../world/mutate.ts';

let sb: RunningSandbox;
let s1: { baseUrl: string; apiToken: string; siteScopedToken: string };

type Json = Record<string, unknown> & {
  data: unknown;
  pagination?: { nextCursor: string | null; totalItems: number };
};

async function get(path: string, token = s1.apiToken): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${s1.baseUrl}/web/api/v2.1${path}`, {
    headers: { authorization: `ApiToken ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function all(path: string, token = s1.apiToken): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const { body } = await get(
      `${path}${sep}limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
    );
    const data = body.data as Record<string, unknown>[] | { sites: Record<string, unknown>[] };
    out.push(...(Array.isArray(data) ? data : data.sites));
    cursor = body.pagination?.nextCursor ?? null;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 3, scale: 'small' });
  s1 = sb.endpoints.providers.s1 as typeof s1;
});
afterAll(() => sb.stop());

describe('SentinelOne sandbox API', () => {
  it('prints its endpoint and both tokens', () => {
    expect(s1.baseUrl).toBe(sb.url);
    expect(s1.apiToken).not.toBe(s1.siteScopedToken);
  });

  it('answers 401 with the console error envelope for a missing or wrong token', async () => {
    const res = await fetch(`${s1.baseUrl}/web/api/v2.1/agents`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: [{ code: 4010010, detail: null, title: 'Authentication Failed' }],
    });
    expect((await get('/agents', 'nope')).status).toBe(401);
  });

  it('pages every listing with cursors and totals, and the counts equal the truth', async () => {
    const counts = s1Counts(sb.world());
    expect((await sb.harness.truth()).counts.s1).toEqual(counts);
    const active = await all('/agents');
    const decommissioned = await all('/agents?isDecommissioned=true');
    expect(decommissioned.every((a) => a.isDecommissioned === true)).toBe(true);
    expect(active.some((a) => a.isDecommissioned === true)).toBe(false);
    const agents = [...active, ...decommissioned];
    expect(agents).toHaveLength(counts.s1_agents);
    expect(new Set(agents.map((a) => a.id)).size).toBe(counts.s1_agents);
    expect(agents.reduce((n, a) => n + (a.networkInterfaces as unknown[]).length, 0)).toBe(
      counts.s1_agent_nics,
    );
    expect(await all('/sites')).toHaveLength(counts.s1_sites);
    expect(await all('/groups')).toHaveLength(counts.s1_groups);
    expect(await all('/accounts')).toHaveLength(counts.s1_accounts);
    expect(await all('/application-management/risks')).toHaveLength(counts.s1_application_risks);
    const first = await get('/agents?limit=5');
    expect(first.body.pagination?.totalItems).toBe(active.length);
    expect(first.body.data).toHaveLength(5);
  });

  it('serves sites under data.sites with allSites totals', async () => {
    const { body } = await get('/sites');
    const data = body.data as { allSites: { activeLicenses: number }; sites: unknown[] };
    expect(data.sites.length).toBeGreaterThan(0);
    expect(typeof data.allSites.activeLicenses).toBe('number');
  });

  it('rejects limits above 1000 and cursors from another listing', async () => {
    const tooBig = await get('/agents?limit=1001');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toMatchObject({ errors: [{ code: 4000010, title: 'Validation Error' }] });
    const cursor = (await get('/agents?limit=2')).body.pagination?.nextCursor ?? '';
    expect((await get(`/groups?limit=2&cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
  });

  it('gives a site-scoped token 403 (4030010) on accounts and only its own site elsewhere', async () => {
    const denied = await get('/accounts', s1.siteScopedToken);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ errors: [{ code: 4030010 }] });
    const scoped = s1Tenant(sb.world()).scopedSiteId;
    const sites = await all('/sites', s1.siteScopedToken);
    expect(sites.map((s) => s.id)).toEqual([scoped]);
    const agents = await all('/agents', s1.siteScopedToken);
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((a) => a.siteId === scoped)).toBe(true);
  });

  it('lists the installed applications of one agent and requires ids', async () => {
    const view = s1View(sb.world());
    const entry = [...view.agentById.values()].find((e) => e.machine.software.length > 0)!;
    const { body } = await get(`/agents/applications?ids=${entry.agent.id}`);
    expect((body.data as { name: string }[]).map((a) => a.name).sort()).toEqual(
      entry.machine.software.map((s) => s.name).sort(),
    );
    expect((await get('/agents/applications')).status).toBe(400);
  });

  it('reports GCP identity and every machine NIC, virtual ones included', async () => {
    const view = s1View(sb.world());
    const agents = [...(await all('/agents')), ...(await all('/agents?isDecommissioned=true'))];
    const byId = new Map(agents.map((a) => [a.id as string, a]));
    for (const e of view.agentById.values()) {
      const a = byId.get(e.agent.id)!;
      const nics = a.networkInterfaces as { physical: string }[];
      expect(nics.map((n) => n.physical)).toEqual(e.machine.nics.map((n) => n.mac));
      const gcp = (a.cloudProviders as { GCP?: { cloudInstanceId: string } }).GCP;
      if (e.machine.gcpInstanceId && e.agent.cloudIdentity)
        expect(gcp?.cloudInstanceId).toBe(e.machine.gcpInstanceId);
      else expect(a.cloudProviders).toEqual({});
    }
    // The traps reach the API: agents without identity, shared virtual MACs.
    const traps = computeTraps(sb.world());
    for (const t of traps['trap.agent_without_cloud_identity'])
      expect(byId.get(t.key)?.cloudProviders).toEqual({});
    const macs = new Set(
      agents.flatMap((a) => (a.networkInterfaces as { physical: string }[]).map((n) => n.physical)),
    );
    expect(macs.has('02:42:ac:11:00:02')).toBe(true);
  });
});

describe('SentinelOne world changes', () => {
  it('are deterministic, limited, and include the infected agents mutate planted', () => {
    const w0 = generateWorld(5, 'small');
    const w1 = mutate(w0);
    const changes = s1Changes(w0, w1);
    expect(s1Changes(generateWorld(5, 'small'), mutate(generateWorld(5, 'small')))).toEqual(changes);
    const infected = (w1.lastMutation?.changes ?? [])
      .filter((c) => c.kind === 'agent')
      .map((c) => c.resourceId);
    for (const id of infected)
      expect(changes).toContainEqual({ table: 's1_agents', kind: 'changed', resourceId: id });
    const agentChanges = changes.filter((c) => c.table === 's1_agents');
    expect(agentChanges.length).toBeGreaterThan(0);
    expect(agentChanges.length).toBeLessThan(s1Counts(w1).s1_agents / 5);
    // Volatile fields alone never count as a change: an unmutated world has none.
    expect(s1Changes(w0, { ...w0 })).toEqual([]);
  });
});
