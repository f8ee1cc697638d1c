// `hotpot sources add vng` options and `hotpot sources test vng`: the token request (which tells a
// wrong client id/secret apart), then per region the project list and per project one cheap paged
// call, each reported with what exactly fails.
import type { Command } from 'commander';
import type { PipelineEnv } from '../../env.ts';
import type { ProviderCli } from '../provider-cli.ts';
import { readSecretFile } from '../secret-input.ts';
import { AuthError } from '../common/errors.ts';
import { VngClient } from './client.ts';
import { parseVngConfig, VNG_CLIENT_SECRET, VNG_PROVIDER, type VngConfig } from './config.ts';

const collect = (v: string, p: string[]): string[] => [...p, ...v.split(',').filter(Boolean)];

export function addVngOptions(command: Command): Command {
  return command
    .option('--client-id <id>', 'service account client id (IAM → Service accounts)')
    .option(
      '--client-secret-file <path>',
      'file holding the service account client secret, or - for stdin (stored encrypted; or set HOTPOT_VNG_CLIENT_SECRET)',
    )
    .option('--iam-url <url>', 'IAM base URL', 'https://iamapis.vngcloud.vn')
    .option(
      '--gateway-url-template <url>',
      'vServer gateway URL with {region}',
      'https://{region}.api.vngcloud.vn/vserver/vserver-gateway',
    )
    .option(
      '--region <region>',
      'collect this region (repeatable or comma-separated; default hcm-3,han-1)',
      collect,
      [] as string[],
    )
    .option(
      '--project <id>',
      'collect only this project id (repeatable; default: every visible project)',
      collect,
      [] as string[],
    )
    .option('--page-size <n>', 'items per page, 1..1000', '50')
    .option('--rate <perSecond>', 'API requests per second', '10')
    .option('--burst <n>', 'requests allowed at once', '20');
}

export interface VngAddOptions {
  clientId?: string;
  clientSecretFile?: string;
  iamUrl?: string;
  gatewayUrlTemplate?: string;
  region?: string[];
  project?: string[];
  pageSize?: string;
  rate?: string;
  burst?: string;
}

/** The config and secrets `hotpot sources add vng` stores; throws ConfigError naming the bad option. */
export function vngSourceFromOptions(
  opts: VngAddOptions,
  env: NodeJS.ProcessEnv = process.env,
): { provider: string; config: VngConfig; secrets: Record<string, string> } {
  const config = parseVngConfig({
    clientId: opts.clientId,
    ...(opts.iamUrl ? { iamUrl: opts.iamUrl } : {}),
    ...(opts.gatewayUrlTemplate ? { gatewayUrlTemplate: opts.gatewayUrlTemplate } : {}),
    ...(opts.region && opts.region.length > 0 ? { regions: opts.region } : {}),
    projects: opts.project ?? [],
    pageSize: Number(opts.pageSize ?? 50),
    rateLimit: { ratePerSecond: Number(opts.rate ?? 10), burst: Number(opts.burst ?? 20) },
  });
  // Secrets come from a file, stdin or the environment, never from argv (visible to other users).
  const secret = opts.clientSecretFile
    ? readSecretFile(opts.clientSecretFile, 'client secret')
    : env.HOTPOT_VNG_CLIENT_SECRET;
  return { provider: VNG_PROVIDER, config, secrets: secret ? { [VNG_CLIENT_SECRET]: secret } : {} };
}

export interface SourceCheck {
  check: string;
  ok: boolean;
  message: string;
}

export interface SourceTestReport {
  sourceId: string;
  ok: boolean;
  checks: SourceCheck[];
}

function denial(error: unknown, config: VngConfig, what: string): string {
  if (error instanceof AuthError)
    return error.status === 401
      ? `client ${config.clientId} was rejected (HTTP 401): check --client-id and replace ${VNG_CLIENT_SECRET} with \`hotpot sources add vng --client-secret-file …\``
      : `service account ${config.clientId} may not ${what} (HTTP 403): attach a vServer read policy to it in IAM`;
  return (error as Error).message;
}

/** Runs the checks in order; a rejected credential stops them (every later call fails the same way). */
export async function testVngSource(env: PipelineEnv, sourceId: string): Promise<SourceTestReport> {
  const checks: SourceCheck[] = [];
  const done = (): SourceTestReport => ({ sourceId, ok: checks.every((c) => c.ok), checks });
  const add = (check: string, ok: boolean, message: string): void => void checks.push({ check, ok, message });
  let config: VngConfig;
  try {
    config = parseVngConfig(env.source(sourceId).config);
  } catch (error) {
    add('config', false, (error as Error).message);
    return done();
  }
  const clientSecret = env.secret(sourceId, VNG_CLIENT_SECRET);
  if (!clientSecret) {
    add(
      'credential',
      false,
      `no ${VNG_CLIENT_SECRET} stored; add it with \`hotpot sources add vng --id ${sourceId} --client-secret-file …\``,
    );
    return done();
  }
  const client = new VngClient({
    sourceId,
    config: { ...config, pageSize: 1, retry: { maxAttempts: 2, initialDelayMs: 200 } },
    clientSecret,
  });
  try {
    await client.tokens.token();
    add('token', true, `IAM issued a token to client ${config.clientId}`);
  } catch (error) {
    add(
      'token',
      false,
      error instanceof AuthError
        ? denial(error, config, 'get a token')
        : `IAM ${config.iamUrl}: ${(error as Error).message}`,
    );
    return done();
  }
  for (const region of config.regions) {
    let projects: string[];
    try {
      projects = (await client.projects(region)).map((p) => String(p.projectId ?? p.id));
      add(`region ${region}`, true, `${projects.length} project(s) visible`);
    } catch (error) {
      add(`region ${region}`, false, denial(error, config, `list projects in ${region}`));
      if (error instanceof AuthError && error.status === 401) return done();
      continue;
    }
    const targets =
      config.projects.length > 0 ? config.projects.filter((p) => projects.includes(p)) : projects;
    for (const p of config.projects)
      if (!projects.includes(p) && !config.regions.some((r) => r !== region))
        add(`project ${p}`, false, `project ${p} is configured but not visible in ${region}`);
    for (const projectId of targets) {
      try {
        let n = 0;
        for await (const item of client.paged(region, projectId, 'servers')) {
          void item;
          n++;
          break;
        }
        add(
          `${region}/${projectId} servers`,
          true,
          n > 0 ? 'servers readable' : 'no servers (listing allowed)',
        );
      } catch (error) {
        add(`${region}/${projectId} servers`, false, denial(error, config, `list servers of ${projectId}`));
      }
    }
  }
  return done();
}

export const vngCli: ProviderCli = {
  provider: VNG_PROVIDER,
  description: 'VNG Cloud / GreenNode (vServer inventory)',
  addOptions: addVngOptions,
  async buildSource(options) {
    const { config, secrets } = vngSourceFromOptions(options as VngAddOptions);
    return { config: config as unknown as Record<string, unknown>, secrets };
  },
  async test(env, sourceId) {
    const report = await testVngSource(env, sourceId);
    return report.checks.map((c) => ({ check: c.check, ok: c.ok, detail: c.message }));
  },
};
