// Token-bucket rate limiter, one per provider source: `ratePerSec` sustained, `burst` at once.
// Waiters are served in FIFO order so a long listing cannot starve a small request.

export interface RateLimit {
  ratePerSec: number;
  burst: number;
}

export class TokenBucket {
  readonly limit: RateLimit;
  #tokens: number;
  #last: number;
  readonly #now: () => number;
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit, now: () => number = () => performance.now()) {
    if (!(limit.ratePerSec > 0) || !(limit.burst >= 1))
      throw new RangeError('rate limit needs ratePerSec > 0 and burst >= 1');
    this.limit = limit;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#last = now();
  }

  /** Takes a token if one is available now. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Waits for a token (in arrival order); rejects if `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForToken(signal));
    // A cancelled waiter must not block the ones behind it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.tryTake()) return;
      const waitMs = Math.ceil(((1 - this.#tokens) / this.limit.ratePerSec) * 1000);
      await sleep(waitMs, signal);
    }
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(
      this.limit.burst,
      this.#tokens + ((now - this.#last) / 1000) * this.limit.ratePerSec,
    );
    this.#last = now;
  }
}

/** One bucket per source id, created on first use from that source's configured limit. */
export class RateLimiters {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #defaults: RateLimit;

  constructor(defaults: RateLimit = { ratePerSec: 10, burst: 20 }) {
    this.#defaults = defaults;
  }

  for(sourceId: string, limit?: RateLimit): TokenBucket {
    let bucket = this.#buckets.get(sourceId);
    if (!bucket) {
      bucket = new TokenBucket(limit ?? this.#defaults);
      this.#buckets.set(sourceId, bucket);
    }
    return bucket;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
