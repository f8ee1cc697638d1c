// Non-secret configuration of a VNG Cloud (GreenNode) source. The service account's client secret
// is a secret and lives in the secret store under VNG_SECRET_NAMES; it never appears here.
import { z } from 'zod';
import { ConfigError } from '../common/config-error.ts';

export const VNG_PROVIDER = 'vng';
export const VNG_CLIENT_SECRET = 'clientSecret';
export const VNG_SECRET_NAMES = [VNG_CLIENT_SECRET] as const;

/** A configuration a source cannot run with. Non-retryable: workflows list 'ConfigError'. */
export class VngConfigError extends ConfigError {}

const REGION = /^[a-z]{2,4}-\d{1,2}$/;

export const VngConfigSchema = z
  .object({
    /** IAM base URL; the token is requested at `{iamUrl}/accounts-api/v2/auth/token`. */
    iamUrl: z.url({ protocol: /^https?$/ }).default('https://iamapis.vngcloud.vn'),
    /** vServer gateway per region; `{region}` is replaced by each configured region. */
    gatewayUrlTemplate: z
      .string()
      .refine((t) => t.includes('{region}'), 'must contain {region}')
      .refine(
        (t) => URL.canParse(t.replaceAll('{region}', 'hcm-3')),
        'must be a URL once {region} is filled in',
      )
      .default('https://{region}.api.vngcloud.vn/vserver/vserver-gateway'),
    /** Service account client id (the client secret is stored as a secret). */
    clientId: z.string().min(1),
    regions: z
      .array(z.string().regex(REGION, 'a region looks like hcm-3 or han-1'))
      .min(1)
      .default(['hcm-3', 'han-1']),
    /** Only these project ids are collected (all projects visible in each region when empty). */
    projects: z.array(z.string().min(1)).default([]),
    /** Items per page for paged listings (`size`). */
    pageSize: z.number().int().min(1).max(1000).default(50),
    rateLimit: z
      .object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
      .default({ ratePerSecond: 10, burst: 20 }),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(100).default(60_000),
    /** Refresh the bearer token this long before it expires (capped at a tenth of its lifetime). */
    tokenRefreshMarginSeconds: z.number().int().min(0).default(300),
    /** Attempts per request on 429/5xx/timeouts, and the first backoff delay. */
    retry: z
      .object({ maxAttempts: z.number().int().min(1).max(10), initialDelayMs: z.number().int().min(0) })
      .default({ maxAttempts: 5, initialDelayMs: 500 }),
  })
  .strict();

export type VngConfig = z.infer<typeof VngConfigSchema>;

/** Validates a stored or typed-in config; the error names the field and what to do. */
export function parseVngConfig(raw: unknown): VngConfig {
  const parsed = VngConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(config)';
    throw new VngConfigError(
      `VNG Cloud source config: ${field} is invalid (${issue?.message ?? 'unknown problem'}); ` +
        `fix it with \`hotpot sources add vng …\`.`,
    );
  }
  const trim = (u: string): string => u.replace(/\/+$/, '');
  return {
    ...parsed.data,
    iamUrl: trim(parsed.data.iamUrl).replace(/\/accounts-api$/, ''),
    gatewayUrlTemplate: trim(parsed.data.gatewayUrlTemplate),
  };
}

/** The vServer gateway base URL of one region. */
export function gatewayUrl(config: Pick<VngConfig, 'gatewayUrlTemplate'>, region: string): string {
  return config.gatewayUrlTemplate.replaceAll('{region}', region);
}
