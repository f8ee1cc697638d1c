// Test and benchmark plumbing: a PipelineEnv over one store and an in-memory VNG source, and a
// minimal activity context, so activities run without a workspace or a workflow engine.
import { Catalog } from '../../../db/catalog/catalog.ts';
import { META_TABLES } from '../../../db/catalog/tables/meta.ts';
import { VNG_TABLES } from '../../../db/catalog/tables/vng.ts';
import { ensureTables, MIGRATIONS, type Migration } from '../../../db/migrations/index.ts';
import type { Store } from '../../../db/store/types.ts';
import type { PipelineEnv } from '../../env.ts';
import { activityContext, inMemoryEnv, type TestSource } from '../testing/in-memory-env.ts';
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
  const map = new Map<string, TestSource>();
  for (const s of sources) {
    const secrets: Record<string, string> = s.clientSecret ? { [VNG_CLIENT_SECRET]: s.clientSecret } : {};
    map.set(s.id, { config: s.config, secrets });
  }
  return inMemoryEnv(store, catalog, VNG_PROVIDER, map);
}

export const testActivityContext = activityContext;
