// Timing helpers for `make bench`: warm up, then run batches until a time budget is spent; report the median.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  /** Median nanoseconds per operation over the batches. */
  readonly nsPerOp: number;
  readonly opsPerSec: number;
  readonly batches: number;
}

/** Runs fn in batches of `batch` calls for about budgetMs after a warm-up; returns the median per-op time. */
export function measure(fn: () => unknown, budgetMs = 1000, batch = 1000): Measurement {
  for (let i = 0; i < batch; i++) fn();
  const perOp: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || perOp.length < 5) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    perOp.push(((performance.now() - t0) * 1e6) / batch);
  }
  perOp.sort((a, b) => a - b);
  const nsPerOp = perOp[Math.floor(perOp.length / 2)] ?? NaN;
  return { nsPerOp, opsPerSec: 1e9 / nsPerOp, batches: perOp.length };
}

/** Async variant, one call per iteration awaited in sequence. */
export async function measureAsync(
  fn: () => Promise<unknown>,
  budgetMs = 1000,
  batch = 200,
): Promise<Measurement> {
  for (let i = 0; i < batch; i++) await fn();
  const perOp: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || perOp.length < 5) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    perOp.push(((performance.now() - t0) * 1e6) / batch);
  }
  perOp.sort((a, b) => a - b);
  const nsPerOp = perOp[Math.floor(perOp.length / 2)] ?? NaN;
  return { nsPerOp, opsPerSec: 1e9 / nsPerOp, batches: perOp.length };
}
