import { describe, expect, it } from 'vitest';
import { rateLimiterFor, TokenBucket, unlimited, type Clock } from './ratelimit.js';

/** A clock whose sleeps advance time at once and are recorded. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted === true) throw signal.reason as Error;
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst through, then spaces calls at 1/qps', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(10, 3, clock);
    for (let i = 0; i < 5; i++) await bucket.wait();
    expect(sleeps.map(Math.round)).toEqual([100, 100]);
  });

  it('refills over time up to the burst', () => {
    const { clock, advance } = fakeClock();
    const bucket = new TokenBucket(2, 2, clock);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
    advance(500);
    expect([bucket.tryTake(), bucket.tryTake()]).toEqual([true, false]);
    advance(60_000);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });

  it('queues concurrent waiters in arrival order with growing delays', async () => {
    const delays: number[] = [];
    const clock: Clock = { now: () => 0, sleep: async (ms) => void delays.push(ms) };
    const bucket = new TokenBucket(4, 1, clock);
    await Promise.all([bucket.wait(), bucket.wait(), bucket.wait()]);
    expect(delays).toEqual([250, 500]);
  });

  it('rejects with the abort reason and gives the reservation back', async () => {
    const { clock } = fakeClock();
    const bucket = new TokenBucket(1, 1, clock);
    await bucket.wait();
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(bucket.wait(controller.signal)).rejects.toThrow('deadline');
    const blocking: Clock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason as Error)),
        ),
    };
    const slow = new TokenBucket(1, 1, blocking);
    await slow.wait();
    const c2 = new AbortController();
    const pending = slow.wait(c2.signal);
    c2.abort(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
    expect(slow.tryTake()).toBe(false);
  });
});

describe('rateLimiterFor', () => {
  it.each([
    // upstream webhook defaults
    { qps: 20, burst: 50, limited: true },
    // client-go: 0 means its defaults (5 qps, burst 10)
    { qps: 0, burst: 0, limited: true },
    // a negative QPS disables throttling
    { qps: -1, burst: 50, limited: false },
  ])('qps=$qps burst=$burst', ({ qps, burst, limited }) => {
    const limiter = rateLimiterFor(qps, burst);
    expect(limiter === unlimited).toBe(!limited);
  });

  it('uses the burst given, or 10 when it is 0', async () => {
    const { clock, sleeps } = fakeClock();
    const limiter = rateLimiterFor(1, 0, clock);
    for (let i = 0; i < 11; i++) await limiter.wait();
    expect(sleeps).toHaveLength(1);
  });
});
