// The transport-free client interface the renderer codes against, and a typed helper over it.
// Browser-safe. Implementations: HTTP + SSE (browser mode), Electron preload bridge, in-process.
import type { CallInput, CallName, CallResult } from './contract.ts';
import type { ServiceEventListener } from './events.ts';

/** The raw shape every transport implements: untyped name + input in, JSON value out. */
export interface ServiceTransport {
  call(name: string, input: unknown): Promise<unknown>;
  /** Follows the event stream; returns an unsubscribe function. */
  subscribe(listener: ServiceEventListener): () => void;
}

/** Typed calls on top of any transport. */
export interface ServiceClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  subscribe(listener: ServiceEventListener): () => void;
}

export function typedClient(transport: ServiceTransport): ServiceClient {
  return {
    call: <N extends CallName>(name: N, input: CallInput<N>) =>
      transport.call(name, input) as Promise<CallResult<N>>,
    subscribe: (listener) => transport.subscribe(listener),
  };
}
