import { describe, expect, it } from 'vitest';
import { collectGarbage } from './memory.js';

describe('collectGarbage', () => {
  it('reclaims garbage the heap still holds, without --expose-gc', () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let garbage: string[] | undefined = Array.from(
      { length: 200_000 },
      (_, i) => `item-${i}-${'x'.repeat(40)}`,
    );
    expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(10 * 1024 * 1024);
    garbage.length = 0;
    garbage = undefined;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2 * 1024 * 1024);
    expect(garbage).toBeUndefined();
  });
});
