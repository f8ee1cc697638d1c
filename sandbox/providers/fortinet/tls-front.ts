/**
 * One HTTPS listener per FortiGate (each appliance has its own address, as in reality), serving
 * the self-signed sandbox certificate and forwarding to the harness over loopback HTTP, so
 * routing, auth, faults and statistics stay in one place. The front names the appliance and
 * proves the request came over TLS with two headers that clients cannot forge.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { sandboxCertificate } from './cert.ts';
import { DEVICE_HEADER } from './routes.ts';

export const TLS_HEADER = 'x-hotpot-tls';

export class FortinetTlsFront {
  readonly nonce = randomBytes(16).toString('hex');
  readonly urls = new Map<string, string>();
  private readonly servers: https.Server[] = [];
  private readonly upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });

  async start(harnessUrl: string, serials: readonly string[]): Promise<void> {
    const cert = sandboxCertificate();
    for (const serial of serials) {
      const server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) =>
        this.forward(harnessUrl, serial, req, res),
      );
      server.keepAliveTimeout = 5_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      this.servers.push(server);
      this.urls.set(serial, `https://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
    this.servers.length = 0;
    this.upstream.destroy();
  }

  private forward(target: string, serial: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    delete headers[DEVICE_HEADER];
    delete headers[TLS_HEADER];
    delete headers.host;
    headers[DEVICE_HEADER] = serial;
    headers[TLS_HEADER] = this.nonce;
    const up = http.request(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers, agent: this.upstream },
      (ures) => {
        res.writeHead(ures.statusCode ?? 502, ures.headers);
        ures.pipe(res);
        // The harness dropped the connection mid-body: drop ours too rather than end cleanly.
        ures.once('close', () => {
          if (!ures.complete) res.destroy();
        });
      },
    );
    // The harness dropped the connection before answering (timeout fault): so do we.
    up.once('error', () => res.destroy());
    res.once('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }
}
