// An in-process stand-in for Electron's ipcMain/ipcRenderer pair with the same send/handle/invoke
// shape, so the IPC transport runs in tests where the Electron binary cannot. Arguments cross as
// structured clones, as they do between Electron processes.
import type { IpcMainEventLike, IpcMainLike, IpcRendererLike, IpcSenderLike } from '../ipc/channels.ts';

type Handler = (event: IpcMainEventLike, ...args: unknown[]) => Promise<unknown>;
type Listener = (event: unknown, ...args: unknown[]) => void;

export interface FakeIpcPair {
  ipcMain: IpcMainLike;
  ipcRenderer: IpcRendererLike;
  /** The renderer's webContents as main sees it. */
  webContents: IpcSenderLike;
}

export function createFakeIpcPair(frameUrl = 'app://hotpot/index.html'): FakeIpcPair {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<Listener>>();
  return {
    ipcMain: {
      handle(channel, listener) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler: (channel) => void handlers.delete(channel),
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler({ senderFrame: { url: frameUrl } }, ...structuredClone(args)));
      },
      on(channel, listener) {
        const set = listeners.get(channel) ?? new Set();
        set.add(listener);
        listeners.set(channel, set);
      },
      removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
    },
    webContents: {
      send(channel, ...args) {
        const cloned = structuredClone(args);
        queueMicrotask(() => {
          for (const l of listeners.get(channel) ?? []) l({}, ...cloned);
        });
      },
    },
  };
}
