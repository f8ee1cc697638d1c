/** The GCP provider plug-in: Compute v1, Resource Manager v1/v3 and a token endpoint. */
import type { ProviderEndpoint, ProviderPlugin, SandboxResponse } from '../../server/types.ts';
import { GcpAuth } from './auth.ts';
import { computeRoutes } from './compute.ts';
import { googleError, unauthenticated } from './errors.ts';
import { resourceManagerRoutes } from './resourcemanager.ts';

export interface GcpProviderOptions {
  /** Projects whose Compute calls always answer 403 PERMISSION_DENIED. */
  forbiddenProjects?: readonly string[];
}

export interface GcpProvider extends ProviderPlugin {
  readonly auth: GcpAuth;
  setForbiddenProjects(projects: readonly string[]): void;
}

export function createGcpProvider(options: GcpProviderOptions = {}): GcpProvider {
  const auth = new GcpAuth();
  const forbidden = new Set(options.forbiddenProjects ?? []);
  const setForbiddenProjects = (projects: readonly string[]): void => {
    forbidden.clear();
    for (const p of projects) forbidden.add(p);
  };
  const tokenRoute = {
    method: 'POST' as const,
    path: '/token',
    auth: false,
    faults: false,
    handle: (req: { body: string }): SandboxResponse => auth.exchange(req.body),
  };
  return {
    name: 'gcp',
    auth,
    routes: [tokenRoute, ...computeRoutes({ forbidden }), ...resourceManagerRoutes()],
    setForbiddenProjects,
    authenticate(req) {
      const header = req.headers.authorization;
      const reason = auth.check(Array.isArray(header) ? header[0] : header);
      return reason === undefined ? undefined : unauthenticated(reason);
    },
    error: (status, message) => googleError(status, message),
    endpoint(baseUrl): ProviderEndpoint {
      const url = new URL(baseUrl);
      return {
        baseUrl,
        // Options for @google-cloud/compute clients: {apiEndpoint, port, protocol, fallback: true}.
        apiEndpoint: url.hostname,
        port: Number(url.port),
        protocol: 'http',
        resourceManagerUrl: `${baseUrl}/v1/projects`,
        accessToken: auth.staticToken,
        serviceAccountKey: { ...auth.serviceAccountKey(baseUrl) },
      };
    },
    truthExtras: () => ({ forbiddenProjects: [...forbidden].sort() }),
    control(method, subpath, body) {
      if (method === 'POST' && subpath === 'forbidden-projects') {
        const parsed = JSON.parse(body || '{}') as { projects?: unknown };
        const list = Array.isArray(parsed.projects)
          ? parsed.projects.filter((p): p is string => typeof p === 'string')
          : [];
        setForbiddenProjects(list);
        return { status: 200, body: { forbiddenProjects: list } };
      }
      return {
        status: 404,
        body: {
          error: `unknown gcp control route ${method} ${subpath}; known: POST forbidden-projects {projects: [...]}`,
        },
      };
    },
  } satisfies GcpProvider;
}
