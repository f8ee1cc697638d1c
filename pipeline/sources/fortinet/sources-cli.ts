// `hotpot sources add fortinet` options and `hotpot sources test fortinet`: TLS trust, the
// token, then one cheap call per VDOM and resource that says exactly what fails and why.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ProviderCli } from '../provider-cli.ts';
import { readSecretFile } from '../secret-input.ts';
import { HotpotError } from '../../../db/errors.ts';
import type { PipelineEnv } from '../../env.ts';
import { ScopeAccessError } from '../common/config-error.ts';
import { AuthError } from '../common/errors.ts';
import { connectFortinet, FORTINET_PROVIDER } from './activities.ts';
import { DEVICE_API_PATHS, FortinetApiError, type FortinetClient } from './client.ts';
import { parseFortinetConfig, type FortinetConfig } from './config.ts';
import { TlsTrustError } from './tls.ts';

export function addFortinetOptions(command: Command): Command {
  return command
    .option('--base-url <url>', 'https://address[:port] of the FortiGate')
    .option(
      '--api-token-file <path>',
      'file holding the REST API admin token, or - for stdin (stored encrypted; or set HOTPOT_FORTINET_API_TOKEN)',
    )
    .option(
      '--certificate-sha256 <fingerprint>',
      "pin the appliance's certificate by its SHA-256 fingerprint (usual for self-signed)",
    )
    .option('--ca-file <pem>', 'PEM CA bundle that signed the appliance certificate (instead of pinning)')
    .option(
      '--vdom <name>',
      'collect only this VDOM (repeatable; default: every VDOM the token can read)',
      (v: string, p: string[]) => [...p, v],
      [] as string[],
    )
    .option('--page-size <n>', 'objects per page, 1..5000', '1000')
    .option('--rate <perSecond>', 'API requests per second', '20')
    .option('--burst <n>', 'requests allowed at once', '40');
}

export interface FortinetAddOptions {
  baseUrl?: string;
  apiTokenFile?: string;
  certificateSha256?: string;
  caFile?: string;
  vdom?: string[];
  pageSize?: string;
  rate?: string;
  burst?: string;
}

/** The config and secrets `hotpot sources add fortinet` stores; throws a CONFIG error naming the bad option. */
export function fortinetSourceFromOptions(
  opts: FortinetAddOptions,
  env: NodeJS.ProcessEnv = process.env,
): { provider: string; config: FortinetConfig; secrets: Record<string, string> } {
  let caPem: string | undefined;
  if (opts.caFile) {
    try {
      caPem = readFileSync(opts.caFile, 'utf8');
    } catch (error) {
      throw new HotpotError(`--ca-file ${opts.caFile}: ${(error as Error).message}`, 'CONFIG');
    }
  }
  const config = parseFortinetConfig({
    baseUrl: opts.baseUrl,
    ...(opts.vdom && opts.vdom.length > 0 ? { vdoms: opts.vdom } : {}),
    ...(opts.certificateSha256 ? { certificateSha256: opts.certificateSha256 } : {}),
    ...(caPem ? { caPem } : {}),
    pageSize: Number(opts.pageSize ?? 1000),
    rateLimit: { ratePerSecond: Number(opts.rate ?? 20), burst: Number(opts.burst ?? 40) },
  });
  // Secrets come from a file, stdin or the environment, never from argv (visible to other users).
  const token = opts.apiTokenFile
    ? readSecretFile(opts.apiTokenFile, 'API token')
    : env.HOTPOT_FORTINET_API_TOKEN;
  return { provider: FORTINET_PROVIDER, config, secrets: token ? { apiToken: token } : {} };
}

export interface SourceCheck {
  check: string;
  ok: boolean;
  message: string;
}

export interface FortinetTestReport {
  sourceId: string;
  ok: boolean;
  checks: SourceCheck[];
}

const CHECKS: readonly (readonly [string, string])[] = [
  ['interfaces', 'cmdb/system/interface'],
  ['addresses', 'cmdb/firewall/address'],
  ['address groups', 'cmdb/firewall/addrgrp'],
  ['services', 'cmdb/firewall.service/custom'],
  ['policies', 'cmdb/firewall/policy'],
];

function explain(error: unknown): string {
  if (error instanceof AuthError || error instanceof ScopeAccessError || error instanceof TlsTrustError)
    return error.message;
  if (error instanceof FortinetApiError && error.httpStatus === 404)
    return `not found on this FortiOS (HTTP 404): ${error.message}`;
  return (error as Error).message;
}

async function probe(client: FortinetClient, vdom: string, path: string): Promise<void> {
  await client.getJson(path, { vdom, start: 0, count: 1 });
}

/** Runs the checks in order; TLS or token failures stop them (every later call would fail the same way). */
export async function testFortinetSource(env: PipelineEnv, sourceId: string): Promise<FortinetTestReport> {
  const checks: SourceCheck[] = [];
  const add = (check: string, ok: boolean, message: string): void => void checks.push({ check, ok, message });
  const done = (): FortinetTestReport => ({ sourceId, ok: checks.every((c) => c.ok), checks });
  let connection;
  try {
    connection = connectFortinet(env, sourceId);
  } catch (error) {
    add('config', false, (error as Error).message);
    return done();
  }
  const { client, config } = connection;
  try {
    let serial: string;
    try {
      const status = await client.status();
      serial = status.serial;
      add(
        'tls+token',
        true,
        `FortiGate ${serial} (${String(status.results.hostname ?? '')}) FortiOS ${status.version} build ${String(status.build ?? '?')}`,
      );
    } catch (error) {
      add('tls+token', false, explain(error));
      return done();
    }
    let vdoms: string[];
    try {
      vdoms = config.vdoms ?? (await client.vdoms());
      add('vdoms', true, `${vdoms.length} VDOM(s): ${vdoms.join(', ')}`);
    } catch (error) {
      add('vdoms', false, explain(error));
      return done();
    }
    for (const vdom of vdoms) {
      for (const [label, path] of CHECKS) {
        try {
          await probe(client, vdom, path);
          add(`${serial}/${vdom} ${label}`, true, `${path} readable`);
        } catch (error) {
          add(`${serial}/${vdom} ${label}`, false, explain(error));
        }
      }
      try {
        const api = await client.probeDeviceApi(vdom);
        add(
          `${serial}/${vdom} detected devices`,
          api !== null,
          api ??
            `none of ${DEVICE_API_PATHS.join(', ')} answered; detected devices cannot be collected on this FortiOS`,
        );
      } catch (error) {
        add(`${serial}/${vdom} detected devices`, false, explain(error));
      }
    }
    return done();
  } finally {
    client.close();
  }
}

export const fortinetCli: ProviderCli = {
  provider: FORTINET_PROVIDER,
  description: 'FortiGate (interfaces, addresses, policies, detected devices)',
  addOptions: addFortinetOptions,
  async buildSource(options) {
    const { config, secrets } = fortinetSourceFromOptions(options as FortinetAddOptions);
    return { config: config as unknown as Record<string, unknown>, secrets };
  },
  async test(env, sourceId) {
    const report = await testFortinetSource(env, sourceId);
    return report.checks.map((c) => ({ check: c.check, ok: c.ok, detail: c.message }));
  },
};
