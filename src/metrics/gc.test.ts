import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../webhook/memory.js';
import { observeGarbageCollection } from './gc.js';

const count = (text: string, kind: string) =>
  Number(new RegExp(`^nodejs_gc_duration_seconds_count\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1]);

describe('observeGarbageCollection', () => {
  it('counts every pause by kind in a histogram, starting at 0', async () => {
    const registry = new Registry();
    const stop = observeGarbageCollection(registry);
    try {
      const before = await registry.metrics();
      expect(count(before, 'major')).toBe(0);
      expect(count(before, 'minor')).toBe(0);
      collectGarbage();
      collectGarbage();
      // Entries arrive on a later turn of the event loop.
      let after = await registry.metrics();
      for (let i = 0; i < 100 && !(count(after, 'major') >= 2); i++) {
        await new Promise((r) => setTimeout(r, 10));
        after = await registry.metrics();
      }
      expect(count(after, 'major')).toBeGreaterThanOrEqual(2);
      expect(after).toContain('# TYPE nodejs_gc_duration_seconds histogram');
      expect(after).toMatch(/^nodejs_gc_duration_seconds_bucket\{le="0\.004",kind="major"\} \d+$/m);
    } finally {
      stop();
    }
  });
});
