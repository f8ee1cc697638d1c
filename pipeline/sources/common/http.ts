// The HTTP policy every provider client uses: per-source rate limit, timeout per request, retries
// with exponential backoff and jitter on 429/5xx/timeouts/network errors honouring Retry-After,
// and 401/403 as a non-retryable AuthError after exactly one request.
import { backoffDelayMs } from '../../workflows/retry.ts';
import { AuthError, HttpRetryExhaustedError, HttpTimeoutError } from './errors.ts';
import { parseRetryAfter } from './retry-after.ts';
import { sleep, type TokenBucket } from './token-bucket.ts';

export interface HttpPolicy {
  sourceId: string;
  /** Name of the credential used (never its value), for the AuthError message. */
  credential: string;
  limiter?: TokenBucket;
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  jitter?: number;
  timeoutMs?: number;
  /** Longest Retry-After honoured; a longer one waits this long. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

const RETRYABLE_STATUS = (s: number): boolean => s === 408 || s === 429 || s >= 500;

/**
 * Returns the first response that is neither retryable nor an auth failure (2xx, 3xx, 404…; the
 * caller decides what those mean). Throws AuthError, HttpRetryExhaustedError or the abort reason.
 */
export async function fetchWithRetry(url: string, init: RequestInit, policy: HttpPolicy): Promise<Response> {
  const maxAttempts = policy.maxAttempts ?? 5;
  const timeoutMs = policy.timeoutMs ?? 30_000;
  const doFetch = policy.fetch ?? fetch;
  const retry = {
    maximumAttempts: maxAttempts,
    initialIntervalMs: policy.initialDelayMs ?? 500,
    backoffCoefficient: 2,
    maximumIntervalMs: policy.maxDelayMs ?? 30_000,
    jitter: policy.jitter ?? 0.2,
  };
  let last: string;
  let lastStatus: number | null;
  for (let attempt = 1; ; attempt++) {
    await policy.limiter?.take(policy.signal);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new HttpTimeoutError(url, timeoutMs)), timeoutMs);
    const signal = policy.signal ? AbortSignal.any([policy.signal, timeout.signal]) : timeout.signal;
    let retryAfterMs: number | null = null;
    try {
      const res = await doFetch(url, { ...init, signal });
      if (res.status === 401 || res.status === 403) {
        const detail = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
        throw new AuthError(policy.sourceId, policy.credential, res.status, detail);
      }
      if (!RETRYABLE_STATUS(res.status)) return res;
      await res.body?.cancel().catch(() => undefined);
      lastStatus = res.status;
      last = `HTTP ${res.status}`;
      retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (policy.signal?.aborted) throw policy.signal.reason;
      lastStatus = null;
      last = timeout.signal.aborted
        ? (timeout.signal.reason as Error).message
        : `network error: ${(error as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
    if (attempt >= maxAttempts)
      throw new HttpRetryExhaustedError(policy.sourceId, url, attempt, lastStatus, last);
    const delayMs =
      retryAfterMs !== null
        ? Math.min(retryAfterMs, policy.maxRetryAfterMs ?? 5 * 60_000)
        : backoffDelayMs(retry, attempt);
    policy.onRetry?.({ attempt, delayMs, reason: last });
    await sleep(delayMs, policy.signal);
  }
}
