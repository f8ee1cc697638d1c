/**
 * An error an analyst can act on: `message` says what is wrong and what to do. The CLI prints the
 * message alone (no stack) and exits non-zero.
 */
export class HotpotError extends Error {
  override readonly name: string = 'HotpotError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
