// Test and benchmark helpers: a DuckDB store migrated with the S1 tables, a pipeline environment
// around it with in-memory source configs, and direct calls of the activity implementations.
import { Catalog } from '../../../db/catalog/catalog.ts';
import { META_TABLES } from '../../../db/catalog/tables/meta.ts';
import { S1_TABLES } from '../../../db/catalog/tables/s1.ts';
import { MIGRATIONS, ensureTables } from '../../../db/migrations/index.ts';
import type { Store } from '../../../db/store/types.ts';
import type { PipelineEnv } from '../../env.ts';
import {
  activityContext,
  inMemoryEnv,
  inlineWorkflowContext,
  type TestSource,
} from '../testing/in-memory-env.ts';

export { activityContext, inlineWorkflowContext, type TestSource };
import type { ActivityContext, AnyActivityDef } from '../../workflows/types.ts';
import {
  collectS1Site,
  collectS1Tenant,
  type S1ListingSummary,
  type S1SiteInput,
  type S1TenantInput,
  type S1TenantResult,
} from './activity-refs.ts';
import { createS1Activities, type S1ActivityOptions } from './activities.ts';

export const S1_TEST_MIGRATIONS = [
  ...MIGRATIONS,
  ensureTables('9100_s1', 'SentinelOne bronze tables (tests).', S1_TABLES),
];
export const s1TestCatalog = new Catalog([...META_TABLES, ...S1_TABLES]);

/** A pipeline environment over one store; sources live in a plain map the test may change. */
export function testEnv(store: Store, sources: Map<string, TestSource>): PipelineEnv {
  return inMemoryEnv(store, s1TestCatalog, 's1', sources);
}

export interface S1TestActivities {
  tenant(input: S1TenantInput): Promise<S1TenantResult>;
  site(input: S1SiteInput): Promise<S1ListingSummary>;
  defs: AnyActivityDef[];
}

export function s1TestActivities(env: PipelineEnv, options: S1ActivityOptions = {}): S1TestActivities {
  const defs = createS1Activities(env, options);
  const call = <I, O>(name: string, input: I): Promise<O> => {
    const def = defs.find((d) => d.name === name) as unknown as { fn(i: I, c: ActivityContext): Promise<O> };
    return def.fn(input, activityContext(name));
  };
  return {
    defs,
    tenant: (input) => call(collectS1Tenant.name, input),
    site: (input) => call(collectS1Site.name, input),
  };
}
