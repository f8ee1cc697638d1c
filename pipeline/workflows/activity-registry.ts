// Implementations of production activities (Node-only; never imported by workflow code).
// Later issues add theirs here, e.g. `implementActivity(ingestActivities.gcp, ingestGcp)`. Stage
// activities declared in pipeline-run.ts without an implementation fail at run time with an
// ActivityNotRegisteredError naming the activity and its task queue.
import { Registry } from './define.ts';
import { stageActivityRefs } from './pipeline-run.ts';
import type { AnyActivityDef, AnyActivityRef } from './types.ts';

export const productionActivities: readonly AnyActivityDef[] = [];

/** Every activity production workflows may call, implemented or not (for workers and diagnostics). */
export const declaredActivities: readonly AnyActivityRef[] = [...stageActivityRefs];

export function activityRegistry(): Registry<AnyActivityDef> {
  return new Registry(productionActivities);
}

export function unimplementedActivities(): AnyActivityRef[] {
  const implemented = new Set(productionActivities.map((a) => a.name));
  return declaredActivities.filter((a) => !implemented.has(a.name));
}
