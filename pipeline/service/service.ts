// The service: validates a call against the contract, runs its handler, and fans workflow events
// out to subscribers. Transport-free: HTTP and Electron IPC both call `handle` and `subscribe`.
import type { Catalog } from '../../db/catalog/catalog.ts';
import { openLocalRuntime, type LocalRuntime } from '../runtime.ts';
import { inputs, isCallName, type CallName } from './contract.ts';
import { ServiceError, toServiceError } from './service-error.ts';
import { publicWorkflowEvent, type ServiceEvent, type ServiceEventListener } from './events.ts';
import { agentHandlers } from './handlers/agent.ts';
import { alertHandlers } from './handlers/alerts.ts';
import { assetHandlers } from './handlers/assets.ts';
import { complianceHandlers } from './handlers/compliance.ts';
import type { HandlerContext, Handlers } from './handlers/context.ts';
import { overviewHandlers } from './handlers/overview.ts';
import { publishHandlers } from './handlers/publish.ts';
import { runHandlers } from './handlers/runs.ts';
import { scheduleHandlers } from './handlers/schedules.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { sourceHandlers } from './handlers/sources.ts';
import { tableHandlers } from './handlers/tables.ts';

export const handlers: Handlers = {
  ...overviewHandlers,
  ...sourceHandlers,
  ...runHandlers,
  ...scheduleHandlers,
  ...tableHandlers,
  ...settingsHandlers,
  ...agentHandlers,
  ...alertHandlers,
  ...complianceHandlers,
  ...assetHandlers,
  ...publishHandlers,
};

export interface Service {
  /** Runs one call; rejects with a ServiceError (code + sentence) on bad input or failure. */
  handle(name: string, input: unknown): Promise<unknown>;
  subscribe(listener: ServiceEventListener): () => void;
  close(): Promise<void>;
}

export interface ServiceOptions {
  home: string;
  /** An already open runtime (tests, demo); otherwise one is opened for `home` and owned. */
  runtime?: LocalRuntime;
  catalog?: Catalog;
  /** Diagnostic lines (failed or slow calls): names, codes and durations only, never inputs or results. */
  log?: (line: string) => void;
  /** The secrets key when it does not come from the workspace key file (desktop keychain). */
  secretKey?: Buffer;
  /** Fire saved schedules while the service is open (default true: the workbench is the scheduler). */
  runSchedules?: boolean;
}

export function createService(options: ServiceOptions): Service {
  const runtime =
    options.runtime ??
    openLocalRuntime(options.home, options.secretKey ? { secretKey: options.secretKey } : {});
  const owned = options.runtime === undefined;
  const log = options.log ?? (() => undefined);
  const listeners = new Set<ServiceEventListener>();
  const emit = (event: ServiceEvent): void => {
    for (const l of listeners) {
      try {
        l(event);
      } catch (error) {
        log(`event listener failed: ${(error as Error).message}`);
      }
    }
  };
  const stopEvents = runtime.engine.events.onAny((event) =>
    emit({ kind: 'workflow', event: publicWorkflowEvent(event) }),
  );
  const ctx: HandlerContext = { runtime, catalog: options.catalog ?? runtime.env.catalog, emit };
  if (options.runSchedules !== false) runtime.engine.schedules.start();

  return {
    async handle(name, raw) {
      const started = Date.now();
      try {
        if (!isCallName(name)) throw new ServiceError('UNKNOWN_CALL', `There is no call "${name}".`);
        const input: unknown = inputs[name].parse(raw ?? {});
        const handler = handlers[name] as (c: HandlerContext, i: unknown) => Promise<unknown>;
        const result = await handler(ctx, input);
        // Failures and slow calls only: a healthy UI polls often and would drown the log.
        if (Date.now() - started > 1000) log(`${name} slow ${Date.now() - started}ms`);
        return result;
      } catch (error) {
        const e = toServiceError(error);
        log(`${name} ${e.code} ${Date.now() - started}ms`);
        throw e;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      runtime.engine.schedules.stop();
      stopEvents();
      listeners.clear();
      if (owned) await runtime.close();
    },
  };
}

export type { CallName };
export { ServiceError, toServiceError };
