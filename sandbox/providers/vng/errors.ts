/**
 * Error bodies as the VNG services send them: the IAM answers `{errors: [{code, message}]}`, the
 * vServer gateway `{message}` (the shapes the official Go SDK decodes).
 */
import type { SandboxResponse } from '../../server/types.ts';

export function iamError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { errors: [{ code, message }] } };
}

export function gatewayError(status: number, message: string): SandboxResponse {
  return { status, body: { message } };
}
