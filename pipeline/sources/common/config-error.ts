import { HotpotError } from '../../../db/errors.ts';

/**
 * A source configuration that cannot work; the message names the source and the field.
 * Non-retryable: workflows list 'ConfigError' among their non-retryable error types.
 */
export class ConfigError extends HotpotError {
  override readonly name = 'ConfigError';
  readonly nonRetryable = true;
  constructor(message: string) {
    super(message, 'CONFIG');
  }
}

/** A scope (project, site, VDOM) the credential may not read: that scope fails, others go on. */
export class ScopeAccessError extends Error {
  readonly nonRetryable = true;
  constructor(
    readonly scope: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScopeAccessError';
  }
}

/** A listing whose page token repeats: the API is looping; stop instead of spinning. */
export class ListingLoopError extends Error {
  constructor(what: string, token: string) {
    super(
      `${what}: the API returned page token "${token.slice(0, 24)}" twice; stopped the listing (nothing deleted)`,
    );
    this.name = 'ListingLoopError';
  }
}
