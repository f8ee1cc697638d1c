import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, HttpRetryExhaustedError } from './errors.ts';
import { fetchWithRetry } from './http.ts';
import { parseRetryAfter } from './retry-after.ts';
import { TokenBucket } from './token-bucket.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server | undefined;
const hits: number[] = [];

async function serve(handler: Handler): Promise<string> {
  hits.length = 0;
  server = createServer((req, res) => {
    hits.push(Date.now());
    handler(req, res, hits.length);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/instances`;
}

afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});

const policy = {
  sourceId: 'gcp-prod',
  credential: 'gcp-prod/service-account-key',
  initialDelayMs: 20,
  jitter: 0,
};

describe('fetchWithRetry against a real local server', () => {
  it('honours Retry-After seconds on 429', async () => {
    const url = await serve((_, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    });
    const res = await fetchWithRetry(url, {}, policy);
    expect(await res.json()).toEqual({ items: [] });
    expect(hits).toHaveLength(2);
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(950);
  });

  it('backs off exponentially on 5xx and succeeds', async () => {
    const url = await serve((_, res, n) =>
      n <= 2 ? res.writeHead(503).end() : res.writeHead(200).end('ok'),
    );
    const retries: number[] = [];
    const res = await fetchWithRetry(url, {}, { ...policy, onRetry: (r) => retries.push(r.delayMs) });
    expect(await res.text()).toBe('ok');
    expect(retries).toEqual([20, 40]);
    expect(hits[2]! - hits[1]!).toBeGreaterThanOrEqual(38);
  });

  it('throws a non-retryable AuthError naming source and credential after exactly one 401', async () => {
    const url = await serve((_, res) => res.writeHead(401).end('{"error":"invalid_token"}'));
    const error = await fetchWithRetry(url, {}, policy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).nonRetryable).toBe(true);
    expect((error as Error).message).toMatch(
      /source gcp-prod: the API rejected credential "gcp-prod\/service-account-key" \(HTTP 401/,
    );
    expect(hits).toHaveLength(1);
  });

  it('treats 403 like 401', async () => {
    const url = await serve((_, res) => res.writeHead(403).end());
    await expect(fetchWithRetry(url, {}, policy)).rejects.toMatchObject({ name: 'AuthError', status: 403 });
    expect(hits).toHaveLength(1);
  });

  it('retries a request that times out, then gives up with the attempts counted', async () => {
    const url = await serve(() => undefined); // never answers
    const error = await fetchWithRetry(url, {}, { ...policy, timeoutMs: 100, maxAttempts: 2 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpRetryExhaustedError);
    expect((error as Error).message).toMatch(/after 2 attempts \(last: no response .* within 100 ms\)/);
    expect(hits).toHaveLength(2);
  });

  it('returns other client errors to the caller without retrying', async () => {
    const url = await serve((_, res) => res.writeHead(404).end());
    expect((await fetchWithRetry(url, {}, policy)).status).toBe(404);
    expect(hits).toHaveLength(1);
  });

  it('spaces requests by the source rate limit', async () => {
    const url = await serve((_, res) => res.writeHead(200).end());
    const limiter = new TokenBucket({ ratePerSec: 20, burst: 2 });
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await (await fetchWithRetry(url, {}, { ...policy, limiter })).text();
    // 2 from the burst, 4 more at 20/s: at least ~200 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP-dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
