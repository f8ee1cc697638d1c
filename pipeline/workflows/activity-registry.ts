// Implementations of production activities (Node-only; never imported by workflow code). They are
// created per process around its PipelineEnv (workspace, store, secrets). Stage activities declared
// without an implementation fail at run time with an ActivityNotRegisteredError naming the activity
// and its task queue.
import type { PipelineEnv } from '../env.ts';
import { gcpActivities } from '../sources/gcp/activity-refs.ts';
import { createFortinetActivities } from '../sources/fortinet/activities.ts';
import { fortinetActivities } from '../sources/fortinet/activity-refs.ts';
import { createDetectActivities } from '../detect/activity.ts';
import { createNormalizeActivities } from '../normalize/activity.ts';
import { createPublishActivities } from '../publish/activity.ts';
import { createGcpActivities } from '../sources/gcp/activities.ts';
import { createS1Activities } from '../sources/s1/activities.ts';
import { collectS1Site, collectS1Tenant } from '../sources/s1/activity-refs.ts';
import { createVngActivities } from '../sources/vng/activities.ts';
import { VNG_COLLECT, VNG_DISCOVER } from '../sources/vng/refs.ts';
import { Registry } from './define.ts';
import { stageActivityRefs } from './pipeline-run.ts';
import type { AnyActivityDef, AnyActivityRef } from './types.ts';

export function productionActivities(env: PipelineEnv): AnyActivityDef[] {
  const vng = createVngActivities(env);
  return [
    ...createGcpActivities(env),
    vng.discover as AnyActivityDef,
    vng.collect as AnyActivityDef,
    ...createFortinetActivities(env),
    ...createS1Activities(env),
    ...createPublishActivities(env),
    ...createNormalizeActivities(env),
    ...createDetectActivities(env),
  ];
}

/** Every activity production workflows may call, implemented or not (for workers and diagnostics). */
export const declaredActivities: readonly AnyActivityRef[] = [
  ...stageActivityRefs,
  ...(Object.values(gcpActivities) as AnyActivityRef[]),
  VNG_DISCOVER as AnyActivityRef,
  VNG_COLLECT as AnyActivityRef,
  ...(Object.values(fortinetActivities) as AnyActivityRef[]),
  collectS1Tenant as AnyActivityRef,
  collectS1Site as AnyActivityRef,
];

export function activityRegistry(env: PipelineEnv): Registry<AnyActivityDef> {
  return new Registry(productionActivities(env));
}

export function unimplementedActivities(implemented: readonly AnyActivityDef[]): AnyActivityRef[] {
  const names = new Set(implemented.map((a) => a.name));
  return declaredActivities.filter((a) => !names.has(a.name));
}
