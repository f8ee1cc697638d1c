/** SentinelOne error envelopes: {errors: [{code, detail, title}]} with 7-digit codes (HTTP status × 10000 + n). */
import type { SandboxResponse } from '../../server/types.ts';

const TITLES: Record<number, { code: number; title: string }> = {
  400: { code: 4000010, title: 'Validation Error' },
  401: { code: 4010010, title: 'Authentication Failed' },
  403: { code: 4030010, title: 'Insufficient permissions' },
  404: { code: 4040010, title: 'Not Found' },
  405: { code: 4050010, title: 'Method Not Allowed' },
  429: { code: 4290010, title: 'Too Many Requests' },
  500: { code: 5000010, title: 'Server Error' },
  502: { code: 5020010, title: 'Bad Gateway' },
  503: { code: 5030010, title: 'Service Unavailable' },
};

export function s1Error(status: number, detail: string | null, code?: number): SandboxResponse {
  const known = TITLES[status] ?? { code: status * 10000 + 10, title: 'Error' };
  return { status, body: { errors: [{ code: code ?? known.code, detail, title: known.title }] } };
}

export function authenticationFailed(): SandboxResponse {
  return s1Error(401, null);
}

/** What a site-scoped token gets on account-level endpoints. */
export function insufficientPermissions(): SandboxResponse {
  return s1Error(403, 'Insufficient permissions', 4030010);
}

export function validationError(detail: string): SandboxResponse {
  return s1Error(400, detail);
}
