// A `fetch` for FortiGates over node:https semantics with our own TLS verification: the socket
// is handed to HTTP (and the token written to it) only after the peer certificate matched the
// pinned SHA-256 fingerprint, or chained to the configured CA bundle with a matching name.
// Verification is never skipped; a failure says how to pin the certificate it saw.
import http from 'node:http';
import { isIP } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import tls from 'node:tls';
import { HotpotError } from '../../../db/errors.ts';

export interface TlsTrust {
  /** Uppercase colon-separated SHA-256 fingerprint of the expected certificate. */
  certificateSha256?: string;
  /** PEM CA bundle; without it (and without a pin) the system roots apply. */
  caPem?: string;
}

/** The appliance's certificate was not trusted. Non-retryable: only a config change fixes it. */
export class TlsTrustError extends HotpotError {
  override readonly name = 'ConfigError';
  readonly nonRetryable = true;
  constructor(
    message: string,
    readonly presentedSha256: string | undefined,
  ) {
    super(message, 'CONFIG');
  }
}

function trustFailure(
  sourceId: string,
  origin: string,
  socket: tls.TLSSocket,
  trust: TlsTrust,
): TlsTrustError | undefined {
  const cert = socket.getPeerCertificate();
  const seen = cert?.fingerprint256 || undefined;
  if (trust.certificateSha256) {
    if (seen === trust.certificateSha256) return undefined;
    return new TlsTrustError(
      `source ${sourceId}: the FortiGate at ${origin} presented a certificate with SHA-256 fingerprint ${seen ?? '(none)'}, ` +
        `which is not the pinned ${trust.certificateSha256}. If the appliance certificate was replaced on purpose, verify the new ` +
        `fingerprint out of band and set it in the source config field "certificateSha256" ` +
        `(\`hotpot sources add fortinet --certificate-sha256 <fingerprint>\`); otherwise something is intercepting the connection.`,
      seen,
    );
  }
  if (socket.authorized) return undefined;
  return new TlsTrustError(
    `source ${sourceId}: the FortiGate at ${origin} presented a certificate that is not trusted ` +
      `(${String(socket.authorizationError)}${trust.caPem ? ', checked against the configured caPem' : ', checked against the system CAs'}). ` +
      `FortiGates usually present a self-signed certificate: pin it by setting the source config field "certificateSha256" to ` +
      `${seen ?? 'its SHA-256 fingerprint'} (\`hotpot sources add fortinet --certificate-sha256 ${seen ?? '<fingerprint>'}\`) ` +
      `after checking that fingerprint out of band, or give the CA that signed it in "caPem" (\`--ca-file <pem>\`).`,
    seen,
  );
}

/** Completes the TLS handshake and the trust check before HTTP may write to the socket. */
class VerifyingAgent extends http.Agent {
  constructor(
    private readonly sourceId: string,
    private readonly trust: TlsTrust,
  ) {
    super({ keepAlive: true, maxSockets: 8 });
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port ?? 443);
    const socket = tls.connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      ...(this.trust.caPem ? { ca: this.trust.caPem } : {}),
      // Checked below, before any byte of the request is written.
      rejectUnauthorized: false,
    });
    const onError = (error: Error): void => callback?.(error, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      const failure = trustFailure(this.sourceId, `https://${host}:${port}`, socket, this.trust);
      if (failure) {
        socket.destroy();
        callback?.(failure, socket);
      } else callback?.(null, socket);
    });
    return undefined;
  }
}

export interface TlsFetch {
  fetch: typeof fetch;
  close(): void;
}

/** A fetch for https:// URLs only; `bodyIdleMs` bounds a response body that stops flowing. */
export function createTlsFetch(sourceId: string, trust: TlsTrust, bodyIdleMs: number): TlsFetch {
  const agent = new VerifyingAgent(sourceId, trust);
  const doFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.protocol !== 'https:') {
        reject(
          new HotpotError(
            `source ${sourceId}: refusing ${url.protocol} URL; FortiGate API tokens go over HTTPS only.`,
            'CONFIG',
          ),
        );
        return;
      }
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
      const req = http.request({
        agent,
        host: url.hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: init?.method ?? 'GET',
        headers,
      });
      const onAbort = (): void => void req.destroy(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.once('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      req.once('response', (res) => {
        res.setTimeout(bodyIdleMs, () =>
          res.destroy(new Error(`response body from ${url.origin} stalled for ${bodyIdleMs} ms`)),
        );
        res.once('close', () => signal?.removeEventListener('abort', onAbort));
        const responseHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) for (const one of Array.isArray(v) ? v : [v]) responseHeaders.append(k, one);
        const status = res.statusCode ?? 500;
        const empty = status === 204 || status === 304 || req.method === 'HEAD';
        if (empty) res.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      });
      req.end();
    });
  return { fetch: doFetch as typeof fetch, close: () => agent.destroy() };
}
