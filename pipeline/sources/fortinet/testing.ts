// Test and benchmark helpers: the FortiGate tables as a migration and a catalog, a pipeline
// environment around one store with in-memory sources, and direct calls of the activities.
import { Catalog } from '../../../db/catalog/catalog.ts';
import { FORTINET_TABLES } from '../../../db/catalog/tables/fortinet.ts';
import { META_TABLES } from '../../../db/catalog/tables/meta.ts';
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
  fortinetActivities,
  type FortinetCollectInput,
  type FortinetCollectResult,
  type FortinetDiscoverInput,
  type FortinetDiscoverResult,
} from './activity-refs.ts';
import { createFortinetActivities } from './activities.ts';

export const FORTINET_TEST_MIGRATIONS = [
  ...MIGRATIONS,
  ensureTables('9100_fortinet', 'FortiGate bronze tables (tests).', FORTINET_TABLES),
];
export const fortinetTestCatalog = new Catalog([...META_TABLES, ...FORTINET_TABLES]);

/** A pipeline environment over one store; sources live in a plain map the test may change. */
export function fortinetTestEnv(store: Store, sources: Map<string, TestSource>): PipelineEnv {
  return inMemoryEnv(store, fortinetTestCatalog, 'fortinet', sources);
}

export interface FortinetTestActivities {
  discover(input: FortinetDiscoverInput): Promise<FortinetDiscoverResult>;
  collect(input: FortinetCollectInput): Promise<FortinetCollectResult>;
  defs: AnyActivityDef[];
}

export function fortinetTestActivities(env: PipelineEnv): FortinetTestActivities {
  const defs = createFortinetActivities(env);
  const call = <I, O>(name: string, input: I): Promise<O> => {
    const def = defs.find((d) => d.name === name) as unknown as { fn(i: I, c: ActivityContext): Promise<O> };
    return def.fn(input, activityContext(name));
  };
  return {
    defs,
    discover: (input) => call(fortinetActivities.discover.name, input),
    collect: (input) => call(fortinetActivities.collect.name, input),
  };
}
