/**
 * Ground truth of the SentinelOne view: rows per bronze table, and the exact row-level changes
 * between two collections (computed from the API objects both worlds serve, volatile fields
 * excluded), so tests can check that history re-versions exactly these rows and nothing else.
 */
import { renderAccounts, renderGroups, renderSites } from './gen-s1-tenant-view.ts';
import { renderAgent, renderApplications, renderRisks, s1View } from './gen-s1-view.ts';
import type { World } from './types.ts';

export const S1_TABLE_NAMES = [
  's1_accounts',
  's1_sites',
  's1_groups',
  's1_agents',
  's1_agent_nics',
  's1_agent_applications',
  's1_application_risks',
] as const;

export type S1TableName = (typeof S1_TABLE_NAMES)[number];

/** Fields that change on every collection without meaning a change (volatile columns). */
export const S1_VOLATILE_FIELDS: ReadonlySet<string> = new Set([
  'lastActiveDate',
  'updatedAt',
  'daysDetected',
  'lastScanDate',
]);

/** resource_id of an installed application: one agent, one application, one version. */
export function s1ApplicationId(agentId: string, name: string, version: unknown): string {
  return `${agentId}/${name}/${typeof version === 'string' ? version : ''}`;
}

export function s1Counts(world: World): Record<S1TableName, number> {
  const view = s1View(world);
  let agents = 0;
  let nics = 0;
  let apps = 0;
  let risks = 0;
  for (const list of view.agentsBySite.values())
    for (const e of list) {
      agents++;
      nics += e.machine.nics.length;
      apps += e.machine.software.length;
      risks += e.machine.cves.length;
    }
  return {
    s1_accounts: view.tenant.accounts.length,
    s1_sites: view.tenant.sites.length,
    s1_groups: view.tenant.groups.length,
    s1_agents: agents,
    s1_agent_nics: nics,
    s1_agent_applications: apps,
    s1_application_risks: risks,
  };
}

export interface S1RowChange {
  table: S1TableName;
  kind: 'created' | 'deleted' | 'changed';
  resourceId: string;
  /** NIC name for s1_agent_nics rows. */
  childKey?: string;
}

type Rows = Map<string, string>;

function stable(obj: Record<string, unknown>, drop: readonly string[] = []): string {
  const kept = Object.entries(obj).filter(([k]) => !S1_VOLATILE_FIELDS.has(k) && !drop.includes(k));
  return JSON.stringify(kept);
}

function snapshot(world: World): Map<S1TableName, Rows> {
  const view = s1View(world);
  const out = new Map<S1TableName, Rows>(S1_TABLE_NAMES.map((t) => [t, new Map()]));
  const put = (t: S1TableName, id: string, text: string): void => void out.get(t)?.set(id, text);
  for (const a of renderAccounts(world)) put('s1_accounts', String(a.id), stable(a));
  for (const s of renderSites(world)) put('s1_sites', String(s.id), stable(s));
  for (const g of renderGroups(world)) put('s1_groups', String(g.id), stable(g));
  for (const list of view.agentsBySite.values())
    for (const e of list) {
      const agent = renderAgent(view, e);
      put('s1_agents', e.agent.id, stable(agent, ['networkInterfaces']));
      for (const nic of agent.networkInterfaces as Record<string, unknown>[])
        put('s1_agent_nics', `${e.agent.id}\u0000${String(nic.name)}`, stable(nic));
      for (const app of renderApplications(e))
        put('s1_agent_applications', s1ApplicationId(e.agent.id, String(app.name), app.version), stable(app));
      for (const r of renderRisks(view, e)) put('s1_application_risks', String(r.id), stable(r));
    }
  return out;
}

/** Row-level changes a collection of `after` must record on top of a collection of `before`. */
export function s1Changes(before: World, after: World): S1RowChange[] {
  const a = snapshot(before);
  const b = snapshot(after);
  const out: S1RowChange[] = [];
  for (const table of S1_TABLE_NAMES) {
    const old = a.get(table) ?? new Map<string, string>();
    const now = b.get(table) ?? new Map<string, string>();
    const row = (id: string, kind: S1RowChange['kind']): S1RowChange => {
      if (table !== 's1_agent_nics') return { table, kind, resourceId: id };
      const [resourceId = '', childKey = ''] = id.split('\u0000');
      return { table, kind, resourceId, childKey };
    };
    for (const [id, text] of now) {
      const prev = old.get(id);
      if (prev === undefined) out.push(row(id, 'created'));
      else if (prev !== text) out.push(row(id, 'changed'));
    }
    for (const id of old.keys()) if (!now.has(id)) out.push(row(id, 'deleted'));
  }
  return out;
}
