import { createSign } from 'node:crypto';
import {
  AddressesClient,
  DisksClient,
  FirewallsClient,
  GlobalAddressesClient,
  InstancesClient,
  NetworksClient,
  ProjectsClient,
  SubnetworksClient,
} from '@google-cloud/compute';
import { JWT, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../index.ts';

let sb: RunningSandbox;
let gcp: {
  apiEndpoint: string;
  port: number;
  accessToken: string;
  baseUrl: string;
  serviceAccountKey: { client_email: string; private_key: string; private_key_id: string; token_uri: string };
};
let forbidden = '';

function clientOptions(authClient: OAuth2Client | JWT) {
  return {
    apiEndpoint: gcp.apiEndpoint,
    port: gcp.port,
    protocol: 'http',
    fallback: true,
    authClient,
  } as const;
}

function tokenClient(token: string): OAuth2Client {
  const c = new OAuth2Client();
  c.setCredentials({ access_token: token });
  return c;
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 11, scale: 'small' });
  forbidden = sb.world().gcp.projects[5]?.projectId ?? '';
  const plugin = sb.harness.plugins.find((p) => p.name === 'gcp') as unknown as {
    setForbiddenProjects(p: string[]): void;
  };
  plugin.setForbiddenProjects([forbidden]);
  gcp = sb.endpoints.providers.gcp as unknown as typeof gcp;
});
afterAll(async () => {
  await sb.stop();
});

describe('simulated GCP through @google-cloud/compute', () => {
  it('lists aggregated instances over several pages with counts equal to the world', async () => {
    const client = new InstancesClient(clientOptions(tokenClient(gcp.accessToken)));
    const world = sb.world();
    const project = world.gcp.projects[0]?.projectId ?? '';
    const expected = world.gcp.instances.filter((i) => i.project === project);
    const seen: string[] = [];
    const scopes = new Set<string>();
    const before = sb.harness.stats.requests;
    for await (const [scope, list] of client.aggregatedListAsync({ project, maxResults: 7 })) {
      scopes.add(scope);
      for (const i of list.instances ?? []) seen.push(String(i.id));
      if ((list.instances ?? []).length === 0) expect(list.warning?.code).toBe('NO_RESULTS_ON_PAGE');
    }
    expect(sb.harness.stats.requests - before).toBe(Math.ceil(expected.length / 7));
    expect(expected.length).toBeGreaterThan(14);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(expected.map((i) => i.id)));
    expect([...scopes].every((s) => s.startsWith('zones/'))).toBe(true);

    // Every project together equals the world.
    let total = 0;
    for (const p of world.gcp.projects) {
      if (p.projectId === forbidden) continue;
      for await (const [, list] of client.aggregatedListAsync({ project: p.projectId, maxResults: 50 }))
        total += list.instances?.length ?? 0;
    }
    expect(total).toBe(world.gcp.instances.filter((i) => i.project !== forbidden).length);
    await client.close();
  });

  it('serves every listed resource kind with the world counts', async () => {
    const auth = tokenClient(gcp.accessToken);
    const world = sb.world();
    const truth = sb.harness.truth();
    const project = world.gcp.projects[1]?.projectId ?? '';
    const counts = truth.countsByProject[project] ?? {};
    const count = async <T>(it: AsyncIterable<[string, T]>, field: keyof T): Promise<number> => {
      let n = 0;
      for await (const [, list] of it) n += (list[field] as unknown[] | undefined)?.length ?? 0;
      return n;
    };
    expect(
      await count(
        new DisksClient(clientOptions(auth)).aggregatedListAsync({ project, maxResults: 5 }),
        'disks',
      ),
    ).toBe(counts.gcp_compute_disks);
    const regional = await count(
      new AddressesClient(clientOptions(auth)).aggregatedListAsync({ project, maxResults: 2 }),
      'addresses',
    );
    const globalAddresses = [];
    for await (const a of new GlobalAddressesClient(clientOptions(auth)).listAsync({
      project,
      maxResults: 1,
    }))
      globalAddresses.push(a);
    expect(regional + globalAddresses.length).toBe(counts.gcp_compute_addresses);
    expect(
      await count(
        new SubnetworksClient(clientOptions(auth)).aggregatedListAsync({ project, maxResults: 3 }),
        'subnetworks',
      ),
    ).toBe(counts.gcp_compute_subnetworks);
    const [networks] = await new NetworksClient(clientOptions(auth)).list({ project });
    expect(networks.length).toBe(counts.gcp_compute_networks);
    const firewalls = [];
    for await (const f of new FirewallsClient(clientOptions(auth)).listAsync({ project, maxResults: 4 }))
      firewalls.push(f);
    expect(firewalls.length).toBe(counts.gcp_compute_firewalls);
    expect(new Set(firewalls.map((f) => f.id)).size).toBe(firewalls.length);
    const [p] = await new ProjectsClient(clientOptions(auth)).get({ project });
    const wp = world.gcp.projects[1];
    expect(p.name).toBe(project);
    expect(String(p.id)).toBe(wp?.projectNumber);
    expect(p.defaultServiceAccount).toBe(`${wp?.projectNumber}-compute@developer.gserviceaccount.com`);
    expect(p.commonInstanceMetadata?.items?.length ?? 0).toBe(wp?.commonMetadata.length);
  });

  it('renders instance fields as the Compute API does', async () => {
    const world = sb.world();
    const wi = world.gcp.instances.find((i) => i.nics.some((n) => n.accessConfigs.some((a) => a.natIP)));
    if (!wi) throw new Error('world has no public instance');
    const res = await fetch(
      `${gcp.baseUrl}/compute/v1/projects/${wi.project}/aggregated/instances?maxResults=500`,
      { headers: { authorization: `Bearer ${gcp.accessToken}` } },
    );
    const body = (await res.json()) as { items: Record<string, { instances?: Record<string, unknown>[] }> };
    const got = body.items[`zones/${wi.zone}`]?.instances?.find((i) => i.id === wi.id);
    expect(got).toMatchObject({
      kind: 'compute#instance',
      id: wi.id,
      name: wi.name,
      status: wi.status,
      canIpForward: wi.canIpForward,
    });
    expect(got?.zone).toBe(`https://www.googleapis.com/compute/v1/projects/${wi.project}/zones/${wi.zone}`);
    expect(JSON.stringify(got)).toContain(`"natIP":"${wi.nics[0]?.accessConfigs[0]?.natIP ?? ''}"`);
    expect(typeof (got?.disks as { diskSizeGb: unknown }[])[0]?.diskSizeGb).toBe('string');
  });
});

