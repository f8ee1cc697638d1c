// The Electron IPC transport, main-process side: one invoke channel for calls (answered with an
// envelope) and one push channel for events. Node-side, but imports nothing from Electron so it
// can be exercised with a fake channel pair.
import type { Service } from '../service.ts';
import { toServiceError } from '../service-error.ts';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  type IpcEnvelope,
  type IpcMainLike,
  type IpcSenderLike,
} from './channels.ts';

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  service: Pick<Service, 'handle' | 'subscribe'>;
  /** Where events go (the window's webContents). */
  target: IpcSenderLike;
  /** Refuses calls from frames that are not the app (e.g. a navigated-away page). */
  isTrustedSender?: (url: string | undefined) => boolean;
}

export function registerIpcTransport(options: IpcTransportOptions): () => void {
  const { ipcMain, service, target } = options;
  ipcMain.handle(CALL_CHANNEL, async (event, name, input): Promise<IpcEnvelope> => {
    if (options.isTrustedSender && !options.isTrustedSender(event.senderFrame?.url))
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the app only.' } };
    try {
      return { ok: true, result: (await service.handle(String(name), input)) ?? null };
    } catch (error) {
      return { ok: false, error: toServiceError(error).body() };
    }
  });
  const stop = service.subscribe((event) => {
    if (!target.isDestroyed?.()) target.send(EVENT_CHANNEL, event);
  });
  return () => {
    stop();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
