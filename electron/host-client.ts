// Main's view of the pipeline utility process: the same `handle`/`subscribe` shape as an
// in-process service, so the IPC transport does not care where the service runs.
import type { ServiceEventListener } from '../pipeline/service/events.ts';
import type { IpcEnvelope } from '../pipeline/service/ipc/channels.ts';
import { ServiceCallError } from '../pipeline/service/errors.ts';
import type { FromHost, ToHost } from './messages.ts';

export interface HostChannel {
  postMessage(message: ToHost): void;
  on(event: 'message', listener: (message: FromHost) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** `secretKey` travels only over the private parent/child channel, never to the renderer. */
export function hostService(child: HostChannel, home: string, secretKey: Buffer) {
  let nextId = 1;
  const pending = new Map<number, (envelope: IpcEnvelope) => void>();
  const listeners = new Set<ServiceEventListener>();
  let readyResolve: () => void = () => undefined;
  let readyReject: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  child.on('message', (m) => {
    if (m.type === 'ready') readyResolve();
    else if (m.type === 'fatal') readyReject(new Error(m.message));
    else if (m.type === 'event') for (const l of listeners) l(m.event);
    else if (m.type === 'result') {
      pending.get(m.id)?.(m.envelope);
      pending.delete(m.id);
    }
  });
  child.on('exit', (code) => {
    for (const resolve of pending.values())
      resolve({
        ok: false,
        error: { code: 'PIPELINE_EXITED', message: `The pipeline process stopped (exit ${code}).` },
      });
    pending.clear();
  });
  child.postMessage({ type: 'init', home, key: secretKey.toString('base64') });
  return {
    ready,
    async handle(name: string, input: unknown): Promise<unknown> {
      await ready;
      const id = nextId++;
      const envelope = await new Promise<IpcEnvelope>((resolve) => {
        pending.set(id, resolve);
        child.postMessage({ type: 'call', id, name, input });
      });
      if (!envelope.ok) throw new ServiceCallError(envelope.error.code, envelope.error.message);
      return envelope.result;
    },
    subscribe(listener: ServiceEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown(): void {
      child.postMessage({ type: 'shutdown' });
    },
  };
}
