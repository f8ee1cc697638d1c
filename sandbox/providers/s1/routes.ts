/** Management API v2.1 routes: accounts, sites, groups, agents, agent applications, risks. */
import type { ProviderRoute, SandboxRequest, SandboxResponse, SandboxState } from '../../server/types.ts';
import { s1Tenant } from '../../world/gen-s1.ts';
import { renderAccounts, renderGroups, renderSites } from '../../world/gen-s1-tenant-view.ts';
import {
  renderAgent,
  renderApplications,
  renderRisks,
  s1View,
  type S1AgentEntry,
  type S1View,
} from '../../world/gen-s1-view.ts';
import type { World } from '../../world/types.ts';
import { isDenied, type S1Auth, type TokenScope } from './auth.ts';
import { insufficientPermissions, validationError } from './errors.ts';
import { isResponse, listingKey, pageResponse, readPage } from './paging.ts';

export const API_PREFIX = '/web/api/v2.1';

function list(query: URLSearchParams, name: string): Set<string> | undefined {
  const raw = query.get(name);
  return raw
    ? new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    : undefined;
}

/** Site ids the request may see after the token scope and the siteIds/accountIds filters. */
function visibleSites(world: World, scope: TokenScope, query: URLSearchParams): string[] {
  const siteIds = list(query, 'siteIds');
  const accountIds = list(query, 'accountIds');
  return s1Tenant(world)
    .sites.filter(
      (s) =>
        (scope.kind === 'account' || scope.siteIds.has(s.id)) &&
        (!siteIds || siteIds.has(s.id)) &&
        (!accountIds || accountIds.has(s.accountId)),
    )
    .map((s) => s.id);
}

/** `isDecommissioned` filter: absent or false lists active agents only, true the decommissioned ones. */
function decommissionFilter(query: URLSearchParams): SandboxResponse | ((e: S1AgentEntry) => boolean) {
  const raw = (query.get('isDecommissioned') ?? 'false').toLowerCase();
  const values = new Set(raw.split(','));
  for (const v of values)
    if (v !== 'true' && v !== 'false') return validationError(`isDecommissioned: "${v}" is not a boolean.`);
  return (e) => values.has(e.agent.state === 'decommissioned' ? 'true' : 'false');
}

// Filtered agent listings, cached per world so each page of a 100k listing does not refilter.
const agentListings = new WeakMap<World, Map<string, S1AgentEntry[]>>();

function agentListing(
  view: S1View,
  scope: TokenScope,
  query: URLSearchParams,
  key: string,
): S1AgentEntry[] | SandboxResponse {
  const keep = decommissionFilter(query);
  if (typeof keep !== 'function') return keep;
  let cache = agentListings.get(view.world);
  if (!cache) agentListings.set(view.world, (cache = new Map()));
  const cacheKey = `${scope.kind === 'site' ? [...scope.siteIds].join(',') : '*'}|${key}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const groupIds = list(query, 'groupIds');
  const ids = list(query, 'ids');
  const out: S1AgentEntry[] = [];
  for (const siteId of visibleSites(view.world, scope, query))
    for (const e of view.agentsBySite.get(siteId) ?? [])
      if (keep(e) && (!groupIds || groupIds.has(e.placement.group.id)) && (!ids || ids.has(e.agent.id)))
        out.push(e);
  cache.set(cacheKey, out);
  return out;
}

type Handler = (req: SandboxRequest, state: SandboxState, scope: TokenScope) => SandboxResponse;

function route(auth: S1Auth, path: string, handler: Handler): ProviderRoute {
  return {
    method: 'GET',
    path: `${API_PREFIX}${path}`,
    handle(req, state) {
      const scope = auth.scopeOf(req, s1Tenant(state.world()).scopedSiteId);
      return isDenied(scope) ? scope : handler(req, state, scope);
    },
  };
}

function paged(
  req: SandboxRequest,
  resource: string,
  items: readonly unknown[],
  wrap?: (x: unknown[]) => unknown,
): SandboxResponse {
  const page = readPage(req.query, listingKey(resource, req.query));
  if (isResponse(page)) return page;
  return pageResponse(items.slice(page.offset, page.offset + page.limit), page, items.length, wrap);
}

export function s1Routes(auth: S1Auth): ProviderRoute[] {
  return [
    route(auth, '/accounts', (req, state, scope) => {
      if (scope.kind === 'site') return insufficientPermissions();
      const ids = list(req.query, 'accountIds');
      return paged(
        req,
        'accounts',
        renderAccounts(state.world()).filter((a) => !ids || ids.has(String(a.id))),
      );
    }),
    route(auth, '/sites', (req, state, scope) => {
      const visible = new Set(visibleSites(state.world(), scope, req.query));
      const sites = renderSites(state.world()).filter((s) => visible.has(String(s.id)));
      const active = sites.reduce((n, s) => n + Number(s.activeLicenses), 0);
      return paged(req, 'sites', sites, (page) => ({
        allSites: { activeLicenses: active, totalLicenses: 0 },
        sites: page,
      }));
    }),
    route(auth, '/groups', (req, state, scope) => {
      const visible = new Set(visibleSites(state.world(), scope, req.query));
      return paged(
        req,
        'groups',
        renderGroups(state.world()).filter((g) => visible.has(String(g.siteId))),
      );
    }),
    route(auth, '/agents', (req, state, scope) => {
      const view = s1View(state.world());
      const key = listingKey('agents', req.query);
      const entries = agentListing(view, scope, req.query, key);
      if (!Array.isArray(entries)) return entries;
      const page = readPage(req.query, key);
      if (isResponse(page)) return page;
      const slice = entries.slice(page.offset, page.offset + page.limit).map((e) => renderAgent(view, e));
      return pageResponse(slice, page, entries.length);
    }),
    route(auth, '/agents/applications', (req, state, scope) => {
      const ids = list(req.query, 'ids');
      if (!ids) return validationError('ids: Missing data for required field.');
      const view = s1View(state.world());
      const visible = new Set(visibleSites(view.world, scope, new URLSearchParams()));
      const data: unknown[] = [];
      for (const id of ids) {
        const e = view.agentById.get(id);
        if (e && visible.has(e.placement.site.id)) data.push(...renderApplications(e));
      }
      return { status: 200, body: { data } };
    }),
    route(auth, '/application-management/risks', (req, state, scope) => {
      const view = s1View(state.world());
      const sites = visibleSites(view.world, scope, req.query);
      const page = readPage(req.query, listingKey('risks', req.query));
      if (isResponse(page)) return page;
      // Walk agents to the page's offset without rendering the risks before it.
      const data: unknown[] = [];
      let index = 0;
      for (const siteId of sites)
        for (const e of view.agentsBySite.get(siteId) ?? []) {
          const n = e.machine.cves.length;
          if (n > 0 && index + n > page.offset && data.length < page.limit) {
            const from = Math.max(0, page.offset - index);
            data.push(...renderRisks(view, e).slice(from, from + page.limit - data.length));
          }
          index += n;
        }
      return pageResponse(data, page, index);
    }),
  ];
}
