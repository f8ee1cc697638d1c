import { catalog as productCatalog, type Catalog } from '../db/catalog/index.ts';
import type { SourceConfig } from '../db/state/sources.ts';
import type { Store } from '../db/store/types.ts';
import type { Workspace } from './workspace.ts';

/**
 * What activity implementations need from the process they run in (the local engine, or a
 * Temporal worker started with --home): the workspace (sources, secrets, state), one shared store
 * handle and the catalog. Activities receive it by closure when they are created.
 */
export interface PipelineEnv {
  readonly workspace: Workspace;
  readonly catalog: Catalog;
  /** The analytical store, opened once per process and shared by all activities. */
  store(): Promise<Store>;
  /** A source's config, or a ConfigError naming the source. */
  source(sourceId: string): SourceConfig;
  /** A source's secret by name; undefined when it was never stored. */
  secret(sourceId: string, name: string): string | undefined;
  /** Diagnostic line for logs (never secrets). */
  log(message: string): void;
  close(): Promise<void>;
}

/** Builds the environment of one process around an open workspace. */
export function createPipelineEnv(
  workspace: Workspace,
  options: { catalog?: Catalog; log?: (m: string) => void } = {},
): PipelineEnv {
  let opened: Promise<Store> | undefined;
  return {
    workspace,
    catalog: options.catalog ?? productCatalog,
    store: () => (opened ??= workspace.openStore()),
    source: (id) => workspace.sources.require(id),
    secret: (id, name) => workspace.sources.secret(id, name),
    log: options.log ?? (() => undefined),
    async close() {
      if (opened) await (await opened).close();
      opened = undefined;
    },
  };
}
