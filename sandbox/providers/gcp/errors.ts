/** Google API error envelopes: {error: {code, message, errors: [{message, domain, reason}], status}}. */
import type { SandboxResponse } from '../../server/types.ts';

const STATUS: Record<number, { status: string; reason: string; domain: string }> = {
  400: { status: 'INVALID_ARGUMENT', reason: 'invalid', domain: 'global' },
  401: { status: 'UNAUTHENTICATED', reason: 'authError', domain: 'global' },
  403: { status: 'PERMISSION_DENIED', reason: 'forbidden', domain: 'global' },
  404: { status: 'NOT_FOUND', reason: 'notFound', domain: 'global' },
  405: { status: 'UNIMPLEMENTED', reason: 'httpMethodNotAllowed', domain: 'global' },
  429: { status: 'RESOURCE_EXHAUSTED', reason: 'rateLimitExceeded', domain: 'usageLimits' },
  500: { status: 'INTERNAL', reason: 'backendError', domain: 'global' },
  502: { status: 'UNAVAILABLE', reason: 'badGateway', domain: 'global' },
  503: { status: 'UNAVAILABLE', reason: 'backendError', domain: 'global' },
};

export function googleError(
  code: number,
  message: string,
  extra: Record<string, string> = {},
): SandboxResponse {
  const s = STATUS[code] ?? { status: 'UNKNOWN', reason: 'unknown', domain: 'global' };
  return {
    status: code,
    body: {
      error: {
        code,
        message,
        errors: [{ message, domain: s.domain, reason: s.reason, ...extra }],
        status: s.status,
      },
    },
  };
}

export function unauthenticated(detail: string): SandboxResponse {
  const r = googleError(
    401,
    `Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. ${detail}`,
    { location: 'Authorization', locationType: 'header' },
  );
  return {
    ...r,
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  };
}

export function permissionDenied(permission: string, project: string): SandboxResponse {
  return googleError(403, `Required '${permission}' permission for 'projects/${project}'`);
}
