/** Accounts, sites and groups shaped like the SentinelOne API, with live agent counts. */
import { isLive, s1View, type S1View } from './gen-s1-view.ts';
import { DAY_MS, EPOCH_MS, isoAt } from './ids.ts';
import type { World } from './types.ts';

interface Tally {
  active: number;
  total: number;
}

function tallies(view: S1View): { bySite: Map<string, Tally>; byGroup: Map<string, Tally> } {
  const bySite = new Map<string, Tally>();
  const byGroup = new Map<string, Tally>();
  const bump = (map: Map<string, Tally>, key: string, live: boolean): void => {
    const t = map.get(key) ?? { active: 0, total: 0 };
    t.total++;
    if (live) t.active++;
    map.set(key, t);
  };
  for (const list of view.agentsBySite.values())
    for (const e of list) {
      const live = isLive(e.agent);
      bump(bySite, e.placement.site.id, live);
      bump(byGroup, e.placement.group.id, live);
    }
  return { bySite, byGroup };
}

const EXPIRES = isoAt(EPOCH_MS + 400 * DAY_MS);

export function renderAccounts(world: World): Record<string, unknown>[] {
  const view = s1View(world);
  const { bySite } = tallies(view);
  return view.tenant.accounts.map((a) => {
    const sites = view.tenant.sites.filter((s) => s.accountId === a.id);
    return {
      id: a.id,
      name: a.name,
      accountType: a.accountType,
      state: 'active',
      billingMode: 'subscription',
      activeAgents: sites.reduce((n, s) => n + (bySite.get(s.id)?.active ?? 0), 0),
      numberOfSites: sites.length,
      totalLicenses: 0,
      unlimitedLicenses: true,
      expiration: EXPIRES,
      unlimitedExpiration: false,
      externalId: null,
      createdAt: a.createdAt,
      updatedAt: a.createdAt,
      skus: [
        { type: 'Core', modules: [] },
        { type: 'Complete', modules: [{ name: 'rso', displayName: 'Remote Script Orchestration' }] },
      ],
      isDefault: false,
    };
  });
}

export function renderSites(world: World): Record<string, unknown>[] {
  const view = s1View(world);
  const { bySite } = tallies(view);
  return view.tenant.sites.map((s) => ({
    id: s.id,
    name: s.name,
    accountId: s.accountId,
    accountName: s.accountName,
    siteType: 'Paid',
    state: 'active',
    sku: s.sku,
    suite: s.sku,
    isDefault: s.isDefault,
    healthStatus: true,
    activeLicenses: bySite.get(s.id)?.total ?? 0,
    totalLicenses: 0,
    unlimitedLicenses: true,
    unlimitedExpiration: false,
    expiration: EXPIRES,
    description: s.description,
    externalId: null,
    creator: 'Hotpot Sandbox',
    creatorId: s.accountId,
    registrationToken: s.registrationToken,
    usageType: 'customer',
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    licenses: {
      bundles: [
        { name: s.sku.toLowerCase(), displayName: s.sku, surfaces: [{ name: 'Total Agents', count: -1 }] },
      ],
      modules: [],
      settings: [],
    },
  }));
}

export function renderGroups(world: World): Record<string, unknown>[] {
  const view = s1View(world);
  const { byGroup } = tallies(view);
  return view.tenant.groups.map((g) => ({
    id: g.id,
    name: g.name,
    siteId: g.siteId,
    type: g.type,
    isDefault: g.isDefault,
    inherits: true,
    rank: g.rank,
    totalAgents: byGroup.get(g.id)?.total ?? 0,
    filterName: g.filterName,
    filterId: g.filterName ? g.id : null,
    description: null,
    creator: 'Hotpot Sandbox',
    creatorId: g.siteId,
    registrationToken: g.registrationToken,
    createdAt: g.createdAt,
    updatedAt: g.createdAt,
  }));
}
