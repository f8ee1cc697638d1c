import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../common/errors.ts';
import { CursorLoopError, S1ApiError, S1BodyError, S1Client } from './client.ts';

let server: Server | undefined;
let hits: string[] = [];

async function serve(handler: (url: URL) => { status?: number; body: string }): Promise<S1Client> {
  hits = [];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(`${url.pathname}${url.search}`);
    expect(req.headers.authorization).toBe('ApiToken t0k');
    const r = handler(url);
    res.writeHead(r.status ?? 200, { 'content-type': 'application/json' }).end(r.body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return new S1Client({
    sourceId: 's1-test',
    baseUrl,
    apiToken: 't0k',
    pageSize: 2,
    http: { initialDelayMs: 1, jitter: 0 },
  });
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function drain(pages: AsyncIterable<unknown[]>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const p of pages) out.push(...p);
  return out;
}

describe('S1Client', () => {
  it('follows nextCursor until null and sends limit and filters', async () => {
    const client = await serve((url) => {
      const cursor = url.searchParams.get('cursor');
      return cursor === null
        ? {
            body: JSON.stringify({
              data: [{ id: '1' }, { id: '2' }],
              pagination: { nextCursor: 'c2', totalItems: 3 },
            }),
          }
        : { body: JSON.stringify({ data: [{ id: '3' }], pagination: { nextCursor: null, totalItems: 3 } }) };
    });
    expect(await drain(client.agents('42', false))).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(hits).toEqual([
      '/web/api/v2.1/agents?siteIds=42&isDecommissioned=false&limit=2',
      '/web/api/v2.1/agents?siteIds=42&isDecommissioned=false&limit=2&cursor=c2',
    ]);
  });

  it('stops a listing whose cursor keeps pointing back, after asking again, without yielding the repeats', async () => {
    const client = await serve((url) => ({
      body: JSON.stringify({
        data: [{ id: url.searchParams.get('cursor') ?? 'first' }],
        pagination: { nextCursor: 'same', totalItems: 9 },
      }),
    }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const p of client.groups('1')) seen.push(...p);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CursorLoopError);
    // The page behind the looping cursor was asked four times and never yielded.
    expect(seen).toEqual([{ id: 'first' }]);
    expect(hits).toHaveLength(5);
  });

  it('re-fetches a truncated body, then gives up with a clear error', async () => {
    let n = 0;
    const client = await serve(() => ({
      body: ++n === 1 ? '{"data": [{"id": "1"' : JSON.stringify({ data: [{ id: '1' }] }),
    }));
    expect(await drain(client.groups('1'))).toEqual([{ id: '1' }]);
    expect(hits).toHaveLength(2);
    const broken = await serve(() => ({ body: '{"data": [' }));
    await expect(drain(broken.groups('1'))).rejects.toBeInstanceOf(S1BodyError);
    expect(hits).toHaveLength(5);
  });

  it('turns 401/403 into AuthError and other errors into S1ApiError with the console code', async () => {
    const denied = await serve(() => ({
      status: 401,
      body: '{"errors":[{"code":4010010,"detail":null,"title":"Authentication Failed"}]}',
    }));
    await expect(drain(denied.sites())).rejects.toBeInstanceOf(AuthError);
    expect(hits).toHaveLength(1);
    const bad = await serve(() => ({
      status: 400,
      body: '{"errors":[{"code":4000010,"detail":"limit: bad","title":"Validation Error"}]}',
    }));
    await expect(drain(bad.sites())).rejects.toThrow(S1ApiError);
    await expect(drain(bad.sites())).rejects.toThrow(/HTTP 400 \(4000010 Validation Error\): limit: bad/);
  });
});
