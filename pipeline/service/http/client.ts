// The HTTP + SSE transport, client side. Browser-safe (fetch and streams only), so the renderer
// and Node tests use the same code. In the browser the token travels in the HttpOnly cookie set
// by the launch URL; Node callers pass it explicitly.
import { ServiceCallError, type ServiceErrorBody } from '../errors.ts';
import type { ServiceTransport } from '../client.ts';
import type { ServiceEvent, ServiceEventListener } from '../events.ts';

export interface HttpClientOptions {
  /** '' in the browser (same origin). */
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}

type Envelope = { ok: true; result: unknown } | { ok: false; error: ServiceErrorBody };

/** Splits an SSE byte stream into `data:` payloads. */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) yield data;
    }
  }
}

export function httpTransport(options: HttpClientOptions): ServiceTransport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = options.token ? { 'x-hotpot-token': options.token } : {};
  return {
    async call(name, input) {
      const res = await doFetch(`${options.baseUrl}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
      let body: Envelope;
      try {
        body = (await res.json()) as Envelope;
      } catch {
        throw new ServiceCallError(
          'TRANSPORT',
          `The workbench answered HTTP ${res.status} without a result.`,
        );
      }
      if (!body.ok) throw new ServiceCallError(body.error.code, body.error.message);
      return body.result;
    },
    subscribe(listener: ServiceEventListener) {
      const abort = new AbortController();
      const loop = async (): Promise<void> => {
        let delay = 500;
        while (!abort.signal.aborted) {
          try {
            const res = await doFetch(`${options.baseUrl}/api/events`, {
              headers,
              credentials: 'same-origin',
              signal: abort.signal,
            });
            if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
            delay = 500;
            for await (const data of sseData(res.body)) listener(JSON.parse(data) as ServiceEvent);
          } catch {
            if (abort.signal.aborted) return;
          }
          // The server went away (restart, sleep): reconnect with backoff.
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 10_000);
        }
      };
      void loop();
      return () => abort.abort();
    },
  };
}
