/** Run-time switches of the FortiGate sandbox, changed by tests through the control API. */
import type { FortiDeviceApi } from '../../world/gen-fortinet-types.ts';

export interface FailingScope {
  /** `<serial>/<vdom>`. */
  scope: string;
  /** List requests with `start` at or past this index answer 500 (0: every page). */
  afterStart: number;
}

export class FortinetSettings {
  /** Forces every appliance to answer only this detected-device endpoint (emulates a FortiOS). */
  deviceApi: FortiDeviceApi | undefined;
  /** `<serial>/<vdom>` scopes the token may not read: 403, and left out of `vdom=*`. */
  readonly forbiddenVdoms = new Set<string>();
  readonly failing: FailingScope[] = [];
  /** Requests that carried `access_token` in the URL (refused, as FortiOS 7.4.5+ does by default). */
  accessTokenRequests = 0;

  constructor(deviceApi?: FortiDeviceApi) {
    this.deviceApi = deviceApi;
  }

  failsAt(scope: string, start: number): boolean {
    return this.failing.some((f) => f.scope === scope && start >= f.afterStart);
  }

  /** Applies `{deviceApi?, forbiddenVdoms?, failing?}`; unknown keys are an error. */
  update(body: Record<string, unknown>): string | undefined {
    for (const key of Object.keys(body))
      if (!['deviceApi', 'forbiddenVdoms', 'failing'].includes(key))
        return `unknown setting "${key}"; known: deviceApi, forbiddenVdoms, failing`;
    if ('deviceApi' in body) {
      const v = body.deviceApi;
      if (v !== null && v !== 'query' && v !== 'select' && v !== 'detected-device')
        return 'deviceApi must be query, select, detected-device or null';
      this.deviceApi = v ?? undefined;
    }
    if (Array.isArray(body.forbiddenVdoms)) {
      this.forbiddenVdoms.clear();
      for (const s of body.forbiddenVdoms) if (typeof s === 'string') this.forbiddenVdoms.add(s);
    }
    if (Array.isArray(body.failing)) {
      this.failing.length = 0;
      for (const f of body.failing as { scope?: unknown; afterStart?: unknown }[])
        if (typeof f.scope === 'string')
          this.failing.push({
            scope: f.scope,
            afterStart: typeof f.afterStart === 'number' ? f.afterStart : 0,
          });
    }
    return undefined;
  }

  snapshot(): Record<string, unknown> {
    return {
      deviceApi: this.deviceApi ?? null,
      forbiddenVdoms: [...this.forbiddenVdoms].sort(),
      failing: this.failing.map((f) => ({ ...f })),
      accessTokenRequests: this.accessTokenRequests,
    };
  }
}
