// `hotpot sources add s1` options and `hotpot sources test s1`: a cheap authenticated call per
// scope that says exactly which credential, permission or site fails.
import type { Command } from 'commander';
import type { ProviderCli } from '../provider-cli.ts';
import { readSecretFile } from '../secret-input.ts';
import type { PipelineEnv } from '../../env.ts';
import { AuthError } from '../common/errors.ts';
import { S1Client } from './client.ts';
import { S1_API_TOKEN, S1_PROVIDER, parseS1Config, type S1Config } from './config.ts';

export function addS1Options(command: Command): Command {
  return command
    .option('--base-url <url>', 'SentinelOne console URL, e.g. https://acme.sentinelone.net')
    .option(
      '--api-token-file <path>',
      'file holding the API token, or - for stdin (stored encrypted; or set HOTPOT_S1_API_TOKEN)',
    )
    .option(
      '--site-id <id>',
      'collect only this site (repeatable; default: every site the token sees)',
      (v: string, p: string[]) => [...p, v],
      [] as string[],
    )
    .option('--page-size <n>', 'objects per page, 1..1000', '1000')
    .option('--rate <perSecond>', 'API requests per second', '10')
    .option('--burst <n>', 'requests allowed at once', '20')
    .option('--no-applications', 'skip installed applications (one API call per agent)')
    .option('--no-risks', 'skip application risks (CVEs)');
}

export interface S1AddOptions {
  baseUrl?: string;
  apiTokenFile?: string;
  siteId?: string[];
  pageSize?: string;
  rate?: string;
  burst?: string;
  applications?: boolean;
  risks?: boolean;
}

/** The config and secrets `hotpot sources add s1` stores; throws ConfigError naming the bad option. */
export function s1SourceFromOptions(
  opts: S1AddOptions,
  env: NodeJS.ProcessEnv = process.env,
): { provider: string; config: S1Config; secrets: Record<string, string> } {
  const config = parseS1Config({
    baseUrl: opts.baseUrl,
    siteIds: opts.siteId ?? [],
    pageSize: Number(opts.pageSize ?? 1000),
    rateLimit: { ratePerSecond: Number(opts.rate ?? 10), burst: Number(opts.burst ?? 20) },
    collectApplications: opts.applications !== false,
    collectRisks: opts.risks !== false,
  });
  // Secrets come from a file, stdin or the environment, never from argv (visible to other users).
  const token = opts.apiTokenFile ? readSecretFile(opts.apiTokenFile, 'API token') : env.HOTPOT_S1_API_TOKEN;
  return { provider: S1_PROVIDER, config, secrets: token ? { [S1_API_TOKEN]: token } : {} };
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

function denial(error: unknown, what: string): string {
  if (error instanceof AuthError)
    return error.status === 401
      ? `the API token was rejected (HTTP 401): replace ${S1_API_TOKEN} with \`hotpot sources add s1 --api-token …\``
      : `the token lacks the permission to ${what} (HTTP 403): give its user or service user that permission`;
  return (error as Error).message;
}

/** Runs the checks in order; a rejected token stops them (every later call would fail the same way). */
export async function testS1Source(env: PipelineEnv, sourceId: string): Promise<SourceTestReport> {
  const checks: SourceCheck[] = [];
  const done = (): SourceTestReport => ({ sourceId, ok: checks.every((c) => c.ok), checks });
  const add = (check: string, ok: boolean, message: string): void => void checks.push({ check, ok, message });
  let config: S1Config;
  try {
    config = parseS1Config(env.source(sourceId).config);
  } catch (error) {
    add('config', false, (error as Error).message);
    return done();
  }
  const apiToken = env.secret(sourceId, S1_API_TOKEN);
  if (!apiToken) {
    add(
      'credential',
      false,
      `no ${S1_API_TOKEN} stored; add it with \`hotpot sources add s1 --id ${sourceId} --api-token …\``,
    );
    return done();
  }
  const client = new S1Client({
    sourceId,
    baseUrl: config.baseUrl,
    apiToken,
    pageSize: 1,
    http: { maxAttempts: 2 },
  });
  try {
    const body = await client.get('/accounts', { limit: '1' });
    add(
      'accounts',
      true,
      `account-level token (${String(body.pagination?.totalItems ?? '?')} account(s) visible)`,
    );
  } catch (error) {
    if (!(error instanceof AuthError) || error.status !== 403) {
      add('accounts', false, denial(error, 'view accounts'));
      return done();
    }
    add('accounts', true, 'site-scoped token: accounts are not visible (403), its sites are still collected');
  }
  let sites: string[] = [];
  try {
    const body = await client.get('/sites', { limit: '1000' });
    const list = (body.data as { sites?: { id?: unknown }[] } | null)?.sites ?? [];
    sites = list.map((s) => String(s.id));
    add(
      'sites',
      sites.length > 0,
      sites.length > 0 ? `${sites.length} site(s) visible` : 'the token sees no site',
    );
  } catch (error) {
    add('sites', false, denial(error, 'view sites'));
    return done();
  }
  for (const id of config.siteIds)
    if (!sites.includes(id))
      add(`site ${id}`, false, `site ${id} is configured but not visible to this token`);
  const targets = config.siteIds.length > 0 ? config.siteIds.filter((id) => sites.includes(id)) : sites;
  for (const siteId of targets) {
    try {
      const body = await client.get('/agents', { siteIds: siteId, limit: '1' });
      add(`site ${siteId} agents`, true, `${String(body.pagination?.totalItems ?? '?')} agent(s)`);
    } catch (error) {
      add(`site ${siteId} agents`, false, denial(error, 'view endpoints'));
    }
    if (config.collectRisks) {
      try {
        await client.get('/application-management/risks', { siteIds: siteId, limit: '1' });
        add(`site ${siteId} risks`, true, 'application risks readable');
      } catch (error) {
        add(
          `site ${siteId} risks`,
          false,
          denial(error, 'view application risks (Applications: View Risks)'),
        );
      }
    }
  }
  return done();
}

export const s1Cli: ProviderCli = {
  provider: S1_PROVIDER,
  description: 'SentinelOne (agents, applications, application risks)',
  addOptions: addS1Options,
  async buildSource(options) {
    const { config, secrets } = s1SourceFromOptions(options as S1AddOptions);
    return { config: config as unknown as Record<string, unknown>, secrets };
  },
  async test(env, sourceId) {
    const report = await testS1Source(env, sourceId);
    return report.checks.map((c) => ({ check: c.check, ok: c.ok, detail: c.message }));
  },
};
