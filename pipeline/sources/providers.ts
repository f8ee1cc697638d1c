import { fortinetCli } from './fortinet/sources-cli.ts';
import { gcpCli } from './gcp/sources-cli.ts';
import { s1Cli } from './s1/sources-cli.ts';
import type { ProviderCli } from './provider-cli.ts';
import { vngCli } from './vng/sources-cli.ts';

/** Every provider the CLI and the app can configure. */
export const PROVIDER_CLIS: readonly ProviderCli[] = [gcpCli, s1Cli, vngCli, fortinetCli];

export function providerCli(provider: string): ProviderCli | undefined {
  return PROVIDER_CLIS.find((p) => p.provider === provider);
}
