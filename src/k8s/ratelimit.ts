// Client-side throttling of API calls (--client-qps-limit, --client-qps-burst): a token bucket with
// reservations, as client-go's tokenBucketRateLimiter (golang.org/x/time/rate) waits for a token.

export interface RateLimiter {
  /** Resolves when the call may proceed; rejects with the signal's reason if it aborts first. */
  wait(signal?: AbortSignal): Promise<void>;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason as Error);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Upstream webhook defaults (options.go). */
export const DefaultClientQPSLimit = 20;
export const DefaultClientQPSBurst = 50;
/** client-go's defaults when a config leaves QPS or Burst at 0. */
const restDefaultQPS = 5;
const restDefaultBurst = 10;

export const unlimited: RateLimiter = Object.freeze({
  wait: (signal?: AbortSignal) =>
    signal?.aborted === true ? Promise.reject(signal.reason as Error) : Promise.resolve(),
});

/**
 * The limiter client-go builds for a rest.Config: QPS 0 means 5 and Burst 0 means 10; a negative
 * QPS disables throttling.
 */
export function rateLimiterFor(qps: number, burst: number, clock: Clock = realClock): RateLimiter {
  const q = qps === 0 ? restDefaultQPS : qps;
  const b = burst === 0 ? restDefaultBurst : burst;
  if (!(q > 0)) return unlimited;
  return new TokenBucket(q, Math.max(1, b), clock);
}

export class TokenBucket implements RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes a token now if one is available, without waiting. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) throw signal.reason as Error;
    this.refill();
    // Reserve now (the balance may go negative) so waiters are served in arrival order.
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const delayMs = (-this.tokens / this.qps) * 1000;
    try {
      await this.clock.sleep(delayMs, signal);
    } catch (err) {
      this.tokens += 1; // Give the reservation back.
      throw err;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}
