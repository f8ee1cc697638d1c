import { z } from 'zod';
import { ConfigError } from '../common/config-error.ts';

/** Secrets a GCP source may hold (values live in the secret store, never in the config). */
export const GCP_SECRET_NAMES = ['serviceAccountKey', 'accessToken'] as const;
export type GcpSecretName = (typeof GCP_SECRET_NAMES)[number];

export const GcpConfigSchema = z.object({
  /** How the source authenticates: a service-account key, a bearer token, or application default credentials. */
  credential: z.enum(['serviceAccountKey', 'accessToken', 'applicationDefault']),
  /** Explicit project ids; when empty, projects are discovered through Resource Manager. */
  projects: z.array(z.string().min(1)).default([]),
  /** Glob patterns (`*` wildcard) on project ids applied to discovered projects. */
  include: z.array(z.string().min(1)).default(['*']),
  exclude: z.array(z.string().min(1)).default([]),
  /** A private or simulated Compute endpoint; omit for Google's public endpoint. */
  endpoint: z
    .object({
      apiEndpoint: z.string().min(1),
      port: z.number().int().positive(),
      protocol: z.enum(['http', 'https']),
    })
    .optional(),
  /** Resource Manager v1 projects URL; defaults to Google's. */
  resourceManagerUrl: z.string().url().default('https://cloudresourcemanager.googleapis.com/v1/projects'),
  pageSize: z.number().int().min(1).max(500).default(500),
  rateLimit: z
    .object({ ratePerSec: z.number().positive(), burst: z.number().int().positive() })
    .default({ ratePerSec: 20, burst: 20 }),
});

export type GcpConfig = z.infer<typeof GcpConfigSchema>;

/** Parses a stored config; the error names the source and the first bad field. */
export function parseGcpConfig(sourceId: string, raw: unknown): GcpConfig {
  const parsed = GcpConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(config)';
  throw new ConfigError(
    `source ${sourceId}: GCP setting "${field}" is invalid: ${issue?.message ?? 'unknown problem'}`,
  );
}

/** `*` globs on project ids, anchored. */
export function projectSelected(projectId: string, config: Pick<GcpConfig, 'include' | 'exclude'>): boolean {
  const match = (pattern: string): boolean =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(projectId);
  return config.include.some(match) && !config.exclude.some(match);
}
