// The renderer's one API client. Inside Electron the preload exposes `window.hotpot`; in a
// browser the same calls go over HTTP to `hotpot serve` (the token rides in an HttpOnly cookie).
import { typedClient, type ServiceClient } from '../../pipeline/service/client.ts';
import { httpTransport } from '../../pipeline/service/http/client.ts';
import type { HotpotBridge } from '../../pipeline/service/ipc/channels.ts';
import { bridgeTransport } from '../../pipeline/service/ipc/renderer.ts';

declare global {
  interface Window {
    hotpot?: HotpotBridge;
  }
}

export const transportKind: 'electron' | 'browser' = window.hotpot ? 'electron' : 'browser';

export const api: ServiceClient = typedClient(
  window.hotpot ? bridgeTransport(window.hotpot) : httpTransport({ baseUrl: '' }),
);
