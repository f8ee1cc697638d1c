/** Per-project views of a world's VNG records, built once per world object (listing order is fixed). */
import type {
  VngElasticIp,
  VngNetwork,
  VngProject,
  VngSecgroup,
  VngSubnet,
  VngVolume,
} from '../../world/gen-vng-types.ts';
import type { Machine, World } from '../../world/types.ts';

export interface VngProjectView {
  project: VngProject;
  /** Machines carrying this project's servers, in world order. */
  servers: Machine[];
  volumes: VngVolume[];
  networks: VngNetwork[];
  subnetsByNetwork: Map<string, VngSubnet[]>;
  secgroups: VngSecgroup[];
  secgroupById: Map<string, VngSecgroup>;
  elasticIps: VngElasticIp[];
  volumeById: Map<string, VngVolume>;
}

const cache = new WeakMap<World, Map<string, VngProjectView>>();

export function vngViews(world: World): Map<string, VngProjectView> {
  let views = cache.get(world);
  if (views) return views;
  views = new Map();
  const vng = world.vng;
  for (const project of vng?.projects ?? []) {
    views.set(project.projectId, {
      project,
      servers: [],
      volumes: [],
      networks: [],
      subnetsByNetwork: new Map(),
      secgroups: [],
      secgroupById: new Map(),
      elasticIps: [],
      volumeById: new Map(),
    });
  }
  for (const m of world.machines) if (m.vng) views.get(m.vng.projectId)?.servers.push(m);
  for (const v of vng?.volumes ?? []) {
    const view = views.get(v.projectId);
    view?.volumes.push(v);
    view?.volumeById.set(v.id, v);
  }
  for (const n of vng?.networks ?? []) views.get(n.projectId)?.networks.push(n);
  for (const s of vng?.subnets ?? []) {
    const byNet = views.get(s.projectId)?.subnetsByNetwork;
    if (byNet) byNet.set(s.networkId, [...(byNet.get(s.networkId) ?? []), s]);
  }
  for (const g of vng?.secgroups ?? []) {
    views.get(g.projectId)?.secgroups.push(g);
    views.get(g.projectId)?.secgroupById.set(g.id, g);
  }
  for (const e of vng?.elasticIps ?? []) views.get(e.projectId)?.elasticIps.push(e);
  cache.set(world, views);
  return views;
}
