// Test and benchmark plumbing: a PipelineEnv over one store and an in-memory VNG source, and a
// minimal activity context, so activities run without a workspace or a workflow engine.
import { Catalog } from '../../../db/catalog/catalog.ts';
import { META_TABLES } from '../../../db/catalog/tables/meta.ts';
import { VNG_TABLES } from '../../../db/catalog/tables/vng.ts';
import { ensureTables, MIGRATIONS, type Migration } from '../../../db/migrations/index.ts';
import type { SourceConfig } from '../../../db/state/sources.ts';
import type { Store } from '../../../db/store/types.ts';
import type { PipelineEnv } from '../../env.ts';
import type { ActivityContext } from '../../workflows/types.ts';
import { VNG_CLIENT_SECRET, VNG_PROVIDER } from './config.ts';

export const VNG_TEST_MIGRATIONS: readonly Migration[] = [
  ...MIGRATIONS,
  ensureTables('9100_vng', 'VNG Cloud bronze tables (tests).', VNG_TABLES),
];

export const vngTestCatalog = (): Catalog => new Catalog([...META_TABLES, ...VNG_TABLES]);

export interface VngTestSource {
  id: string;
  config: Record<string, unknown>;
  clientSecret?: string;
}

export function vngTestEnv(
  store: Store,
  sources: readonly VngTestSource[],
  catalog = vngTestCatalog(),
): PipelineEnv {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const now = new Date().toISOString();
  return {
    workspace: undefined as never,
    catalog,
    store: () => Promise.resolve(store),
    source(id): SourceConfig {
      const s = byId.get(id);
      if (!s) throw new Error(`No source "${id}".`);
      return {
        id,
        provider: VNG_PROVIDER,
        name: id,
        config: s.config,
        secretNames: s.clientSecret ? [VNG_CLIENT_SECRET] : [],
        createdAt: now,
        updatedAt: now,
      };
    },
    secret: (id, name) => (name === VNG_CLIENT_SECRET ? byId.get(id)?.clientSecret : undefined),
    log: () => undefined,
    close: () => Promise.resolve(),
  };
}

export function testActivityContext(activityName = 'test'): ActivityContext {
  return {
    runId: 'test-run',
    activityName,
    attempt: 1,
    signal: new AbortController().signal,
    heartbeatDetails: undefined,
    heartbeat: () => undefined,
    progress: () => undefined,
  };
}
