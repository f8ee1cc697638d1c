// Errors of the provider HTTP plumbing. Names matter: workflows list 'AuthError' among
// nonRetryableErrorTypes, and the engines match on error.name.

/** 401/403 or rejected credentials: retrying cannot help, the analyst must fix the credential. */
export class AuthError extends Error {
  readonly nonRetryable = true;
  readonly sourceId: string;
  readonly credential: string;
  readonly status: number;
  constructor(sourceId: string, credential: string, status: number, detail: string) {
    super(
      `source ${sourceId}: the API rejected credential "${credential}" (HTTP ${status}${detail ? `: ${detail}` : ''}); ` +
        `check or replace it with \`hotpot sources add\` and run \`hotpot sources test\``,
    );
    this.name = 'AuthError';
    this.sourceId = sourceId;
    this.credential = credential;
    this.status = status;
  }
}

/** A retryable HTTP failure (429, 5xx, timeout, network) that ran out of attempts. */
export class HttpRetryExhaustedError extends Error {
  readonly sourceId: string;
  readonly attempts: number;
  readonly status: number | null;
  constructor(sourceId: string, url: string, attempts: number, status: number | null, last: string) {
    super(`source ${sourceId}: ${url} still failing after ${attempts} attempts (last: ${last})`);
    this.name = 'HttpRetryExhaustedError';
    this.sourceId = sourceId;
    this.attempts = attempts;
    this.status = status;
  }
}

export class HttpTimeoutError extends Error {
  constructor(url: string, ms: number) {
    super(`no response from ${url} within ${ms} ms`);
    this.name = 'HttpTimeoutError';
  }
}
