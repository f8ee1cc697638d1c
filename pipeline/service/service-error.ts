// Errors as transports report them. Light on purpose: Electron main imports it without loading
// the pipeline (stores, engine) into the main process.
import { ZodError } from 'zod';
import { HotpotError } from '../../db/errors.ts';
import type { ServiceErrorBody } from './errors.ts';

/** A failed call as transports report it. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  body(): ServiceErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.join('.') || 'input';
    return new ServiceError('BAD_INPUT', `Invalid ${where}: ${issue?.message ?? 'bad value'}.`);
  }
  if (error instanceof HotpotError) return new ServiceError(error.code, error.message);
  // Errors relayed from another process keep their code.
  if (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    error.name === 'ServiceCallError'
  )
    return new ServiceError((error as Error & { code: string }).code, error.message);
  if (error instanceof Error && error.name === 'ConfigError')
    return new ServiceError('BAD_CONFIG', error.message);
  return new ServiceError('INTERNAL', error instanceof Error ? error.message : String(error));
}
