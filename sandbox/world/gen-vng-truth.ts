/** Ground truth of the VNG view: bronze row counts per scope and the open-admin-port findings. */
import type { VngSecgroup, VngSecgroupRule } from './gen-vng-types.ts';
import type { World } from './types.ts';

export const VNG_TABLE_NAMES = [
  'vng_projects',
  'vng_servers',
  'vng_server_interfaces',
  'vng_server_secgroups',
  'vng_volumes',
  'vng_networks',
  'vng_subnets',
  'vng_secgroups',
  'vng_secgroup_rules',
  'vng_elastic_ips',
] as const;

/** TCP ports the rule `exposure.vng_secgroup_open_admin_ports` treats as admin/database ports. */
export const VNG_ADMIN_PORTS: readonly number[] = [22, 3389, 3306, 5432, 1433, 27017];

const INTERNET = new Set(['0.0.0.0/0', '::/0']);

/** Admin ports an ingress rule opens to the whole internet (sorted, possibly empty). */
export function openAdminPorts(rule: VngSecgroupRule): number[] {
  if (rule.direction !== 'ingress' || !INTERNET.has(rule.remoteIpPrefix)) return [];
  if (rule.protocol !== 'tcp' && rule.protocol !== 'any') return [];
  const allPorts = rule.protocol === 'any' || (!rule.portRangeMin && !rule.portRangeMax);
  return VNG_ADMIN_PORTS.filter((p) => allPorts || (p >= rule.portRangeMin && p <= rule.portRangeMax)).sort(
    (a, b) => a - b,
  );
}

/** `tcp:22,tcp:3389` for a group with internet-open admin ports, else undefined. */
export function secgroupExposure(group: VngSecgroup): string | undefined {
  const ports = [...new Set(group.rules.flatMap(openAdminPorts))].sort((a, b) => a - b);
  return ports.length > 0 ? ports.map((p) => `tcp:${p}`).join(',') : undefined;
}

/** Scope of a project's listings, as the collector writes it. */
export function vngScope(region: string, projectId: string): string {
  return `${region}/${projectId}`;
}

/** Scope (`<region>` for projects, `<region>/<projectId>` for the rest) → table → rows. */
export function vngCountsByScope(world: World): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const vng = world.vng;
  if (!vng) return out;
  const bump = (scope: string, table: string, n = 1): void => {
    const c = (out[scope] ??= {});
    c[table] = (c[table] ?? 0) + n;
  };
  const regionOf = new Map(vng.projects.map((p) => [p.projectId, p.region]));
  const scopeOf = (projectId: string): string => vngScope(regionOf.get(projectId) ?? '?', projectId);
  for (const p of vng.projects) bump(p.region, 'vng_projects');
  for (const m of world.machines) {
    const s = m.vng;
    if (!s) continue;
    const extras = vng.servers[s.id];
    const scope = scopeOf(s.projectId);
    bump(scope, 'vng_servers');
    bump(scope, 'vng_server_interfaces', extras?.external ? 2 : 1);
    bump(scope, 'vng_server_secgroups', extras?.secgroupIds.length ?? 0);
  }
  for (const v of vng.volumes) bump(scopeOf(v.projectId), 'vng_volumes');
  for (const n of vng.networks) bump(scopeOf(n.projectId), 'vng_networks');
  for (const s of vng.subnets) bump(scopeOf(s.projectId), 'vng_subnets');
  for (const g of vng.secgroups) {
    bump(scopeOf(g.projectId), 'vng_secgroups');
    bump(scopeOf(g.projectId), 'vng_secgroup_rules', g.rules.length);
  }
  for (const e of vng.elasticIps) bump(scopeOf(e.projectId), 'vng_elastic_ips');
  return out;
}

export function vngCounts(world: World): Record<string, number> {
  const total: Record<string, number> = Object.fromEntries(VNG_TABLE_NAMES.map((t) => [t, 0]));
  for (const counts of Object.values(vngCountsByScope(world)))
    for (const [t, n] of Object.entries(counts)) total[t] = (total[t] ?? 0) + n;
  return total;
}

export interface VngFindingRef {
  type: 'vng_secgroup';
  id: string;
  detail: string;
}

/** Findings of `exposure.vng_secgroup_open_admin_ports`, one per security group. */
export function vngSecgroupFindings(world: World): VngFindingRef[] {
  const out: VngFindingRef[] = [];
  for (const g of world.vng?.secgroups ?? []) {
    const detail = secgroupExposure(g);
    if (detail) out.push({ type: 'vng_secgroup', id: g.id, detail });
  }
  return out;
}
