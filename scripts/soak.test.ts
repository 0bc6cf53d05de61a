// A short soak in `make test`, so `make soak` cannot rot: traffic of every kind, a certificate
// rotation, no unexpected answer, a clean exit. Memory is judged by the full 60 s run only.
import { describe, expect, it } from 'vitest';
import { runSoak } from './soak.js';

describe('soak', () => {
  it('answers 4 s of mixed traffic at 50/s without an unexpected answer, through a certificate rotation', async () => {
    const r = await runSoak({
      durationS: 4,
      rate: 50,
      rotateAtS: 2,
      warmupS: 1,
      maxRssGrowth: Number.POSITIVE_INFINITY,
      maxHeapGrowthMiB: Number.POSITIVE_INFINITY,
    });
    expect(r.problems).toEqual([]);
    expect(r.failures).toEqual([]);
    expect(r.sent).toBeGreaterThanOrEqual(190);
    expect(Object.keys(r.byKind)).toHaveLength(11);
    expect(r.rotation.servedAfterMs).toBeDefined();
    expect(r.liveHeapMiB.start).toBeGreaterThan(0);
    expect(r.exitCode).toBe(0);
  }, 60_000);
});
