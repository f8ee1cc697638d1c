import { HotpotError } from '../../../db/errors.ts';
import type { PipelineEnv } from '../../env.ts';
import { AuthError } from '../common/errors.ts';
import type { ProviderCli, SourceCheck } from '../provider-cli.ts';
import { readSecretFile } from '../secret-input.ts';
import { gcpClientFor } from './activities.ts';
import { parseGcpConfig, projectSelected } from './config.ts';

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const gcpCli: ProviderCli = {
  provider: 'gcp',
  description: 'Google Cloud (Compute Engine inventory)',
  addOptions: (command) =>
    command
      .option(
        '--credential <kind>',
        'serviceAccountKey | accessToken | applicationDefault',
        'serviceAccountKey',
      )
      .option('--key-file <path>', 'service-account key JSON (or - for stdin)')
      .option('--token-file <path>', 'OAuth access token (or - for stdin)')
      .option('--projects <ids>', 'comma-separated project ids (skips discovery)')
      .option('--include <globs>', 'discovered projects to keep, e.g. "prod-*,shared-*"')
      .option('--exclude <globs>', 'discovered projects to skip')
      .option('--endpoint <host:port>', 'a private or simulated Compute endpoint')
      .option('--protocol <http|https>', 'protocol of --endpoint', 'https')
      .option('--resource-manager-url <url>', 'Resource Manager v1 projects URL')
      .option('--page-size <n>', 'items per page (1-500)')
      .option('--rate <perSecond>', 'requests per second to the API'),
  async buildSource(o) {
    const secrets: Record<string, string> = {};
    if (o.credential === 'serviceAccountKey') {
      if (typeof o.keyFile !== 'string')
        throw new HotpotError('--credential serviceAccountKey needs --key-file PATH.', 'CONFIG');
      secrets.serviceAccountKey = readSecretFile(o.keyFile, 'service-account key');
    } else if (o.credential === 'accessToken') {
      if (typeof o.tokenFile !== 'string')
        throw new HotpotError('--credential accessToken needs --token-file PATH.', 'CONFIG');
      secrets.accessToken = readSecretFile(o.tokenFile, 'access token');
    }
    const config: Record<string, unknown> = { credential: o.credential };
    if (typeof o.projects === 'string') config.projects = list(o.projects);
    if (typeof o.include === 'string') config.include = list(o.include);
    if (typeof o.exclude === 'string') config.exclude = list(o.exclude);
    if (typeof o.endpoint === 'string') {
      const [host, port] = o.endpoint.split(':');
      config.endpoint = { apiEndpoint: host, port: Number(port), protocol: o.protocol };
    }
    if (typeof o.resourceManagerUrl === 'string') config.resourceManagerUrl = o.resourceManagerUrl;
    if (typeof o.pageSize === 'string') config.pageSize = Number(o.pageSize);
    if (typeof o.rate === 'string')
      config.rateLimit = { ratePerSec: Number(o.rate), burst: Math.max(1, Math.ceil(Number(o.rate))) };
    parseGcpConfig('(new source)', config);
    return { config, secrets };
  },
  test: testGcpSource,
};

/** Discovery, then per project the Compute project and one page of instances. */
export async function testGcpSource(env: PipelineEnv, sourceId: string): Promise<SourceCheck[]> {
  const checks: SourceCheck[] = [];
  const config = parseGcpConfig(sourceId, env.source(sourceId).config);
  const client = await gcpClientFor(env, sourceId);
  let projects = config.projects;
  if (projects.length === 0) {
    try {
      projects = [];
      for await (const p of client.discoverProjects())
        if (projectSelected(p.projectId, config)) projects.push(p.projectId);
      checks.push({
        check: 'discover projects (resourcemanager.projects.list)',
        ok: true,
        detail: `${projects.length} project(s) selected`,
      });
    } catch (error) {
      checks.push({
        check: 'discover projects (resourcemanager.projects.list)',
        ok: false,
        detail: (error as Error).message,
      });
      return checks;
    }
  }
  for (const project of projects) {
    for (const [check, run] of [
      ['read project metadata (compute.projects.get)', () => client.computeProject(project)],
      [
        'list instances (compute.instances.list)',
        async () => (await client.aggregated('instances', project).next()).value,
      ],
    ] as const) {
      try {
        await run();
        checks.push({ check, scope: project, ok: true, detail: 'ok' });
      } catch (error) {
        checks.push({ check, scope: project, ok: false, detail: (error as Error).message });
        if (error instanceof AuthError) return checks;
      }
    }
  }
  return checks;
}