describe('auth', () => {
  it('answers 401 with the Google envelope for a missing or unknown token', async () => {
    const url = `${gcp.baseUrl}/compute/v1/projects/${sb.world().gcp.projects[0]?.projectId}/global/firewalls`;
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const res = await fetch(url, { headers });
      expect(res.status).toBe(401);
      const body = (await res.json()) as {
        error: { code: number; status: string; errors: { reason: string }[] };
      };
      expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
      expect(body.error.errors[0]?.reason).toBe('authError');
    }
    const client = new FirewallsClient(clientOptions(tokenClient('ya29.wrong')));
    await expect(client.list({ project: 'x' })).rejects.toMatchObject({ code: 16 });
  });

  it('answers 403 PERMISSION_DENIED for the forbidden project only, and still lists it in discovery', async () => {
    const client = new InstancesClient(clientOptions(tokenClient(gcp.accessToken)));
    const drain = async (project: string): Promise<number> => {
      let n = 0;
      for await (const [, list] of client.aggregatedListAsync({ project, maxResults: 100 }))
        n += list.instances?.length ?? 0;
      return n;
    };
    await expect(drain(forbidden)).rejects.toMatchObject({ code: 7 });
    await expect(drain(sb.world().gcp.projects[0]?.projectId ?? '')).resolves.toBeGreaterThan(0);
    const auth = tokenClient(gcp.accessToken);
    const res = await auth.request<{ projects: { projectId: string; lifecycleState: string }[] }>({
      url: `${gcp.baseUrl}/v1/projects?filter=${encodeURIComponent('lifecycleState:ACTIVE')}`,
    });
    expect(res.data.projects.map((p) => p.projectId)).toContain(forbidden);
    expect(res.data.projects).toHaveLength(sb.world().gcp.projects.length);
  });

  it('discovers projects with v1 filters and pages, and v3 search', async () => {
    const auth = tokenClient(gcp.accessToken);
    const ids: string[] = [];
    let pageToken = '';
    do {
      const res = await auth.request<{ projects?: { projectId: string }[]; nextPageToken?: string }>({
        url: `${gcp.baseUrl}/v1/projects?pageSize=2${pageToken ? `&pageToken=${pageToken}` : ''}`,
      });
      ids.push(...(res.data.projects ?? []).map((p) => p.projectId));
      pageToken = res.data.nextPageToken ?? '';
    } while (pageToken);
    expect(ids).toEqual(sb.world().gcp.projects.map((p) => p.projectId));
    const prod = await auth.request<{ projects?: { projectId: string }[] }>({
      url: `${gcp.baseUrl}/v1/projects?filter=${encodeURIComponent('labels.env:prod id:acme-*')}`,
    });
    expect((prod.data.projects ?? []).every((p) => p.projectId.includes('-prod-'))).toBe(true);
    const v3 = await auth.request<{ projects: { name: string; state: string }[] }>({
      url: `${gcp.baseUrl}/v3/projects:search`,
    });
    expect(v3.data.projects[0]?.name).toMatch(/^projects\/\d+$/);
  });

  it('accepts the issued service-account key through google-auth-library JWT (self-signed JWT access)', async () => {
    const key = gcp.serviceAccountKey;
    const jwt = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id });
    const client = new ProjectsClient(clientOptions(jwt));
    const project = sb.world().gcp.projects[0]?.projectId ?? '';
    const [p] = await client.get({ project });
    expect(p.name).toBe(project);
  });

  it('exchanges a JWT-bearer assertion at token_uri for an access token', async () => {
    const key = gcp.serviceAccountKey;
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${enc({ alg: 'RS256', typ: 'JWT', kid: key.private_key_id })}.${enc({ iss: key.client_email, scope: 'https://www.googleapis.com/auth/cloud-platform', aud: key.token_uri, iat: now, exp: now + 3600 })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key).toString('base64url');
    const res = await fetch(key.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.${signature}`,
      }),
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const client = new NetworksClient(clientOptions(tokenClient(access_token)));
    const [networks] = await client.list({ project: sb.world().gcp.projects[0]?.projectId ?? '' });
    expect(networks.length).toBeGreaterThan(0);
    const bad = await fetch(key.token_uri, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.AAAA`,
      }),
    });
    expect(bad.status).toBe(400);
  });
});
