/** The SentinelOne provider plug-in: management API v2.1 under /web/api/v2.1 with ApiToken auth. */
import type { ProviderEndpoint, ProviderPlugin } from '../../server/types.ts';
import { s1Tenant } from '../../world/gen-s1.ts';
import { S1Auth, isDenied } from './auth.ts';
import { s1Error } from './errors.ts';
import { s1Routes } from './routes.ts';

export interface S1Provider extends ProviderPlugin {
  readonly auth: S1Auth;
}

export function createS1Provider(): S1Provider {
  const auth = new S1Auth();
  return {
    name: 's1',
    auth,
    routes: s1Routes(auth),
    authenticate(req, state) {
      const scope = auth.scopeOf(req, s1Tenant(state.world()).scopedSiteId);
      return isDenied(scope) ? scope : undefined;
    },
    error: (status, message) => s1Error(status, message),
    endpoint(baseUrl): ProviderEndpoint {
      return {
        baseUrl,
        apiPrefix: '/web/api/v2.1',
        apiToken: auth.apiToken,
        siteScopedToken: auth.siteScopedToken,
      };
    },
  } satisfies S1Provider;
}
