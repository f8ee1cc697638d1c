import type { Catalog } from '../../../db/catalog/catalog.ts';
import type { SourceConfig } from '../../../db/state/sources.ts';
import type { Store } from '../../../db/store/types.ts';
import type { PipelineEnv } from '../../env.ts';
import type { Workspace } from '../../workspace.ts';
import type { ActivityContext, AnyActivityDef, WorkflowContext } from '../../workflows/types.ts';

/** A source as tests hand it to activities: its config and secrets, no workspace needed. */
export interface TestSource {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * A pipeline environment over one store whose sources live in a map the test may change, so
 * provider activities run without a workspace or an engine (for tests and benchmarks).
 */
export function inMemoryEnv(
  store: Store,
  catalog: Catalog,
  provider: string,
  sources: Map<string, TestSource>,
): PipelineEnv {
  return {
    workspace: undefined as unknown as Workspace,
    catalog,
    store: async () => store,
    source(id): SourceConfig {
      const s = sources.get(id);
      if (!s) throw new Error(`no test source ${id}`);
      const at = new Date(0).toISOString();
      return {
        id,
        provider,
        name: id,
        config: s.config,
        secretNames: Object.keys(s.secrets),
        createdAt: at,
        updatedAt: at,
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

/** Calls an activity implementation by name, in-process. */
export function callActivity<I, O>(defs: readonly AnyActivityDef[], name: string, input: I): Promise<O> {
  const def = defs.find((d) => d.name === name) as unknown as
    { fn(i: I, c: ActivityContext): Promise<O> } | undefined;
  if (!def) throw new Error(`no activity ${name}`);
  return def.fn(input, activityContext(name));
}

/** A workflow context whose activity() runs the implementation in-process, like the local engine. */
export function inlineWorkflowContext(
  defs: readonly AnyActivityDef[],
  now = Date.UTC(2025, 0, 6, 9),
): WorkflowContext {
  return {
    runId: 'test-run',
    workflowName: 'test',
    activity: <I, O>(ref: { name: string }, input: I): Promise<O> =>
      callActivity<I, O>(defs, ref.name, input),
    child: () => Promise.reject(new Error('no child workflows here')),
    sleep: async () => undefined,
    now: () => now,
    progress: () => undefined,
  };
}
