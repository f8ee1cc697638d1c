// Browser mode: the service over HTTP (POST /api/call/<name>) with server-sent events
// (GET /api/events), and the built app, on 127.0.0.1 only, behind a per-launch token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceEvent } from '../events.ts';
import type { Service } from '../service.ts';
import { toServiceError } from '../service-error.ts';
import {
  isAllowedHost,
  isLoopbackAddress,
  newToken,
  presentedToken,
  SECURITY_HEADERS,
  TOKEN_COOKIE,
  tokenMatches,
} from './security.ts';
import { serveStatic } from './static.ts';

export interface HttpTransportOptions {
  service: Pick<Service, 'handle' | 'subscribe'>;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the built app (vite build output); omitted: API only. */
  staticDir?: string;
  /** Defaults to 32 random bytes per launch. */
  token?: string;
  log?: (line: string) => void;
}

export interface HttpTransport {
  readonly server: Server;
  readonly port: number;
  readonly token: string;
  /** Base URL without the token. */
  readonly url: string;
  /** What to open in a browser: sets the token cookie and lands on the app. */
  readonly launchUrl: string;
  /** The request listener, for mounting the same guards on another server in tests. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const HEARTBEAT_MS = 15_000;

function statusOf(code: string): number {
  if (code === 'UNKNOWN_CALL') return 404;
  if (code === 'INTERNAL') return 500;
  if (code === 'BAD_INPUT') return 400;
  return 422;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const token = options.token ?? newToken();
  const log = options.log ?? (() => undefined);
  const sockets = new Set<ServerResponse>();
  let port = 0;

  const call = async (name: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      // A JSON content type forces a CORS preflight from any other origin, which we never answer.
      sendJson(res, 415, { ok: false, error: { code: 'BAD_REQUEST', message: 'Send application/json.' } });
      return;
    }
    let input: unknown;
    try {
      const text = await readBody(req);
      input = text ? JSON.parse(text) : {};
    } catch (error) {
      sendJson(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: (error as Error).message } });
      return;
    }
    try {
      const result = await options.service.handle(name, input);
      sendJson(res, 200, { ok: true, result: result ?? null });
    } catch (error) {
      const e = toServiceError(error);
      sendJson(res, statusOf(e.code), { ok: false, error: e.body() });
    }
  };

  const events = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sockets.add(res);
    const send = (event: ServiceEvent): void => void res.write(`data: ${JSON.stringify(event)}\n\n`);
    const stop = options.service.subscribe(send);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref();
    req.on('close', () => {
      clearInterval(beat);
      stop();
      sockets.delete(res);
    });
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const deny = (status: number, message: string): void =>
      sendJson(res, status, {
        ok: false,
        error: { code: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message },
      });
    if (!isLoopbackAddress(req.socket.remoteAddress))
      return deny(403, 'Browser mode answers only this computer.');
    if (!isAllowedHost(req.headers.host, port)) return deny(403, 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const launch = url.searchParams.get('token');
    if (req.method === 'GET' && launch !== null) {
      if (!tokenMatches(launch, token))
        return deny(401, 'This link has an old token: use the URL printed by "hotpot serve".');
      // Trade the URL token for a cookie and drop it from the address bar.
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        location: url.pathname,
        'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return;
    }
    if (!tokenMatches(presentedToken(req), token))
      return deny(401, 'Missing or wrong token: open the URL printed by "hotpot serve".');
    const origin = req.headers.origin;
    if (origin && !isAllowedHost(origin.replace(/^http:\/\//, ''), port))
      return deny(403, 'Cross-origin call refused.');
    if (url.pathname.startsWith('/api/call/') && req.method === 'POST')
      return void call(decodeURIComponent(url.pathname.slice('/api/call/'.length)), req, res);
    if (url.pathname === '/api/events' && req.method === 'GET') return events(req, res);
    if (url.pathname.startsWith('/api/')) return deny(404, 'No such API route.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'Method not allowed.');
    if (!options.staticDir)
      return sendJson(res, 404, { ok: false, error: { code: 'NO_APP', message: 'API only.' } });
    serveStatic(options.staticDir, url.pathname, res, SECURITY_HEADERS);
  };

  const server = createServer((req, res) => {
    try {
      listener(req, res);
    } catch (error) {
      log(`http: ${(error as Error).message}`);
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    token,
    url,
    launchUrl: `${url}/?token=${token}`,
    listener: (req, res) => server.emit('request', req, res),
    async close() {
      for (const s of sockets) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
