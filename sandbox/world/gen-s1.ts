/**
 * The SentinelOne tenant of the organisation: accounts, sites and groups, and where each agent
 * sits in it. Everything is derived from the seed and from facts of the machine that `mutate`
 * never changes (kind, OS, GCP env label), so placements are stable across collections.
 */
import { DAY_MS, EPOCH_MS, isoAt } from './ids.ts';
import { hash32, mix32 } from './prng.ts';
import type { Machine, World } from './types.ts';

export interface S1Account {
  id: string;
  name: string;
  accountType: 'Paid' | 'Trial';
  createdAt: string;
}

export interface S1Site {
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  sku: 'Complete' | 'Control';
  isDefault: boolean;
  description: string;
  registrationToken: string;
  createdAt: string;
}

export interface S1Group {
  id: string;
  name: string;
  siteId: string;
  type: 'static' | 'dynamic';
  isDefault: boolean;
  rank: number | null;
  filterName: string | null;
  registrationToken: string;
  createdAt: string;
}

export interface S1Placement {
  account: S1Account;
  site: S1Site;
  group: S1Group;
}

export interface S1Tenant {
  accounts: S1Account[];
  sites: S1Site[];
  groups: S1Group[];
  /** Site the sandbox's site-scoped token may see (a small one, so tests stay quick). */
  scopedSiteId: string;
  place(machine: Machine, gcpEnv?: string): S1Placement;
}

/** A decimal id below 2^63 (18-19 digits), like S1 ids, derived from a label. */
export function s1StableId(seed: number, label: string): string {
  const hi = (mix32(hash32(label, seed ^ 0x51c0ffee)) & 0x1fffffff) | 0x10000000;
  const lo = mix32(hash32(label, seed ^ 0x2545f491));
  return (BigInt(hi) * 4294967296n + BigInt(lo)).toString();
}

/** Fake but realistic-looking registration token (base64 of a JSON blob, like the console's). */
function registrationToken(seed: number, label: string): string {
  const secret = [1, 2, 3, 4]
    .map((k) =>
      mix32(hash32(label, seed + k))
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  return Buffer.from(JSON.stringify({ url: 'https://acme.sentinelone.net', site_key: secret })).toString(
    'base64',
  );
}

const SITE_PLAN = [
  { key: 'cloud', name: 'Cloud Servers', account: 0, sku: 'Complete', isDefault: true },
  { key: 'vng', name: 'VNG Servers', account: 0, sku: 'Complete', isDefault: false },
  { key: 'hcm', name: 'Workstations HCM', account: 0, sku: 'Control', isDefault: false },
  { key: 'han', name: 'Workstations HAN', account: 1, sku: 'Control', isDefault: true },
] as const;

type SiteKey = (typeof SITE_PLAN)[number]['key'];

const GROUP_PLAN: Record<SiteKey, readonly string[]> = {
  cloud: ['Default Group', 'Production', 'GKE Nodes'],
  vng: ['Default Group', 'Windows Servers'],
  hcm: ['Default Group', 'Laptops', 'Desktops'],
  han: ['Default Group', 'Laptops'],
};

const cache = new Map<number, S1Tenant>();

export function s1Tenant(world: Pick<World, 'seed' | 'org'>): S1Tenant {
  const cached = cache.get(world.seed);
  if (cached) return cached;
  const seed = world.seed;
  const created = (label: string, maxDays: number): string =>
    isoAt(EPOCH_MS - (400 + (hash32(label, seed) % maxDays)) * DAY_MS);
  const accounts: S1Account[] = [world.org.name, `${world.org.name} Branches`].map((name, i) => ({
    id: s1StableId(seed, `account/${i}`),
    name,
    accountType: 'Paid',
    createdAt: created(`account/${i}`, 300),
  }));
  const siteByKey = new Map<SiteKey, S1Site>();
  const groupsBySite = new Map<SiteKey, S1Group[]>();
  const groups: S1Group[] = [];
  for (const plan of SITE_PLAN) {
    const account = accounts[plan.account] as S1Account;
    const site: S1Site = {
      id: s1StableId(seed, `site/${plan.key}`),
      name: plan.name,
      accountId: account.id,
      accountName: account.name,
      sku: plan.sku,
      isDefault: plan.isDefault,
      description: `${plan.name} of ${world.org.name}`,
      registrationToken: registrationToken(seed, `site/${plan.key}`),
      createdAt: created(`site/${plan.key}`, 200),
    };
    siteByKey.set(plan.key, site);
    const own = GROUP_PLAN[plan.key].map((name, rank): S1Group => ({
      id: s1StableId(seed, `group/${plan.key}/${name}`),
      name,
      siteId: site.id,
      type: name === 'GKE Nodes' ? 'dynamic' : 'static',
      isDefault: name === 'Default Group',
      rank: name === 'GKE Nodes' ? rank : null,
      filterName: name === 'GKE Nodes' ? 'computerName contains gke-' : null,
      registrationToken: registrationToken(seed, `group/${plan.key}/${name}`),
      createdAt: created(`group/${plan.key}/${name}`, 100),
    }));
    groupsBySite.set(plan.key, own);
    groups.push(...own);
  }
  const pick = (key: SiteKey, group: string): S1Placement => {
    const site = siteByKey.get(key) as S1Site;
    const list = groupsBySite.get(key) ?? [];
    return {
      account: accounts.find((a) => a.id === site.accountId) as S1Account,
      site,
      group: list.find((g) => g.name === group) ?? (list[0] as S1Group),
    };
  };
  const tenant: S1Tenant = {
    accounts,
    sites: [...siteByKey.values()],
    groups,
    scopedSiteId: (siteByKey.get('han') as S1Site).id,
    place(machine, gcpEnv) {
      switch (machine.kind) {
        case 'gke-node':
          return pick('cloud', 'GKE Nodes');
        case 'gcp-vm':
          return pick('cloud', gcpEnv === 'prod' ? 'Production' : 'Default Group');
        case 'vng-server':
          return pick('vng', machine.os.family === 'windows' ? 'Windows Servers' : 'Default Group');
        default: {
          // Roughly a third of the office endpoints sit in the Hanoi branch account.
          const han = hash32(machine.id, seed) % 3 === 0;
          const group = machine.kind === 'laptop' ? 'Laptops' : han ? 'Default Group' : 'Desktops';
          return pick(han ? 'han' : 'hcm', group);
        }
      }
    },
  };
  cache.set(seed, tenant);
  return tenant;
}
