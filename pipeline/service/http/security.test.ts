// Browser mode's guards, over real sockets: token required on every request, loopback peers
// only, Host and Origin checked, JSON-only calls, no path escape from the app folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../events.ts';
import { isLoopbackAddress } from './security.ts';
import { startHttpTransport, type HttpTransport } from './server.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

let transport: HttpTransport;
const listeners = new Set<(e: ServiceEvent) => void>();
const staticDir = mkdtempSync(join(tmpdir(), 'hotpot-app-'));

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  transport = await startHttpTransport({
    staticDir,
    service: {
      handle: async (name, input) => ({ name, input }),
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
  });
});
afterAll(() => transport.close());

const json = { 'content-type': 'application/json' };

describe('browser mode security', () => {
  it('binds to loopback only', () => {
    expect((transport.server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('rejects calls, events and pages without the token or with a wrong one', async () => {
    for (const path of ['/api/call/workspace.info', '/api/events', '/', '/index.html']) {
      const method = path.startsWith('/api/call') ? 'POST' : 'GET';
      expect(
        (
          await send(transport.url + path, {
            method,
            headers: json,
            body: method === 'POST' ? '{}' : undefined,
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await send(transport.url + path, {
            method,
            headers: { ...json, 'x-hotpot-token': 'wrong' },
            body: method === 'POST' ? '{}' : undefined,
          })
        ).status,
      ).toBe(401);
    }
    expect((await send(`${transport.url}/?token=wrong`)).status).toBe(401);
  });

  it('accepts the token as a header, a bearer, or the cookie set by the launch URL', async () => {
    const ok = await send(`${transport.url}/api/call/workspace.info`, {
      method: 'POST',
      headers: { ...json, 'x-hotpot-token': transport.token },
      body: '{"a":1}',
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, result: { name: 'workspace.info', input: { a: 1 } } });
    const bearer = await send(`${transport.url}/api/call/x`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${transport.token}` },
      body: '{}',
    });
    expect(bearer.status).toBe(200);
    const launch = await send(transport.launchUrl);
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toBe('/');
    const cookie = String(launch.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await send(`${transport.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('rejects foreign Host and Origin headers (DNS rebinding, cross-site calls)', async () => {
    const auth = { ...json, 'x-hotpot-token': transport.token };
    const body = '{}';
    const url = `${transport.url}/api/call/x`;
    expect(
      (
        await send(url, {
          method: 'POST',
          headers: { ...auth, host: `evil.example:${transport.port}` },
          body,
        })
      ).status,
    ).toBe(403);
    expect(
      (await send(url, { method: 'POST', headers: { ...auth, origin: 'http://evil.example' }, body })).status,
    ).toBe(403);
    expect(
      (await send(url, { method: 'POST', headers: { ...auth, origin: transport.url }, body })).status,
    ).toBe(200);
    expect(
      (
        await send(url, {
          method: 'POST',
          headers: { 'x-hotpot-token': transport.token, 'content-type': 'text/plain' },
          body,
        })
      ).status,
    ).toBe(415);
  });

  it('never serves files outside the app folder', async () => {
    const res = await send(`${transport.url}/..%2f..%2f..%2fetc%2fpasswd`, {
      headers: { 'x-hotpot-token': transport.token },
    });
    expect(res.body).not.toContain('root:');
  });

  it('rejects peers that are not on this computer', async () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('10.0.0.5')).toBe(false);
    expect(isLoopbackAddress('::ffff:192.168.1.2')).toBe(false);
    // Mount the same request handling on an all-interfaces listener and call it through a
    // non-loopback address of this machine: the guard, not the bind address, must refuse it.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no non-loopback interface here (e.g. an isolated sandbox)
    const exposed: Server = createServer(transport.listener);
    await new Promise<void>((r) => exposed.listen(0, '0.0.0.0', () => r()));
    try {
      const port = (exposed.address() as AddressInfo).port;
      const res = await send(`http://${external.address}:${port}/api/call/x`, {
        method: 'POST',
        headers: { ...json, 'x-hotpot-token': transport.token, host: `127.0.0.1:${transport.port}` },
        body: '{}',
      });
      expect(res.status).toBe(403);
    } finally {
      await new Promise<void>((r) => exposed.close(() => r()));
    }
  });

  it('streams events as server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${transport.url}/api/events`,
        { headers: { 'x-hotpot-token': transport.token } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes(': connected')) for (const l of listeners) l({ kind: 'sources.changed' });
            if (text.includes('data: ')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('data: {"kind":"sources.changed"}');
  });
});
