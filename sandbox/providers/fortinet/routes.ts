/**
 * FortiOS REST routes: monitor/system/status, the cmdb tables and the three generations of the
 * detected-device monitor endpoint. `vdom` selects one VDOM (default root), a comma list or `*`
 * (then the body is an array of envelopes, one per readable VDOM); `start`/`count` page, `format`
 * projects fields. The appliance is chosen by the TLS front (header), one listener per serial.
 */
import type { ProviderRoute, SandboxRequest, SandboxResponse, SandboxState } from '../../server/types.ts';
import type { FortiDeviceApi, FortiGateBox, FortiVdom } from '../../world/gen-fortinet-types.ts';
import { detectedAt, detectedCount, policyAt, policyCount } from '../../world/gen-fortinet-view.ts';
import type { World } from '../../world/types.ts';
import { fortiError, identity, revision, type ApiPath } from './envelope.ts';
import {
  applyFormat,
  renderAddress,
  renderDetected,
  renderGroup,
  renderInterface,
  renderPolicy,
  renderService,
} from './render.ts';
import type { FortinetSettings } from './settings.ts';

export const DEVICE_HEADER = 'x-hotpot-fortigate';

type Json = Record<string, unknown>;

interface Lister {
  api: ApiPath;
  monitor: boolean;
  count(world: World, box: FortiGateBox, vdom: FortiVdom): number;
  at(world: World, box: FortiGateBox, vdom: FortiVdom, index: number): Json | undefined;
  /** Detected-device endpoints answer only on the FortiOS generation that has them. */
  deviceApi?: FortiDeviceApi;
}

export function boxOf(req: SandboxRequest, state: SandboxState): FortiGateBox | undefined {
  const serial = req.headers[DEVICE_HEADER];
  return state.world().fortinet?.devices.find((d) => d.serial === serial);
}

function selectVdoms(
  req: SandboxRequest,
  box: FortiGateBox,
  settings: FortinetSettings,
  api: ApiPath,
): { vdoms: FortiVdom[]; multi: boolean } | SandboxResponse {
  const raw = req.query.get('vdom') ?? '';
  if (raw === '*')
    return {
      vdoms: box.vdoms.filter((v) => !settings.forbiddenVdoms.has(`${box.serial}/${v.name}`)),
      multi: true,
    };
  const names = raw === '' ? ['root'] : raw.split(',');
  const out: FortiVdom[] = [];
  for (const name of names) {
    const vdom = box.vdoms.find((v) => v.name === name);
    if (!vdom) return fortiError(404, api, box, name);
    if (settings.forbiddenVdoms.has(`${box.serial}/${name}`)) return fortiError(403, api, box, name);
    out.push(vdom);
  }
  return { vdoms: out, multi: names.length > 1 };
}

function range(query: URLSearchParams, total: number): { start: number; end: number; paged: boolean } {
  const start = Number(query.get('start') ?? '0');
  const count = Number(query.get('count') ?? '0');
  // FortiOS returns everything for negative or zero start and count.
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count <= 0)
    return { start: 0, end: total, paged: false };
  return { start: Math.min(start, total), end: Math.min(total, start + count), paged: true };
}

function listRoute(path: string, lister: Lister, settings: FortinetSettings): ProviderRoute {
  return {
    method: 'GET',
    path,
    handle(req, state) {
      const box = boxOf(req, state);
      if (!box) return fortiError(404, lister.api, undefined);
      if (lister.deviceApi && (settings.deviceApi ?? box.deviceApi) !== lister.deviceApi)
        return fortiError(404, lister.api, box, req.query.get('vdom') ?? 'root');
      const selected = selectVdoms(req, box, settings, lister.api);
      if ('status' in selected) return selected;
      const world = state.world();
      const format = req.query.get('format');
      const pages = selected.vdoms.map((vdom) => {
        const total = lister.count(world, box, vdom);
        const r = range(req.query, total);
        const results: Json[] = [];
        for (let i = r.start; i < r.end; i++) {
          const item = lister.at(world, box, vdom, i);
          if (item) results.push(applyFormat(item, format));
        }
        const frame = lister.monitor
          ? {
              http_method: 'GET',
              results,
              vdom: vdom.name,
              path: lister.api.path,
              name: lister.api.name,
              action: lister.api.action ?? '',
            }
          : {
              http_method: 'GET',
              size: total,
              limit_reached: false,
              matched_count: total,
              next_idx: r.start + results.length - 1,
              revision: revision(box, vdom.name, world.generation),
              results,
              vdom: vdom.name,
              path: lister.api.path,
              name: lister.api.name,
            };
        const body = { ...frame, status: 'success', http_status: 200, ...identity(box) };
        const failing = settings.failsAt(`${box.serial}/${vdom.name}`, r.start);
        // A loop points the cursor back at the page just served; only middle pages can loop.
        const loop =
          !lister.monitor && r.paged && r.start > 0 && r.end < total
            ? { ...body, next_idx: r.start - 1 }
            : undefined;
        return { body, failing, loop, vdom: vdom.name };
      });
      const failed = pages.find((p) => p.failing);
      if (failed) return fortiError(500, lister.api, box, failed.vdom);
      if (!selected.multi) {
        const only = pages[0];
        return { status: 200, body: only?.body, ...(only?.loop ? { loopBody: only.loop } : {}) };
      }
      return { status: 200, body: pages.map((p) => p.body) };
    },
  };
}

