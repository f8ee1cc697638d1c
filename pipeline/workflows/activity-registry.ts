// Implementations of production activities (Node-only; never imported by workflow code). They are
// created per process around its PipelineEnv (workspace, store, secrets). Stage activities declared
// without an implementation fail at run time with an ActivityNotRegisteredError naming the activity
// and its task queue.
import type { PipelineEnv } from '../env.ts';
import { gcpActivities } from '../sources/gcp/activity-refs.ts';
import { createGcpActivities } from '../sources/gcp/activities.ts';
import { createVngActivities } from '../sources/vng/activities.ts';
import { VNG_COLLECT, VNG_DISCOVER } from '../sources/vng/refs.ts';
import { Registry } from './define.ts';
import { stageActivityRefs } from './pipeline-run.ts';
import type { AnyActivityDef, AnyActivityRef } from './types.ts';

export function productionActivities(env: PipelineEnv): AnyActivityDef[] {
  const vng = createVngActivities(env);
  return [...createGcpActivities(env), vng.discover as AnyActivityDef, vng.collect as AnyActivityDef];
}

/** Every activity production workflows may call, implemented or not (for workers and diagnostics). */
export const declaredActivities: readonly AnyActivityRef[] = [
  ...stageActivityRefs,
  ...(Object.values(gcpActivities) as AnyActivityRef[]),
  VNG_DISCOVER as AnyActivityRef,
  VNG_COLLECT as AnyActivityRef,
];

export function activityRegistry(env: PipelineEnv): Registry<AnyActivityDef> {
  return new Registry(productionActivities(env));
}

export function unimplementedActivities(implemented: readonly AnyActivityDef[]): AnyActivityRef[] {
  const names = new Set(implemented.map((a) => a.name));
  return declaredActivities.filter((a) => !names.has(a.name));
}
