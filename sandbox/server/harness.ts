/**
 * The sandbox HTTP server: one loopback listener serving every provider plug-in plus the control
 * API under /_sandbox/. Faults apply only to provider routes that allow them, never to /_sandbox/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeTruth, type Truth } from '../world/truth.ts';
import type { World } from '../world/types.ts';
import { handleControl } from './control.ts';
import { FaultInjector, type FaultSpec } from './faults.ts';
import { compileRoutes, matchRoute, type CompiledRoute } from './router.ts';
import type { ProviderPlugin, SandboxRequest, SandboxResponse, SandboxState } from './types.ts';

export interface HarnessOptions {
  world: World;
  plugins: readonly ProviderPlugin[];
  faults: FaultSpec;
  /** Seeds fault decisions (usually the world seed). */
  faultSeed: number;
  /** Advances the world; injected so the harness does not depend on the generator. */
  mutate: (world: World) => World;
}

export class SandboxHarness implements SandboxState {
  readonly faults: FaultInjector;
  /** Provider requests served (control API excluded), for tests and benchmarks. */
  readonly stats = { requests: 0 };
  readonly plugins: readonly ProviderPlugin[];
  private current: World;
  private truthCache?: { generation: number; truth: Truth };
  private readonly routes: CompiledRoute[];
  private readonly server: Server;
  private url = '';
  private readonly mutateFn: (world: World) => World;
  private readonly hanging = new Set<NodeJS.Timeout>();

  constructor(options: HarnessOptions) {
    this.current = options.world;
    this.plugins = options.plugins;
    this.routes = compileRoutes(options.plugins);
    this.faults = new FaultInjector(options.faultSeed, options.faults);
    this.mutateFn = options.mutate;
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          send(res, {
            status: 500,
            body: { error: { code: 500, message: String(err), status: 'INTERNAL' } },
          });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  world(): World {
    return this.current;
  }

  truth(): Truth {
    if (this.truthCache?.generation !== this.current.generation) {
      this.truthCache = { generation: this.current.generation, truth: computeTruth(this.current) };
    }
    return this.truthCache.truth;
  }

  baseUrl(): string {
    return this.url;
  }

  advance(): World {
    this.current = this.mutateFn(this.current);
    return this.current;
  }

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const t of this.hanging) clearTimeout(t);
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_sandbox/')) {
      await handleControl(
        this,
        { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: {} },
        res,
      );
      return;
    }
    const { hit, pathKnown } = matchRoute(this.routes, method, url.pathname);
    if (!hit) {
      const plugin = this.plugins[0];
      const status = pathKnown ? 405 : 404;
      const message = pathKnown
        ? `Method ${method} not allowed on ${url.pathname}`
        : `The requested URL ${url.pathname} was not found on this server.`;
      send(res, plugin ? plugin.error(status, message) : { status, body: { error: message } });
      return;
    }
    const { compiled, params } = hit;
    this.stats.requests++;
    const sreq: SandboxRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      params,
    };
    if (compiled.route.auth !== false) {
      const denied = compiled.plugin.authenticate(sreq, this);
      if (denied) {
        send(res, denied);
        return;
      }
    }
    if (compiled.route.faults === false) {
      send(res, await compiled.route.handle(sreq, this));
      return;
    }
    await this.serveWithFaults(
      compiled,
      sreq,
      req,
      res,
      `${method} ${url.pathname}?${url.searchParams.toString()}`,
    );
  }

  private async serveWithFaults(
    compiled: CompiledRoute,
    sreq: SandboxRequest,
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
  ): Promise<void> {
    const spec = this.faults.spec;
    const decision = this.faults.decide(key);
    if (spec.latencyMs > 0) await new Promise((r) => setTimeout(r, spec.latencyMs));
    if (decision.before === 'timeout') {
      this.faults.count('timeout');
      // Hold the request without answering, then drop the connection like a dead upstream.
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.hanging.delete(t);
          resolve();
        }, spec.timeoutMs);
        this.hanging.add(t);
        req.socket.once('close', () => {
          clearTimeout(t);
          this.hanging.delete(t);
          resolve();
        });
      });
      req.socket.destroy();
      return;
    }
    if (decision.before === '429') {
      this.faults.count('429');
      const r = compiled.plugin.error(429, 'Quota exceeded: too many requests. Retry later.');
      send(res, { ...r, headers: { ...r.headers, 'retry-after': String(spec.retryAfterS) } });
      return;
    }
    if (decision.before === '5xx') {
      this.faults.count('5xx');
      send(
        res,
        compiled.plugin.error(
          decision.status5xx,
          decision.status5xx === 503
            ? 'The service is currently unavailable.'
            : 'Internal error. Please try again.',
        ),
      );
      return;
    }
    const response = await compiled.route.handle(sreq, this);
    if (response.status === 200 && decision.truncate) {
      this.faults.count('truncate');
      const text = serialise(response.body);
      send(res, { ...response, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) });
      return;
    }
    if (response.status === 200 && decision.loop && response.loopBody !== undefined) {
      this.faults.count('loop');
      send(res, { ...response, body: response.loopBody });
      return;
    }
    send(res, response);
  }
}

function serialise(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export function send(res: ServerResponse, r: SandboxResponse): void {
  const text = serialise(r.body);
  res.writeHead(r.status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(text)),
    ...r.headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
