/** Per-project, scope-ordered views of a world, built once per world object. */
import { ALL_ZONES, GCP_REGIONS } from '../../world/catalog.ts';
import type {
  GcpAddress,
  GcpDisk,
  GcpFirewall,
  GcpInstance,
  GcpNetwork,
  GcpProject,
  GcpSubnetwork,
  World,
} from '../../world/types.ts';

export interface ProjectView {
  project: GcpProject;
  instances: GcpInstance[];
  disks: GcpDisk[];
  addresses: GcpAddress[];
  globalAddresses: GcpAddress[];
  subnetworks: GcpSubnetwork[];
  networks: GcpNetwork[];
  firewalls: GcpFirewall[];
}

export const ZONE_SCOPES: readonly string[] = ALL_ZONES;
export const REGION_SCOPES: readonly string[] = GCP_REGIONS.map((r) => r.region);

const cache = new WeakMap<World, Map<string, ProjectView>>();

const zoneRank = new Map(ALL_ZONES.map((z, i) => [z, i]));
const regionRank = new Map(REGION_SCOPES.map((r, i) => [r, i]));
const byName = (a: { name: string }, b: { name: string }): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

export function projectViews(world: World): Map<string, ProjectView> {
  let views = cache.get(world);
  if (views) return views;
  views = new Map();
  for (const project of world.gcp.projects) {
    views.set(project.projectId, {
      project,
      instances: [],
      disks: [],
      addresses: [],
      globalAddresses: [],
      subnetworks: [],
      networks: [],
      firewalls: [],
    });
  }
  const at = (p: string): ProjectView | undefined => views?.get(p);
  for (const i of world.gcp.instances) at(i.project)?.instances.push(i);
  for (const d of world.gcp.disks) at(d.project)?.disks.push(d);
  for (const a of world.gcp.addresses)
    (a.region ? at(a.project)?.addresses : at(a.project)?.globalAddresses)?.push(a);
  for (const s of world.gcp.subnetworks) at(s.project)?.subnetworks.push(s);
  for (const n of world.gcp.networks) at(n.project)?.networks.push(n);
  for (const f of world.gcp.firewalls) at(f.project)?.firewalls.push(f);
  // Aggregated pages walk scopes in a fixed order so offsets are stable across requests.
  const zoned = (a: { zone: string; name: string }, b: { zone: string; name: string }): number =>
    (zoneRank.get(a.zone) ?? 0) - (zoneRank.get(b.zone) ?? 0) || byName(a, b);
  const regional = (a: { region?: string; name: string }, b: { region?: string; name: string }): number =>
    (regionRank.get(a.region ?? '') ?? 0) - (regionRank.get(b.region ?? '') ?? 0) || byName(a, b);
  for (const v of views.values()) {
    v.instances.sort(zoned);
    v.disks.sort(zoned);
    v.addresses.sort(regional);
    v.subnetworks.sort(regional);
    v.globalAddresses.sort(byName);
    v.networks.sort(byName);
    v.firewalls.sort(byName);
  }
  cache.set(world, views);
  return views;
}
