import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cgroupCores, defaultWorkerCount, restartDelayMs } from './workers.js';

describe('defaultWorkerCount', () => {
  it('is the cores the process may use, capped by a cgroup CPU quota rounded up', () => {
    expect(defaultWorkerCount('max 100000\n')).toBe(availableParallelism());
    expect(defaultWorkerCount(undefined)).toBe(availableParallelism());
    expect(defaultWorkerCount('50000 100000\n')).toBe(1);
    expect(defaultWorkerCount('100000 100000')).toBe(1);
    expect(defaultWorkerCount('400000000 100000')).toBe(availableParallelism());
  });

  it('reads cgroup v2 cpu.max: quota over period, anything else unlimited', () => {
    expect(cgroupCores('150000 100000')).toBe(2);
    expect(cgroupCores('200000 100000\n')).toBe(2);
    expect(cgroupCores('max 100000')).toBeUndefined();
    expect(cgroupCores('')).toBeUndefined();
    expect(cgroupCores('0 100000')).toBeUndefined();
    expect(cgroupCores('garbage')).toBeUndefined();
  });
});

describe('restartDelayMs', () => {
  it('doubles from the initial delay for each crash in a row, up to the maximum', () => {
    const b = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 10].map((n) => restartDelayMs(n, b))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(restartDelayMs(1)).toBe(100);
    expect(restartDelayMs(50)).toBe(30_000);
  });
});
