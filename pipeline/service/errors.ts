// The client-side error of a failed call. Dependency-free so the sandboxed preload bundle stays
// tiny (it may require nothing but 'electron').

/** What a transport returns for a failed call: a sentence for the analyst and a stable code. */
export interface ServiceErrorBody {
  code: string;
  message: string;
}

/** Raised by clients when a call fails; `code` is e.g. BAD_INPUT, UNKNOWN_SOURCE, UNAUTHORIZED. */
export class ServiceCallError extends Error {
  override readonly name = 'ServiceCallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
