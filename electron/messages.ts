// Messages between Electron main and the pipeline utility process.
import type { IpcEnvelope } from '../pipeline/service/ipc/channels.ts';
import type { ServiceEvent } from '../pipeline/service/events.ts';

export type ToHost =
  /** `key`: the workspace secrets key unwrapped by main from the OS keychain (base64). */
  | { type: 'init'; home: string; key: string }
  | { type: 'call'; id: number; name: string; input: unknown }
  | { type: 'shutdown' };

export type FromHost =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; envelope: IpcEnvelope }
  | { type: 'event'; event: ServiceEvent };
