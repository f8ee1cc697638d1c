// Non-secret configuration of a SentinelOne source. The API token is a secret and lives in the
// secret store under S1_SECRET_NAMES; it never appears here.
import { z } from 'zod';

export const S1_PROVIDER = 's1';
export const S1_API_TOKEN = 'apiToken';
export const S1_SECRET_NAMES = [S1_API_TOKEN] as const;

import { ConfigError } from '../common/config-error.ts';

export { ConfigError };

const ID = /^\d{1,20}$/;

export const S1ConfigSchema = z
  .object({
    /** Console URL, e.g. https://acme.sentinelone.net (a trailing /web/api/v2.1 is accepted). */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** Only these sites are collected (all visible sites when empty). */
    siteIds: z.array(z.string().regex(ID, 'a site id is a decimal number')).default([]),
    /** Agents, groups and risks per page (the API allows 1..1000). */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    rateLimit: z
      .object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
      .default({ ratePerSecond: 10, burst: 20 }),
    /** Parallel /agents/applications calls (one per agent). */
    applicationConcurrency: z.number().int().min(1).max(32).default(4),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(1000).default(60_000),
    /** Also collect installed applications (one call per agent) and application risks. */
    collectApplications: z.boolean().default(true),
    collectRisks: z.boolean().default(true),
  })
  .strict();

export type S1Config = z.infer<typeof S1ConfigSchema>;

/** Validates a stored or typed-in config; the error names the field and what to do. */
export function parseS1Config(raw: unknown): S1Config {
  const parsed = S1ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(config)';
    throw new ConfigError(
      `SentinelOne source config: ${field} is invalid (${issue?.message ?? 'unknown problem'}); ` +
        `fix it with \`hotpot sources add s1 …\`.`,
    );
  }
  const baseUrl = parsed.data.baseUrl.replace(/\/+$/, '').replace(/\/web\/api\/v2\.1$/, '');
  return { ...parsed.data, baseUrl };
}
