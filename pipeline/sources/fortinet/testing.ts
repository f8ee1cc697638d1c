// Test and benchmark helpers: the FortiGate tables as a migration and a catalog, a pipeline
// environment around one store with in-memory sources, and direct calls of the activities.
import { Catalog } from '../../../db/catalog/catalog.ts';
import { FORTINET_TABLES } from '../../../db/catalog/tables/fortinet.ts';
import { META_TABLES } from '../../../db/catalog/tables/meta.ts';
import { MIGRATIONS, ensureTables } from '../../../db/migrations/index.ts';
import type { SourceConfig } from '../../../db/state/sources.ts';
import type { Store } from '../../../db/store/types.ts';
import type { PipelineEnv } from '../../env.ts';
import type { ActivityContext, AnyActivityDef, WorkflowContext } from '../../workflows/types.ts';
import type { Workspace } from '../../workspace.ts';
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

export interface TestSource {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** A pipeline environment over one store; sources live in a plain map the test may change. */
export function fortinetTestEnv(store: Store, sources: Map<string, TestSource>): PipelineEnv {
  return {
    workspace: undefined as unknown as Workspace,
    catalog: fortinetTestCatalog,
    store: async () => store,
    source(id): SourceConfig {
      const s = sources.get(id);
      if (!s) throw new Error(`no test source ${id}`);
      const now = new Date(0).toISOString();
      return {
        id,
        provider: 'fortinet',
        name: id,
        config: s.config,
        secretNames: Object.keys(s.secrets),
        createdAt: now,
        updatedAt: now,
      };
    },
    secret: (id, name) => sources.get(id)?.secrets[name],
    log: () => undefined,
    close: async () => undefined,
  };
}

export function activityContext(name = 'test'): ActivityContext {
  return {
    runId: 'test-run',
    activityName: name,
    attempt: 1,
    signal: new AbortController().signal,
    heartbeatDetails: undefined,
    heartbeat: () => undefined,
    progress: () => undefined,
  };
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

/** A workflow context whose activity() runs the implementation in-process. */
export function inlineWorkflowContext(
  defs: AnyActivityDef[],
  now = Date.UTC(2025, 0, 6, 9),
): WorkflowContext {
  return {
    runId: 'test-run',
    workflowName: 'test',
    async activity<I, O>(ref: { name: string }, input: I): Promise<O> {
      const def = defs.find((d) => d.name === ref.name) as unknown as {
        fn(i: I, c: ActivityContext): Promise<O>;
      };
      return def.fn(input, activityContext(ref.name));
    },
    child: () => Promise.reject(new Error('no child workflows in this test context')),
    sleep: () => Promise.resolve(),
    now: () => now,
    progress: () => undefined,
  };
}
