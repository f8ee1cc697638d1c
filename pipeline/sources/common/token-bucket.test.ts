import { describe, expect, it } from 'vitest';
import { RateLimiters, TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('allows the burst at once, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSec: 10, burst: 3 }, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 100; // one token per 100 ms
    expect([bucket.tryTake(), bucket.tryTake()]).toEqual([true, false]);
    now += 10_000; // refills only up to the burst
    expect(Array.from({ length: 5 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(3);
  });

  it('makes waiters wait in real time and in arrival order', async () => {
    const bucket = new TokenBucket({ ratePerSec: 50, burst: 1 });
    const order: number[] = [];
    const t0 = performance.now();
    await Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75); // 4 tokens at 20 ms each
  });

  it('lets an aborted waiter go without blocking the next one', async () => {
    const bucket = new TokenBucket({ ratePerSec: 20, burst: 1 });
    bucket.tryTake();
    const controller = new AbortController();
    const aborted = bucket.take(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    await bucket.take();
  });

  it('keeps one bucket per source', () => {
    const limiters = new RateLimiters({ ratePerSec: 1, burst: 1 });
    expect(limiters.for('gcp-prod').tryTake()).toBe(true);
    expect(limiters.for('gcp-prod').tryTake()).toBe(false);
    expect(limiters.for('s1-main', { ratePerSec: 5, burst: 2 }).limit).toEqual({ ratePerSec: 5, burst: 2 });
    expect(limiters.for('s1-main').tryTake()).toBe(true);
  });
});
