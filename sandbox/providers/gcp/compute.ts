/** Compute Engine v1 routes: aggregated lists, global lists, projects.get. */
import type { ProviderRoute, SandboxRequest, SandboxResponse, SandboxState } from '../../server/types.ts';
import { googleError, permissionDenied } from './errors.ts';
import { REGION_SCOPES, ZONE_SCOPES, projectViews, type ProjectView } from './index-world.ts';
import { encodeToken, isError, pageResponse, readPage } from './paging.ts';
import {
  API,
  renderAddress,
  renderDisk,
  renderFirewall,
  renderInstance,
  renderNetwork,
  renderProject,
  renderSubnetwork,
} from './render.ts';

export interface ComputeOptions {
  /** Projects whose Compute calls always fail with 403 PERMISSION_DENIED. */
  forbidden: ReadonlySet<string>;
}

type Guard = { view: ProjectView } | { error: SandboxResponse };

function guard(req: SandboxRequest, state: SandboxState, opts: ComputeOptions, permission: string): Guard {
  const project = req.params.project ?? '';
  if (opts.forbidden.has(project)) return { error: permissionDenied(permission, project) };
  const view = projectViews(state.world()).get(project);
  if (!view) return { error: googleError(404, `The resource 'projects/${project}' was not found`) };
  return { view };
}

interface Aggregated<T> {
  kind: string;
  field: string;
  permission: string;
  scopes: readonly string[];
  scopePrefix: 'zones' | 'regions';
  items: (v: ProjectView) => readonly T[];
  scopeOf: (item: T) => string;
  render: (item: T) => Record<string, unknown>;
}

function aggregatedRoute<T>(resource: string, spec: Aggregated<T>, opts: ComputeOptions): ProviderRoute {
  return {
    method: 'GET',
    path: `/compute/v1/projects/{project}/aggregated/${resource}`,
    handle(req, state) {
      const g = guard(req, state, opts, spec.permission);
      if ('error' in g) return g.error;
      const project = g.view.project.projectId;
      const listing = `agg/${resource}/${project}`;
      const page = readPage(req.query, listing);
      if (isError(page)) return page;
      const all = spec.items(g.view);
      const slice = all.slice(page.offset, page.offset + page.size);
      const byScope = new Map<string, Record<string, unknown>[]>();
      for (const item of slice) {
        const scope = spec.scopeOf(item);
        const list = byScope.get(scope) ?? [];
        list.push(spec.render(item));
        byScope.set(scope, list);
      }
      const items: Record<string, unknown> = {};
      for (const s of spec.scopes) {
        const key = `${spec.scopePrefix}/${s}`;
        const list = byScope.get(s);
        items[key] = list
          ? { [spec.field]: list }
          : {
              warning: {
                code: 'NO_RESULTS_ON_PAGE',
                message: `There are no results for scope '${key}' on this page.`,
                data: [{ key: 'scope', value: key }],
              },
            };
      }
      const next =
        page.offset + page.size < all.length ? encodeToken(listing, page.offset + page.size) : undefined;
      return pageResponse(
        {
          kind: spec.kind,
          id: `projects/${project}/aggregated/${resource}`,
          items,
          ...(next ? { nextPageToken: next } : {}),
          selfLink: `${API}/projects/${project}/aggregated/${resource}`,
        },
        page,
      );
    },
  };
}

function globalRoute<T>(
  resource: string,
  kind: string,
  permission: string,
  items: (v: ProjectView) => readonly T[],
  render: (item: T, v: ProjectView) => Record<string, unknown>,
  opts: ComputeOptions,
): ProviderRoute {
  return {
    method: 'GET',
    path: `/compute/v1/projects/{project}/global/${resource}`,
    handle(req, state) {
      const g = guard(req, state, opts, permission);
      if ('error' in g) return g.error;
      const project = g.view.project.projectId;
      const listing = `global/${resource}/${project}`;
      const page = readPage(req.query, listing);
      if (isError(page)) return page;
      const all = items(g.view);
      const slice = all.slice(page.offset, page.offset + page.size);
      const next =
        page.offset + page.size < all.length ? encodeToken(listing, page.offset + page.size) : undefined;
      return pageResponse(
        {
          kind,
          id: `projects/${project}/global/${resource}`,
          ...(slice.length > 0 ? { items: slice.map((x) => render(x, g.view)) } : {}),
          ...(next ? { nextPageToken: next } : {}),
          selfLink: `${API}/projects/${project}/global/${resource}`,
        },
        page,
      );
    },
  };
}

export function computeRoutes(opts: ComputeOptions): ProviderRoute[] {
  return [
    aggregatedRoute(
      'instances',
      {
        kind: 'compute#instanceAggregatedList',
        field: 'instances',
        permission: 'compute.instances.list',
        scopes: ZONE_SCOPES,
        scopePrefix: 'zones',
        items: (v) => v.instances,
        scopeOf: (i) => i.zone,
        render: renderInstance,
      },
      opts,
    ),
    aggregatedRoute(
      'disks',
      {
        kind: 'compute#diskAggregatedList',
        field: 'disks',
        permission: 'compute.disks.list',
        scopes: ZONE_SCOPES,
        scopePrefix: 'zones',
        items: (v) => v.disks,
        scopeOf: (d) => d.zone,
        render: renderDisk,
      },
      opts,
    ),
    aggregatedRoute(
      'addresses',
      {
        kind: 'compute#addressAggregatedList',
        field: 'addresses',
        permission: 'compute.addresses.list',
        scopes: REGION_SCOPES,
        scopePrefix: 'regions',
        items: (v) => v.addresses,
        scopeOf: (a) => a.region ?? '',
        render: renderAddress,
      },
      opts,
    ),
    aggregatedRoute(
      'subnetworks',
      {
        kind: 'compute#subnetworkAggregatedList',
        field: 'subnetworks',
        permission: 'compute.subnetworks.list',
        scopes: REGION_SCOPES,
        scopePrefix: 'regions',
        items: (v) => v.subnetworks,
        scopeOf: (s) => s.region,
        render: renderSubnetwork,
      },
      opts,
    ),
    globalRoute(
      'networks',
      'compute#networkList',
      'compute.networks.list',
      (v) => v.networks,
      (n, v) =>
        renderNetwork(
          n,
          v.subnetworks.filter((s) => s.network === n.name),
        ),
      opts,
    ),
    globalRoute(
      'firewalls',
      'compute#firewallList',
      'compute.firewalls.list',
      (v) => v.firewalls,
      renderFirewall,
      opts,
    ),
    globalRoute(
      'addresses',
      'compute#addressList',
      'compute.globalAddresses.list',
      (v) => v.globalAddresses,
      renderAddress,
      opts,
    ),
    {
      method: 'GET',
      path: '/compute/v1/projects/{project}',
      handle(req, state) {
        const g = guard(req, state, opts, 'compute.projects.get');
        return 'error' in g ? g.error : { status: 200, body: renderProject(g.view.project) };
      },
    },
  ];
}
