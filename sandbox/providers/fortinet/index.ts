/**
 * The FortiGate provider plug-in: FortiOS REST routes served over HTTPS (one listener per
 * appliance, self-signed certificate made at start), API token in `Authorization: Bearer`
 * only. Control: `GET|POST /_sandbox/fortinet/settings` with `{deviceApi, forbiddenVdoms,
 * failing}` (see settings.ts).
 */
import { randomBytes } from 'node:crypto';
import type { ProviderEndpoint, ProviderPlugin } from '../../server/types.ts';
import { withFortinetLoad } from '../../world/gen-fortinet.ts';
import type { FortiDeviceApi, FortiLoad } from '../../world/gen-fortinet-types.ts';
import type { World } from '../../world/types.ts';
import { sandboxCertificate } from './cert.ts';
import { fortiError } from './envelope.ts';
import { boxOf, fortinetRoutes } from './routes.ts';
import { FortinetSettings } from './settings.ts';
import { FortinetTlsFront, TLS_HEADER } from './tls-front.ts';

export interface FortinetProviderOptions {
  /** Emulate a FortiOS generation: only this detected-device endpoint answers, others 404. */
  deviceApi?: FortiDeviceApi;
  /** Benchmark load on the first appliance (synthetic detected devices and policies in root). */
  load?: FortiLoad;
}

export interface FortinetProvider extends ProviderPlugin {
  readonly apiToken: string;
  readonly settings: FortinetSettings;
  /** Applies options that shape the world (the benchmark load). */
  prepareWorld(world: World): World;
  /** Starts the HTTPS listeners; call after the harness listens. */
  start(harnessUrl: string, world: World): Promise<void>;
  stop(): Promise<void>;
}

/** FortiOS REST API tokens are 30 characters of lowercase letters and digits. */
function newToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(30)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function createFortinetProvider(options: FortinetProviderOptions = {}): FortinetProvider {
  const apiToken = newToken();
  const settings = new FortinetSettings(options.deviceApi);
  const front = new FortinetTlsFront();
  const hostnames = new Map<string, string>();
  return {
    name: 'fortinet',
    apiToken,
    settings,
    routes: fortinetRoutes(settings),
    prepareWorld: (world) => (options.load ? withFortinetLoad(world, options.load) : world),
    async start(harnessUrl, world) {
      for (const d of world.fortinet?.devices ?? []) hostnames.set(d.serial, d.hostname);
      await front.start(harnessUrl, [...hostnames.keys()]);
    },
    stop: () => front.stop(),
    authenticate(req, state) {
      const box = boxOf(req, state);
      if (req.headers[TLS_HEADER] !== front.nonce)
        // API tokens are only accepted over HTTPS.
        return fortiError(400, undefined, box, undefined, { error: 'HTTPS is required for REST API tokens' });
      if (req.query.has('access_token')) {
        settings.accessTokenRequests++;
        return fortiError(401, undefined, box);
      }
      const header = req.headers.authorization;
      const value = Array.isArray(header) ? header[0] : header;
      return value === `Bearer ${apiToken}` ? undefined : fortiError(401, undefined, box);
    },
    error: (status) => fortiError(status, undefined, undefined),
    endpoint(): ProviderEndpoint {
      const cert = sandboxCertificate();
      const devices = [...hostnames].map(([serial, hostname]) => ({
        serial,
        hostname,
        baseUrl: front.urls.get(serial) ?? '',
      }));
      return {
        baseUrl: devices[0]?.baseUrl ?? '',
        apiToken,
        certificateSha256: cert.fingerprint256,
        caPem: cert.certPem,
        devices,
      };
    },
    truthExtras: () => ({
      ...settings.snapshot(),
      devices: [...hostnames.keys()].map((serial) => ({ serial, baseUrl: front.urls.get(serial) ?? '' })),
    }),
    control(method, subpath, body) {
      if (subpath === 'settings' && method === 'GET') return { status: 200, body: settings.snapshot() };
      if (subpath === 'settings' && method === 'POST') {
        const error = settings.update(JSON.parse(body || '{}') as Record<string, unknown>);
        return error ? { status: 400, body: { error } } : { status: 200, body: settings.snapshot() };
      }
      return {
        status: 404,
        body: { error: `unknown fortinet control route ${method} ${subpath}; known: GET|POST settings` },
      };
    },
  };
}
