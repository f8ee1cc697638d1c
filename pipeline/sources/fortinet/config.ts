// Non-secret configuration of a FortiGate source: one appliance, reached at `baseUrl` with an
// API token (secret `apiToken`). TLS is always verified: against a pinned certificate SHA-256
// fingerprint (the usual case, FortiGates present self-signed certificates) or a CA bundle.
import { z } from 'zod';
import { HotpotError } from '../../../db/errors.ts';

export const FORTINET_SECRETS = ['apiToken'] as const;
export type FortinetSecretName = (typeof FORTINET_SECRETS)[number];

const HEX64 = /^[0-9a-f]{64}$/;

/** `AB:CD:…` (as browsers and Node print it), `abcd…` or `ab cd …` → uppercase colon form. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  if (!HEX64.test(hex)) return undefined;
  return hex.toUpperCase().match(/.{2}/g)?.join(':');
}

export const FortinetConfigSchema = z
  .object({
    baseUrl: z
      .string()
      .url()
      .refine(
        (u) => u.startsWith('https://'),
        'must start with https:// (FortiOS accepts API tokens over HTTPS only)',
      )
      .transform((u) => u.replace(/\/+$/, '')),
    /** VDOMs to collect; omitted: every VDOM the token can read (`vdom=*`). */
    vdoms: z.array(z.string().min(1)).min(1).optional(),
    /** Pinned SHA-256 fingerprint of the appliance certificate; takes precedence over caPem. */
    certificateSha256: z
      .string()
      .refine((v) => normaliseFingerprint(v) !== undefined, 'must be 64 hex digits (colons optional)')
      .transform((v) => normaliseFingerprint(v) as string)
      .optional(),
    /** PEM CA bundle that signed the appliance certificate (replaces the system roots). */
    caPem: z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'must be PEM text' }).optional(),
    pageSize: z.number().int().min(1).max(5000).default(1000),
    rateLimit: z
      .object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
      .strict()
      .default({ ratePerSecond: 20, burst: 40 }),
    timeoutMs: z.number().int().min(100).default(60_000),
    maxAttempts: z.number().int().min(1).max(10).default(5),
    retryInitialDelayMs: z.number().int().min(0).default(500),
  })
  .strict();

export type FortinetConfig = z.infer<typeof FortinetConfigSchema>;

/** Parses a stored config; throws a CONFIG HotpotError naming the bad field. */
export function parseFortinetConfig(raw: unknown): FortinetConfig {
  const parsed = FortinetConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length
    ? issue.path.join('.')
    : issue && 'keys' in issue
      ? String((issue as { keys: unknown[] }).keys[0])
      : 'config';
  throw new HotpotError(
    `FortiGate source config: field "${field}" ${issue?.message ?? 'is invalid'}; fix it with \`hotpot sources add fortinet\`.`,
    'CONFIG',
  );
}
