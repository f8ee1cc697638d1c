// What the SentinelOne source collects. Accounts and sites are one listing each of everything
// the token sees (scope '*'); the rest is listed per site (scope = site id), so a site that
// fails deletes nothing and the others still complete.
import {
  S1_ACCOUNTS,
  S1_AGENTS,
  S1_AGENT_APPLICATIONS,
  S1_APPLICATION_RISKS,
  S1_GROUPS,
  S1_SITES,
} from '../../../db/catalog/tables/s1.ts';
import type { TableSpec } from '../../../db/catalog/types.ts';
import type { SnapshotRecord } from '../../../db/history/types.ts';
import type { S1Client, S1Item } from './client.ts';
import {
  convertAccount,
  convertAgent,
  convertApplication,
  convertGroup,
  convertRisk,
  convertSite,
  idText,
} from './convert.ts';

/** Scope of the tenant-wide listings (accounts, sites). */
export const TENANT_SCOPE = '*';

export type S1SiteResource = 'groups' | 'agents' | 'applications' | 'risks';

export interface ListingHooks {
  /** Called after each page with the number of API objects it held. */
  onPage?(objects: number): void;
  /** Parallel per-agent application calls. */
  concurrency?: number;
}

export interface SiteResourceSpec {
  table: TableSpec;
  list(client: S1Client, siteId: string, hooks: ListingHooks): AsyncIterable<SnapshotRecord>;
}

/** Converts pages to records, reporting each page. */
export async function* records(
  pages: AsyncIterable<S1Item[]>,
  convert: (item: S1Item) => SnapshotRecord,
  hooks: ListingHooks = {},
): AsyncGenerator<SnapshotRecord> {
  for await (const page of pages) {
    for (const item of page) yield convert(item);
    hooks.onPage?.(page.length);
  }
}

/** Active agents, then decommissioned ones: the API lists the two only separately. */
async function* allAgentPages(client: S1Client, siteId: string): AsyncGenerator<S1Item[]> {
  yield* client.agents(siteId, false);
  yield* client.agents(siteId, true);
}

async function* applicationRecords(
  client: S1Client,
  siteId: string,
  hooks: ListingHooks,
): AsyncGenerator<SnapshotRecord> {
  for await (const page of allAgentPages(client, siteId)) {
    const ids = page.map((a) => idText(a.id)).filter((id): id is string => id !== undefined);
    const results: SnapshotRecord[][] = [];
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (!failed && next < ids.length) {
        const i = next++;
        const id = ids[i] as string;
        try {
          results[i] = (await client.applications(id)).map((app) => convertApplication(id, app));
        } catch (error) {
          failed = true; // the other workers stop taking agents; the listing ends incomplete
          throw error;
        }
      }
    };
    const workers = Math.max(1, Math.min(hooks.concurrency ?? 4, ids.length));
    await Promise.all(Array.from({ length: workers }, worker));
    for (const r of results) if (r) yield* r;
    hooks.onPage?.(ids.length);
  }
}

export const SITE_RESOURCES: Readonly<Record<S1SiteResource, SiteResourceSpec>> = {
  groups: { table: S1_GROUPS, list: (c, site, h) => records(c.groups(site), convertGroup, h) },
  agents: { table: S1_AGENTS, list: (c, site, h) => records(allAgentPages(c, site), convertAgent, h) },
  applications: { table: S1_AGENT_APPLICATIONS, list: (c, site, h) => applicationRecords(c, site, h) },
  risks: { table: S1_APPLICATION_RISKS, list: (c, site, h) => records(c.risks(site), convertRisk, h) },
};

export const TENANT_RESOURCES = {
  accounts: { table: S1_ACCOUNTS, convert: convertAccount },
  sites: { table: S1_SITES, convert: convertSite },
} as const;

/** Site resources a source collects, in the order the workflow starts them. */
export function siteResources(options: {
  collectApplications: boolean;
  collectRisks: boolean;
}): S1SiteResource[] {
  return [
    'groups',
    'agents',
    ...(options.collectApplications ? (['applications'] as const) : []),
    ...(options.collectRisks ? (['risks'] as const) : []),
  ];
}
