import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../index.ts';
import { generateWorld, mutate } from '../../world/index.ts';
import { computeTruth } from '../../world/truth.ts';
import type { VngProvider } from './index.ts';

let sb: RunningSandbox;
let vng: {
  iamUrl: string;
  gatewayUrlTemplate: string;
  clientId: string;
  clientSecret: string;
  regions: string[];
};
let token = '';

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const gw = (region: string): string => vng.gatewayUrlTemplate.replace('{region}', region);
const get = async (url: string): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  sb = await startSandbox({ seed: 7, scale: 'small' });
  vng = sb.endpoints.providers.vng as unknown as typeof vng;
  const res = await fetch(`${vng.iamUrl}/accounts-api/v2/auth/token`, {
    method: 'POST',
    headers: {
      authorization: basic(vng.clientId, vng.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sb.stop();
});

describe('simulated VNG IAM', () => {
  it('issues 7200 s bearer tokens for the service account, by form or JSON body', async () => {
    const res = await fetch(`${vng.iamUrl}/accounts-api/v2/auth/token`, {
      method: 'POST',
      headers: {
        authorization: basic(vng.clientId, vng.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      expires_in: 7200,
      token_type: 'Bearer',
      access_token: expect.any(String),
    });
  });

  it('answers a wrong secret and a wrong grant with the IAM error envelope', async () => {
    const bad = await fetch(`${vng.iamUrl}/accounts-api/v2/auth/token`, {
      method: 'POST',
      headers: { authorization: basic(vng.clientId, 'nope') },
      body: 'grant_type=client_credentials',
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({
      errors: [{ code: 'AUTHENTICATION_FAILED', message: expect.any(String) }],
    });
    const grant = await fetch(`${vng.iamUrl}/accounts-api/v2/auth/token`, {
      method: 'POST',
      headers: { authorization: basic(vng.clientId, vng.clientSecret) },
      body: 'grant_type=password',
    });
    expect(grant.status).toBe(400);
  });
});

describe('simulated vServer gateway', () => {
  it('lists projects per region and pages servers in the listData envelope', async () => {
    const world = sb.world();
    for (const region of vng.regions) {
      const { body } = await get(`${gw(region)}/v1/projects`);
      const ids = (body as { projects: { projectId: string }[] }).projects.map((p) => p.projectId).sort();
      expect(ids).toEqual(
        (world.vng?.projects ?? [])
          .filter((p) => p.region === region)
          .map((p) => p.projectId)
          .sort(),
      );
    }
    const project = world.vng?.projects[0];
    if (!project) throw new Error('no project');
    const expected = world.machines
      .filter((m) => m.vng?.projectId === project.projectId)
      .map((m) => m.vng?.id);
    const seen: unknown[] = [];
    for (let page = 1; ; page++) {
      const { body } = await get(`${gw(project.region)}/v2/${project.projectId}/servers?page=${page}&size=3`);
      const env = body as {
        listData: { uuid: string }[];
        page: number;
        pageSize: number;
        totalPage: number;
        totalItem: number;
      };
      expect(env).toMatchObject({
        page,
        pageSize: 3,
        totalItem: expected.length,
        totalPage: Math.ceil(expected.length / 3),
      });
      seen.push(...env.listData.map((s) => s.uuid));
      if (page >= env.totalPage) break;
    }
    expect(seen).toEqual(expected);
    const beyond = await get(`${gw(project.region)}/v2/${project.projectId}/servers?page=99&size=3`);
    expect((beyond.body as { listData: unknown[] }).listData).toEqual([]);
    expect((await get(`${gw(project.region)}/v2/${project.projectId}/servers?size=0`)).status).toBe(400);
  });

  it('serves subnets as a bare array, rules under data, and 404 for a project of another region', async () => {
    const world = sb.world();
    const project = world.vng?.projects[0];
    const network = world.vng?.networks.find((n) => n.projectId === project?.projectId);
    const group = world.vng?.secgroups.find((g) => g.projectId === project?.projectId);
    if (!project || !network || !group) throw new Error('no project records');
    const subnets = await get(`${gw(project.region)}/v2/${project.projectId}/networks/${network.id}/subnets`);
    expect(Array.isArray(subnets.body)).toBe(true);
    const rules = await get(
      `${gw(project.region)}/v2/${project.projectId}/secgroups/${group.id}/secGroupRules`,
    );
    expect((rules.body as { data: unknown[] }).data).toHaveLength(group.rules.length);
    const other = project.region === 'hcm-3' ? 'han-1' : 'hcm-3';
    const wrong = await get(`${gw(other)}/v2/${project.projectId}/servers`);
    expect(wrong.status).toBe(404);
    expect(wrong.body).toEqual({ message: expect.any(String) });
  });

  it('rejects expired and revoked tokens with 401', async () => {
    const plugin = sb.harness.plugins.find((p) => p.name === 'vng') as VngProvider;
    const project = sb.world().vng?.projects[0];
    const url = `${gw(project?.region ?? '')}/v2/${project?.projectId ?? ''}/volumes`;
    expect((await get(url)).status).toBe(200);
    plugin.auth.revokeAll();
    expect(await get(url)).toEqual({ status: 401, body: { message: 'Unauthorized: Invalid token.' } });
  });
});

describe('VNG world', () => {
  it('plants internet-open admin ports at every scale and keeps them through mutate', () => {
    for (const scale of ['small', 'medium'] as const) {
      const w0 = generateWorld(3, scale);
      const f0 = computeTruth(w0).findings['exposure.vng_secgroup_open_admin_ports'];
      expect(f0.length).toBeGreaterThanOrEqual(6);
      for (const port of ['tcp:22', 'tcp:3389', 'tcp:3306', 'tcp:5432', 'tcp:1433', 'tcp:27017'])
        expect(
          f0.some((f) => f.detail?.split(',').includes(port)),
          port,
        ).toBe(true);
      const w1 = mutate(w0);
      const f1 = computeTruth(w1).findings['exposure.vng_secgroup_open_admin_ports'];
      expect(f1.map((f) => f.id).sort()).toEqual(f0.map((f) => f.id).sort());
      const vngChanges = (w1.lastMutation?.changes ?? []).filter((c) => c.resourceType.startsWith('vng_'));
      for (const c of vngChanges.filter((x) => x.kind === 'status'))
        expect(w1.machines.find((m) => m.vng?.id === c.resourceId)?.vng?.status).toBe('STOPPED');
      expect(vngChanges.some((c) => c.kind === 'secgroup_rule')).toBe(true);
    }
  });
});
