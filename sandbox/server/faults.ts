/**
 * Fault specs and deterministic fault decisions. A decision depends only on the seed, the request
 * (method, path, query) and how many times that same request was seen before, so a client that
 * retries the same way gets the same faults on every run, and a retry eventually succeeds.
 */
import { hash32, unitFloat } from '../world/prng.ts';

export interface FaultSpec {
  /** Probabilities in [0, 1]. */
  rate429: number;
  rate5xx: number;
  timeout: number;
  truncate: number;
  loop: number;
  /** Added to every faultable request. */
  latencyMs: number;
  /** Seconds sent in Retry-After with a 429. */
  retryAfterS: number;
  /** How long a "timeout" holds the request before dropping the connection. */
  timeoutMs: number;
}

export const NO_FAULTS: FaultSpec = {
  rate429: 0,
  rate5xx: 0,
  timeout: 0,
  truncate: 0,
  loop: 0,
  latencyMs: 0,
  retryAfterS: 1,
  timeoutMs: 10_000,
};

function duration(value: string, key: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!m) throw new Error(`fault ${key}: "${value}" is not a duration like 50ms or 2s`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

function probability(value: string, key: string): number {
  const p = Number(value);
  if (!Number.isFinite(p) || p < 0 || p > 1)
    throw new Error(`fault ${key}: "${value}" is not a probability between 0 and 1`);
  return p;
}

/** Parses e.g. `429=0.1,5xx=0.05,latency=50ms,timeout=0.01,truncate=0.01,loop=0.01`. */
export function parseFaultSpec(text: string | undefined): FaultSpec {
  const spec = { ...NO_FAULTS };
  if (!text || !text.trim() || text.trim() === 'none') return spec;
  for (const part of text.split(',')) {
    const [rawKey, rawValue] = part.split('=');
    const key = (rawKey ?? '').trim();
    const value = (rawValue ?? '').trim();
    if (!key || rawValue === undefined) throw new Error(`fault spec part "${part}" must look like key=value`);
    switch (key) {
      case '429':
        spec.rate429 = probability(value, key);
        break;
      case '5xx':
        spec.rate5xx = probability(value, key);
        break;
      case 'timeout':
        spec.timeout = probability(value, key);
        break;
      case 'truncate':
        spec.truncate = probability(value, key);
        break;
      case 'loop':
        spec.loop = probability(value, key);
        break;
      case 'latency':
        spec.latencyMs = duration(value, key);
        break;
      case 'retry_after':
        spec.retryAfterS = duration(value, key) / 1000;
        break;
      case 'timeout_after':
        spec.timeoutMs = duration(value, key);
        break;
      default:
        throw new Error(
          `unknown fault "${key}"; known: 429, 5xx, timeout, truncate, loop, latency, retry_after, timeout_after`,
        );
    }
  }
  return spec;
}

export function formatFaultSpec(s: FaultSpec): string {
  const parts = [
    `429=${s.rate429}`,
    `5xx=${s.rate5xx}`,
    `timeout=${s.timeout}`,
    `truncate=${s.truncate}`,
    `loop=${s.loop}`,
    `latency=${s.latencyMs}ms`,
    `retry_after=${s.retryAfterS}s`,
    `timeout_after=${s.timeoutMs}ms`,
  ];
  return parts.join(',');
}

export type FaultKind = 'timeout' | '429' | '5xx' | 'truncate' | 'loop';

export interface FaultDecision {
  before?: 'timeout' | '429' | '5xx';
  /** 500, 502 or 503 when `before` is 5xx. */
  status5xx: number;
  truncate: boolean;
  loop: boolean;
}

export class FaultInjector {
  private readonly attempts = new Map<string, number>();
  readonly injected: Record<FaultKind, number> = { timeout: 0, '429': 0, '5xx': 0, truncate: 0, loop: 0 };

  constructor(
    private readonly seed: number,
    public spec: FaultSpec,
  ) {}

  reset(spec: FaultSpec): void {
    this.spec = spec;
    this.attempts.clear();
    for (const k of Object.keys(this.injected) as FaultKind[]) this.injected[k] = 0;
  }

  decide(requestKey: string): FaultDecision {
    const attempt = this.attempts.get(requestKey) ?? 0;
    this.attempts.set(requestKey, attempt + 1);
    const roll = (salt: string): number =>
      unitFloat(hash32(`${salt}|${attempt}|${requestKey}`, this.seed >>> 0));
    const s = this.spec;
    const d: FaultDecision = {
      status5xx: [500, 502, 503][Math.floor(roll('5xx-code') * 3)] ?? 503,
      truncate: false,
      loop: false,
    };
    if (roll('timeout') < s.timeout) d.before = 'timeout';
    else if (roll('429') < s.rate429) d.before = '429';
    else if (roll('5xx') < s.rate5xx) d.before = '5xx';
    else {
      d.truncate = roll('truncate') < s.truncate;
      d.loop = !d.truncate && roll('loop') < s.loop;
    }
    return d;
  }

  count(kind: FaultKind): void {
    this.injected[kind]++;
  }
}
