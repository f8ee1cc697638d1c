// The Electron IPC transport's wire shape, shared by main, preload and tests. Browser-safe.
import type { ServiceErrorBody } from '../errors.ts';

export const CALL_CHANNEL = 'hotpot:call';
export const EVENT_CHANNEL = 'hotpot:event';

/** Electron flattens thrown errors into strings; calls therefore resolve to an envelope. */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ServiceErrorBody };

/** The part of `ipcMain` the transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcMainEventLike {
  readonly senderFrame?: { readonly url: string } | null;
}

/** The part of a `webContents` the transport pushes events to. */
export interface IpcSenderLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed?(): boolean;
}

/** The part of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The one object the preload exposes to the renderer as `window.hotpot`. */
export interface HotpotBridge {
  call(name: string, input: unknown): Promise<IpcEnvelope>;
  onEvent(listener: (event: unknown) => void): () => void;
}
