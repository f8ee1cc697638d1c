// The FortiGate sandbox speaks like FortiOS: HTTPS only with its own certificate, token in the
// Authorization header only, envelopes, vdom=* arrays, start/count paging, per-version endpoints.
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../index.ts';

interface FortiEndpoint {
  baseUrl: string;
  apiToken: string;
  certificateSha256: string;
  caPem: string;
  devices: { serial: string; baseUrl: string }[];
}

let sb: RunningSandbox;
let fg: FortiEndpoint;

function get(
  base: string,
  path: string,
  token: string | undefined = fg.apiToken,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(base + path);
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          ca: fg.caPem,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
        },
      )
      .on('error', reject);
  });
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 2, scale: 'small' });
  fg = sb.endpoints.providers.fortinet as unknown as FortiEndpoint;
});
afterAll(() => sb.stop());

describe('FortiGate sandbox', () => {
  it('serves a self-signed certificate for 127.0.0.1 whose fingerprint it prints', () => {
    const cert = new X509Certificate(fg.caPem);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.fingerprint256).toBe(fg.certificateSha256);
    expect(fg.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fg.devices).toHaveLength(2);
  });

  it('answers the status envelope and refuses bad tokens, tokens in the URL and plain HTTP', async () => {
    const ok = await get(fg.baseUrl, '/api/v2/monitor/system/status');
    expect(ok.body).toMatchObject({
      status: 'success',
      http_status: 200,
      serial: 'FG100FTK22012345',
      version: 'v7.2.8',
      results: { hostname: 'FGT-HQ' },
    });
    expect(await get(fg.baseUrl, '/api/v2/monitor/system/status', 'nope')).toEqual({
      status: 401,
      body: { http_method: 'GET', status: 'error', http_status: 401 },
    });
    const inUrl = await get(
      fg.baseUrl,
      `/api/v2/monitor/system/status?access_token=${fg.apiToken}`,
      undefined,
    );
    expect(inUrl.status).toBe(401);
    const plain = await fetch(`${sb.url}/api/v2/monitor/system/status`, {
      headers: { authorization: `Bearer ${fg.apiToken}` },
    });
    expect(plain.status).toBe(400);
  });

  it('pages cmdb lists with start/count and answers vdom=* with one envelope per VDOM', async () => {
    const page = (await get(fg.baseUrl, '/api/v2/cmdb/firewall/policy?vdom=root&start=2&count=3'))
      .body as Record<string, unknown>;
    expect(page).toMatchObject({
      path: 'firewall',
      name: 'policy',
      vdom: 'root',
      next_idx: 4,
      status: 'success',
    });
    expect((page.results as { policyid: number }[]).map((p) => p.policyid)).toEqual([3, 4, 5]);
    const all = (await get(fg.baseUrl, '/api/v2/cmdb/firewall.service/custom?vdom=*')).body as {
      vdom: string;
      path: string;
    }[];
    expect(all.map((e) => e.vdom)).toEqual(['root', 'dmz']);
    expect(all[0]?.path).toBe('firewall.service');
    expect((await get(fg.baseUrl, '/api/v2/cmdb/firewall/address?vdom=nope')).status).toBe(404);
  });

  it('answers detected devices only on the endpoint of its FortiOS generation', async () => {
    const branch = fg.devices[1]?.baseUrl ?? '';
    expect((await get(branch, '/api/v2/monitor/user/device/query')).status).toBe(404);
    const select = (await get(branch, '/api/v2/monitor/user/device/select?count=2')).body as {
      results: unknown[];
    };
    expect(select.results).toHaveLength(2);
    await fetch(`${sb.url}/_sandbox/fortinet/settings`, {
      method: 'POST',
      body: JSON.stringify({ deviceApi: 'detected-device' }),
    });
    expect((await get(fg.baseUrl, '/api/v2/monitor/user/device/query')).status).toBe(404);
    expect((await get(fg.baseUrl, '/api/v2/monitor/user/detected-device')).status).toBe(200);
    await fetch(`${sb.url}/_sandbox/fortinet/settings`, {
      method: 'POST',
      body: JSON.stringify({ deviceApi: null }),
    });
  });
});
