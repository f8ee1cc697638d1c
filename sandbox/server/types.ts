/** The provider plug-in contract of the sandbox HTTP harness. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Truth } from '../world/truth.ts';
import type { World } from '../world/types.ts';

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw request body (requests to provider APIs are small). */
  body: string;
  /** Values of `{name}` segments of the matched route path. */
  params: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  /** Serialised as JSON unless it is already a string. */
  body: unknown;
  headers?: Record<string, string>;
  /**
   * The same page with its cursor pointing back at an already-served page. The harness sends it
   * instead of `body` when the `loop` fault fires; omit it on first and last pages.
   */
  loopBody?: unknown;
}

/** What route handlers can read from the running sandbox. */
export interface SandboxState {
  world(): World;
  /** Ground truth of the current world, computed once per generation. */
  truth(): Truth;
  baseUrl(): string;
}

export interface ProviderRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Literal path with `{name}` placeholders; a placeholder matches one segment (no '/'). */
  path: string;
  /** Default true: the provider's `authenticate` runs first. */
  auth?: boolean;
  /** Default true. Token endpoints may opt out so that fault runs test the data APIs. */
  faults?: boolean;
  handle(req: SandboxRequest, state: SandboxState): SandboxResponse | Promise<SandboxResponse>;
}

/**
 * A provider module (sandbox/providers/<name>/index.ts exports a factory returning one).
 * Route paths of different providers must not overlap; the first match wins.
 */
export interface ProviderPlugin {
  name: string;
  routes: readonly ProviderRoute[];
  /** Undefined when authenticated, else the provider's own 401/403 response. */
  authenticate(req: SandboxRequest, state: SandboxState): SandboxResponse | undefined;
  /** Provider-shaped error envelope for injected faults (429, 5xx) and unknown paths. */
  error(status: number, message: string): SandboxResponse;
  /** This provider's block of the `hotpot sandbox` first stdout line (endpoint + credentials). */
  endpoint(baseUrl: string): ProviderEndpoint;
  /** Provider settings worth showing beside the truth (e.g. projects that always fail). */
  truthExtras?(): Record<string, unknown>;
  /** Provider-specific control routes under /_sandbox/<name>/<subpath> (never faulted). */
  control?(method: string, subpath: string, body: string): SandboxResponse | Promise<SandboxResponse>;
}

/** JSON-serialisable description of how a client reaches one simulated provider. */
export type ProviderEndpoint = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