const cmdb = (path: string, name: string): ApiPath => ({ path, name });

export function fortinetRoutes(settings: FortinetSettings): ProviderRoute[] {
  const detected = (api: FortiDeviceApi, apiPath: ApiPath): Lister => ({
    api: apiPath,
    monitor: true,
    deviceApi: api,
    count: (world, box, vdom) => detectedCount(world, box, vdom.name),
    at: (world, box, vdom, i) => {
      const d = detectedAt(world, box, vdom.name, i);
      return d ? renderDetected(d, vdom.name, settings.deviceApi ?? box.deviceApi) : undefined;
    },
  });
  const statusApi: ApiPath = { path: 'system', name: 'status', action: '' };
  const status: ProviderRoute = {
    method: 'GET',
    path: '/api/v2/monitor/system/status',
    handle(req, state) {
      const box = boxOf(req, state);
      if (!box) return fortiError(404, statusApi, undefined);
      const results = {
        model_name: 'FortiGate',
        model_number: box.modelNumber,
        model: box.model,
        hostname: box.hostname,
        log_disk_status: box.model === 'FGT60F' ? 'not_available' : 'available',
      };
      return {
        status: 200,
        body: {
          http_method: 'GET',
          results,
          vdom: 'root',
          path: 'system',
          name: 'status',
          action: '',
          status: 'success',
          http_status: 200,
          ...identity(box),
        },
      };
    },
  };
  const notFound = (path: string): ProviderRoute => ({
    method: 'GET',
    path,
    handle: (req, state) => fortiError(404, undefined, boxOf(req, state), req.query.get('vdom') ?? 'root'),
  });
  return [
    status,
    listRoute(
      '/api/v2/cmdb/system/interface',
      {
        api: cmdb('system', 'interface'),
        monitor: false,
        count: (_w, box, vdom) => box.interfaces.filter((i) => i.vdom === vdom.name).length,
        at: (_w, box, vdom, i) => {
          const x = box.interfaces.filter((f) => f.vdom === vdom.name)[i];
          return x ? renderInterface(x) : undefined;
        },
      },
      settings,
    ),
    listRoute(
      '/api/v2/cmdb/firewall/address',
      {
        api: cmdb('firewall', 'address'),
        monitor: false,
        count: (_w, _b, v) => v.addresses.length,
        at: (_w, _b, v, i) => (v.addresses[i] ? renderAddress(v.addresses[i]) : undefined),
      },
      settings,
    ),
    listRoute(
      '/api/v2/cmdb/firewall/addrgrp',
      {
        api: cmdb('firewall', 'addrgrp'),
        monitor: false,
        count: (_w, _b, v) => v.groups.length,
        at: (_w, _b, v, i) => (v.groups[i] ? renderGroup(v.groups[i]) : undefined),
      },
      settings,
    ),
    listRoute(
      '/api/v2/cmdb/firewall.service/custom',
      {
        api: cmdb('firewall.service', 'custom'),
        monitor: false,
        count: (_w, _b, v) => v.services.length,
        at: (_w, _b, v, i) => (v.services[i] ? renderService(v.services[i]) : undefined),
      },
      settings,
    ),
    listRoute(
      '/api/v2/cmdb/firewall/policy',
      {
        api: cmdb('firewall', 'policy'),
        monitor: false,
        count: (_w, box, v) => policyCount(box, v),
        at: (_w, box, v, i) => {
          const p = policyAt(box, v, i);
          return p ? renderPolicy(p) : undefined;
        },
      },
      settings,
    ),
    listRoute(
      '/api/v2/monitor/user/device/query',
      detected('query', { path: 'user', name: 'device', action: 'query' }),
      settings,
    ),
    listRoute(
      '/api/v2/monitor/user/device/select',
      detected('select', { path: 'user', name: 'device', action: 'select' }),
      settings,
    ),
    listRoute(
      '/api/v2/monitor/user/detected-device',
      detected('detected-device', { path: 'user', name: 'detected-device', action: 'select' }),
      settings,
    ),
    notFound('/api/v2/cmdb/{a}/{b}'),
    notFound('/api/v2/monitor/{a}/{b}'),
    notFound('/api/v2/monitor/{a}/{b}/{c}'),
  ];
}
