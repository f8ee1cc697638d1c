// What the Sources page needs per provider: which secrets it takes, how its config is checked,
// and a starting config to edit. The config parsers are the ones the activities use, so a source
// saved from the UI is valid for a run.
import { FORTINET_SECRETS, parseFortinetConfig } from '../sources/fortinet/config.ts';
import { GCP_SECRET_NAMES, parseGcpConfig } from '../sources/gcp/config.ts';
import { PROVIDER_CLIS } from '../sources/providers.ts';
import { parseS1Config, S1_SECRET_NAMES } from '../sources/s1/config.ts';
import { parseVngConfig, VNG_SECRET_NAMES } from '../sources/vng/config.ts';
import type { ProviderInfo } from './contract.ts';

interface ProviderSpec {
  secretNames: readonly string[];
  exampleConfig: Record<string, unknown>;
  validate(sourceId: string, config: unknown): void;
}

const SPECS: Record<string, ProviderSpec> = {
  gcp: {
    secretNames: GCP_SECRET_NAMES,
    exampleConfig: { credential: 'serviceAccountKey', projects: [] },
    validate: (id, c) => void parseGcpConfig(id, c),
  },
  s1: {
    secretNames: S1_SECRET_NAMES,
    exampleConfig: { baseUrl: 'https://example.sentinelone.net' },
    validate: (_id, c) => void parseS1Config(c),
  },
  vng: {
    secretNames: VNG_SECRET_NAMES,
    exampleConfig: { clientId: '', regions: ['hcm-3', 'han-1'] },
    validate: (_id, c) => void parseVngConfig(c),
  },
  fortinet: {
    secretNames: FORTINET_SECRETS,
    exampleConfig: { baseUrl: 'https://fortigate.example:443', certificateSha256: '' },
    validate: (_id, c) => void parseFortinetConfig(c),
  },
};

export function providerInfos(): ProviderInfo[] {
  return PROVIDER_CLIS.map((p) => ({
    provider: p.provider,
    description: p.description,
    secretNames: [...(SPECS[p.provider]?.secretNames ?? [])],
    exampleConfig: SPECS[p.provider]?.exampleConfig ?? {},
  }));
}

export function providerSpec(provider: string): ProviderSpec | undefined {
  return SPECS[provider];
}
