/**
 * FortiOS REST envelopes. Success: `{http_method, revision?, results, vdom, path, name,
 * status: "success", http_status: 200, serial, version, build}` (cmdb lists add size,
 * matched_count, next_idx, limit_reached; monitor calls add action). Errors keep the same frame
 * with `status: "error"` and the HTTP status in `http_status`.
 */
import { createHash } from 'node:crypto';
import type { SandboxResponse } from '../../server/types.ts';
import type { FortiGateBox } from '../../world/gen-fortinet-types.ts';

export interface ApiPath {
  /** e.g. `firewall` or `firewall.service`. */
  path: string;
  /** e.g. `policy` or `custom`. */
  name: string;
  /** Monitor calls carry an action (`select`, `query`); cmdb calls do not. */
  action?: string;
}

export function identity(box: FortiGateBox): { serial: string; version: string; build: number } {
  return { serial: box.serial, version: box.version, build: box.build };
}

/** A stable config revision per appliance, VDOM and world generation (changes when config may). */
export function revision(box: FortiGateBox, vdom: string, generation: number): string {
  return createHash('md5').update(`${box.serial}/${vdom}/${generation}`).digest('hex');
}

export function fortiError(
  status: number,
  api: ApiPath | undefined,
  box: FortiGateBox | undefined,
  vdom?: string,
  extra: Record<string, unknown> = {},
): SandboxResponse {
  return {
    status,
    body: {
      http_method: 'GET',
      ...(vdom ? { vdom } : {}),
      ...(api
        ? { path: api.path, name: api.name, ...(api.action !== undefined ? { action: api.action } : {}) }
        : {}),
      status: 'error',
      http_status: status,
      ...extra,
      // Unauthenticated callers learn nothing about the appliance.
      ...(box && status !== 401 ? identity(box) : {}),
    },
  };
}
