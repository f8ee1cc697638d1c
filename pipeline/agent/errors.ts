import { HotpotError } from '../../db/errors.ts';

/**
 * Why an agent step failed. The correction loop feeds `GUARD`, `SQL`, `TIMEOUT` and
 * `MODEL_OUTPUT` failures back to the model; `MODEL_UNREACHABLE`, `MODEL_MISSING` and
 * `PROVIDER_MISSING` stop at once because another try cannot fix them.
 */
export type AgentErrorCode =
  | 'GUARD'
  | 'SQL'
  | 'TIMEOUT'
  | 'MODEL_OUTPUT'
  | 'MODEL_UNREACHABLE'
  | 'MODEL_MISSING'
  | 'MODEL_FAILED'
  | 'PROVIDER_MISSING'
  | 'NO_ANSWER';

export class AgentError extends HotpotError {
  override readonly name: string = 'AgentError';
  constructor(
    message: string,
    override readonly code: AgentErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, code, options);
  }
}

/** Errors a new attempt may fix, because the model gets to see them. */
export function isCorrectable(error: unknown): boolean {
  return error instanceof AgentError && ['GUARD', 'SQL', 'TIMEOUT', 'MODEL_OUTPUT'].includes(error.code);
}
