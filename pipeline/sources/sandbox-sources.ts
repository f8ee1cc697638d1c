import type { Workspace } from '../workspace.ts';

/** What `hotpot sandbox` prints per provider (see sandbox/README.md). */
type Endpoint = Record<string, unknown>;

export interface ConfiguredSandboxSource {
  id: string;
  provider: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

/**
 * Adds the sandbox's simulated providers as sources of a workspace, so `hotpot run` collects
 * from them through the real clients. Ids are `sandbox-<provider>`; re-running replaces them.
 */
export function configureSandboxSources(
  workspace: Workspace,
  providers: Record<string, Endpoint>,
): ConfiguredSandboxSource[] {
  const saved: ConfiguredSandboxSource[] = [];
  const save = (provider: string, config: Record<string, unknown>, secrets: Record<string, string>): void => {
    const id = `sandbox-${provider}`;
    workspace.sources.save({ id, provider, name: `Sandbox ${provider}`, config, secrets });
    saved.push({ id, provider });
  };
  const gcp = providers.gcp;
  if (gcp) {
    save(
      'gcp',
      {
        credential: 'accessToken',
        endpoint: { apiEndpoint: str(gcp.apiEndpoint), port: Number(gcp.port), protocol: str(gcp.protocol) },
        resourceManagerUrl: str(gcp.resourceManagerUrl),
      },
      { accessToken: str(gcp.accessToken) },
    );
  }
  const vng = providers.vng;
  if (vng) {
    save(
      'vng',
      {
        clientId: str(vng.clientId),
        iamUrl: str(vng.iamUrl),
        gatewayUrlTemplate: str(vng.gatewayUrlTemplate),
        ...(Array.isArray(vng.regions) ? { regions: vng.regions } : {}),
      },
      { clientSecret: str(vng.clientSecret) },
    );
  }
  const s1 = providers.s1;
  // The sandbox is local: no need for the cautious default rate a real console gets.
  if (s1)
    save(
      's1',
      { baseUrl: str(s1.baseUrl), rateLimit: { ratePerSecond: 500, burst: 100 } },
      { apiToken: str(s1.apiToken) },
    );
  const fortinet = providers.fortinet;
  if (fortinet) {
    save(
      'fortinet',
      { baseUrl: str(fortinet.baseUrl), certificateSha256: str(fortinet.certificateSha256) },
      { apiToken: str(fortinet.apiToken) },
    );
  }
  return saved;
}
