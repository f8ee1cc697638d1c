/** The VNG Cloud provider plug-in: IAM token endpoint plus the regional vServer gateways. */
import type { ProviderEndpoint, ProviderPlugin, SandboxResponse } from '../../server/types.ts';
import { VngAuth, type VngAuthOptions } from './auth.ts';
import { gatewayError } from './errors.ts';
import { gatewayRoutes, type GatewaySettings } from './gateway.ts';

export const VNG_REGIONS = ['hcm-3', 'han-1'] as const;
export const VNG_IAM_PREFIX = '/vng-iam';

export interface VngProvider extends ProviderPlugin {
  readonly auth: VngAuth;
  /** Projects whose resource calls always answer `status` (500 by default). */
  setFailingProjects(projects: readonly string[], status?: number): void;
}

export function createVngProvider(options: VngAuthOptions = {}): VngProvider {
  const auth = new VngAuth(options);
  const settings: GatewaySettings = { failing: new Map() };
  const setFailingProjects = (projects: readonly string[], status = 500): void => {
    settings.failing.clear();
    for (const p of projects) settings.failing.set(p, status);
  };
  const tokenRoute = {
    method: 'POST' as const,
    path: `${VNG_IAM_PREFIX}/accounts-api/v2/auth/token`,
    auth: false,
    faults: false,
    handle: (req: {
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }): SandboxResponse => auth.exchange(req.headers, req.body),
  };
  return {
    name: 'vng',
    auth,
    routes: [tokenRoute, ...gatewayRoutes(settings)],
    setFailingProjects,
    authenticate(req) {
      const header = req.headers.authorization;
      const reason = auth.check(Array.isArray(header) ? header[0] : header);
      return reason === undefined ? undefined : gatewayError(401, `Unauthorized: ${reason}`);
    },
    error: (status, message) => gatewayError(status, message),
    endpoint(baseUrl): ProviderEndpoint {
      return {
        iamUrl: `${baseUrl}${VNG_IAM_PREFIX}`,
        gatewayUrlTemplate: `${baseUrl}/vng/{region}/vserver/vserver-gateway`,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        regions: [...VNG_REGIONS],
        tokenTtlSeconds: auth.tokenTtlSeconds,
      };
    },
    truthExtras: () => ({
      tokenTtlSeconds: auth.tokenTtlSeconds,
      tokenRequests: auth.tokenRequests,
      failingProjects: Object.fromEntries(settings.failing),
    }),
    control(method, subpath, body) {
      const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
      if (method === 'POST' && subpath === 'tokens') {
        if (typeof parsed.ttlSeconds === 'number' && parsed.ttlSeconds > 0)
          auth.tokenTtlSeconds = parsed.ttlSeconds;
        if (typeof parsed.rejectAll === 'boolean') auth.rejectAll = parsed.rejectAll;
        const revoked = parsed.revoke === true ? auth.revokeAll() : 0;
        return {
          status: 200,
          body: {
            ttlSeconds: auth.tokenTtlSeconds,
            rejectAll: auth.rejectAll,
            revoked,
            tokenRequests: auth.tokenRequests,
          },
        };
      }
      if (method === 'POST' && subpath === 'failing-projects') {
        const list = Array.isArray(parsed.projects)
          ? parsed.projects.filter((p): p is string => typeof p === 'string')
          : [];
        setFailingProjects(list, typeof parsed.status === 'number' ? parsed.status : 500);
        return { status: 200, body: { failingProjects: Object.fromEntries(settings.failing) } };
      }
      return {
        status: 404,
        body: {
          error: `unknown vng control route ${method} ${subpath}; known: POST tokens {ttlSeconds?, revoke?, rejectAll?}, POST failing-projects {projects: [...], status?}`,
        },
      };
    },
  } satisfies VngProvider;
}
