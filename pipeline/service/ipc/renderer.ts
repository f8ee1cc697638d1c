// The Electron IPC transport, renderer side. `createBridge` runs in the preload (it holds
// ipcRenderer); `bridgeTransport` runs in the renderer over the exposed `window.hotpot`.
// Browser-safe: no Electron or Node imports.
import { ServiceCallError } from '../errors.ts';
import type { ServiceTransport } from '../client.ts';
import type { ServiceEvent } from '../events.ts';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  type HotpotBridge,
  type IpcEnvelope,
  type IpcRendererLike,
} from './channels.ts';

/** The preload's one object: two functions, no ipcRenderer or Node objects leak through. */
export function createBridge(ipcRenderer: IpcRendererLike): HotpotBridge {
  return {
    call: (name, input) => ipcRenderer.invoke(CALL_CHANNEL, String(name), input) as Promise<IpcEnvelope>,
    onEvent(listener) {
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(EVENT_CHANNEL, wrapped);
      return () => void ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    },
  };
}

export function bridgeTransport(bridge: HotpotBridge): ServiceTransport {
  return {
    async call(name, input) {
      const envelope = await bridge.call(name, input ?? {});
      if (!envelope.ok) throw new ServiceCallError(envelope.error.code, envelope.error.message);
      return envelope.result;
    },
    subscribe: (listener) => bridge.onEvent((e) => listener(e as ServiceEvent)),
  };
}
