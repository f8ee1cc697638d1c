/**
 * vServer gateway routes, one gateway per region under `/vng/{region}/vserver/vserver-gateway`:
 * `GET /v1/projects` and `GET /v2/{projectId}/…`. Paged listings take `page` (1-based) and `size`
 * and answer `{listData, page, pageSize, totalPage, totalItem}`; subnets of a network come back as
 * a bare array and security group rules as `{data: [...]}`, as the real gateway does.
 */
import type { ProviderRoute, SandboxRequest, SandboxResponse, SandboxState } from '../../server/types.ts';
import { VNG_ZONES } from '../../world/gen-vng.ts';
import { gatewayError } from './errors.ts';
import { vngViews, type VngProjectView } from './index-world.ts';
import {
  renderElasticIp,
  renderNetwork,
  renderRule,
  renderSecgroup,
  renderServer,
  renderSubnet,
  renderVolume,
} from './render.ts';

export const GATEWAY_PREFIX = '/vng/{region}/vserver/vserver-gateway';
const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 10;

export interface GatewaySettings {
  /** Projects whose resource calls always fail with this status (a broken scope). */
  failing: Map<string, number>;
}

function viewOf(
  req: SandboxRequest,
  state: SandboxState,
  settings: GatewaySettings,
): VngProjectView | SandboxResponse {
  const { region = '', projectId = '' } = req.params;
  const view = vngViews(state.world()).get(projectId);
  if (!view || view.project.region !== region)
    return gatewayError(404, `Project ${projectId} is not found in region ${region}.`);
  const failing = settings.failing.get(projectId);
  if (failing) return gatewayError(failing, `Internal error while reading project ${projectId}.`);
  return view;
}

const isResponse = (v: VngProjectView | SandboxResponse): v is SandboxResponse => 'status' in v;

/** One page of `items` in the real envelope, plus the stale previous page for the loop fault. */
function paged<T>(req: SandboxRequest, items: readonly T[], render: (item: T) => unknown): SandboxResponse {
  const rawPage = req.query.get('page');
  const rawSize = req.query.get('size');
  const page = rawPage === null || rawPage === '' ? 1 : Number(rawPage);
  const size = rawSize === null || rawSize === '' ? DEFAULT_PAGE_SIZE : Number(rawSize);
  if (!Number.isInteger(page) || page < 1)
    return gatewayError(400, `Invalid page '${rawPage}': page must be a positive integer.`);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    return gatewayError(400, `Invalid size '${rawSize}': size must be between 1 and ${MAX_PAGE_SIZE}.`);
  const totalItem = items.length;
  const totalPage = Math.ceil(totalItem / size);
  const body = (p: number): Record<string, unknown> => ({
    listData: items.slice((p - 1) * size, p * size).map(render),
    page: p,
    pageSize: size,
    totalPage,
    totalItem,
  });
  // A cached previous page served again: what the `loop` fault models for page/size listings.
  return {
    status: 200,
    body: body(page),
    ...(page > 1 && page <= totalPage ? { loopBody: body(page - 1) } : {}),
  };
}

function projectRoute(
  path: string,
  settings: GatewaySettings,
  handle: (view: VngProjectView, req: SandboxRequest, state: SandboxState) => SandboxResponse,
): ProviderRoute {
  return {
    method: 'GET',
    path: `${GATEWAY_PREFIX}/v2/{projectId}${path}`,
    handle(req, state) {
      const view = viewOf(req, state, settings);
      return isResponse(view) ? view : handle(view, req, state);
    },
  };
}

export function gatewayRoutes(settings: GatewaySettings): ProviderRoute[] {
  const zoneName = (view: VngProjectView): string => VNG_ZONES[view.project.region] ?? '';
  const elasticIps = (view: VngProjectView, req: SandboxRequest): SandboxResponse =>
    paged(req, view.elasticIps, renderElasticIp);
  return [
    {
      method: 'GET',
      path: `${GATEWAY_PREFIX}/v1/projects`,
      handle(req, state) {
        const region = req.params.region ?? '';
        if (!Object.hasOwn(VNG_ZONES, region)) return gatewayError(404, `Unknown region ${region}.`);
        const projects = [...vngViews(state.world()).values()]
          .filter((v) => v.project.region === region)
          .map((v) => ({
            projectId: v.project.projectId,
            name: v.project.name,
            status: 'ACTIVE',
            isDefault: v.project.isDefault,
            userId: v.project.userId,
          }));
        return { status: 200, body: { projects } };
      },
    },
    projectRoute('/servers', settings, (view, req, state) =>
      paged(req, view.servers, (m) => renderServer(state.world(), view, m)),
    ),
    projectRoute('/volumes', settings, (view, req) =>
      paged(req, view.volumes, (v) => renderVolume(v, zoneName(view))),
    ),
    projectRoute('/networks', settings, (view, req) =>
      paged(req, view.networks, (n) => renderNetwork(n, view)),
    ),
    projectRoute('/networks/{networkId}/subnets', settings, (view, req) => {
      const networkId = req.params.networkId ?? '';
      if (!view.networks.some((n) => n.id === networkId))
        return gatewayError(404, `Network ${networkId} is not found.`);
      return { status: 200, body: (view.subnetsByNetwork.get(networkId) ?? []).map(renderSubnet) };
    }),
    projectRoute('/secgroups', settings, (view, req) => paged(req, view.secgroups, renderSecgroup)),
    projectRoute('/secgroups/{secgroupId}/secGroupRules', settings, (view, req) => {
      const group = view.secgroupById.get(req.params.secgroupId ?? '');
      if (!group) return gatewayError(404, `Security group ${req.params.secgroupId ?? ''} is not found.`);
      return { status: 200, body: { data: group.rules.map(renderRule) } };
    }),
    projectRoute('/wanIps', settings, elasticIps),
    projectRoute('/elastic-ips', settings, elasticIps),
  ];
}
