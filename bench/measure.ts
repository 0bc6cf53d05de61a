// Timing helpers for `make bench`: warm up until the JIT has settled, then run batches until a time
// budget is spent; report the median batch, which shrugs off GC pauses and neighbours' bursts.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  /** Median nanoseconds per operation over the batches. */
  readonly nsPerOp: number;
  readonly opsPerSec: number;
  readonly batches: number;
}

/** Warm-up spent before any measurement: enough calls for V8 to optimise the whole path. */
const warmUpMs = 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function result(perOp: number[]): Measurement {
  const nsPerOp = median(perOp);
  return { nsPerOp, opsPerSec: 1e9 / nsPerOp, batches: perOp.length };
}

/** Nanoseconds per call of one batch of `batch` calls. */
function timeBatch(fn: () => unknown, batch: number): number {
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) fn();
  return ((performance.now() - t0) * 1e6) / batch;
}

async function timeBatchAsync(fn: () => Promise<unknown>, batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) await fn();
  return ((performance.now() - t0) * 1e6) / batch;
}

/** Runs fn in batches of `batch` calls for about budgetMs after a warm-up; returns the median per-op time. */
export function measure(fn: () => unknown, budgetMs = 1000, batch = 1000): Measurement {
  const warm = performance.now() + warmUpMs;
  do timeBatch(fn, batch);
  while (performance.now() < warm);
  const perOp: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || perOp.length < 5) perOp.push(timeBatch(fn, batch));
  return result(perOp);
}

/** Async variant, one call per iteration awaited in sequence. */
export async function measureAsync(
  fn: () => Promise<unknown>,
  budgetMs = 1000,
  batch = 200,
): Promise<Measurement> {
  const warm = performance.now() + warmUpMs;
  do await timeBatchAsync(fn, batch);
  while (performance.now() < warm);
  const perOp: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || perOp.length < 5) perOp.push(await timeBatchAsync(fn, batch));
  return result(perOp);
}

export interface PairedMeasurement {
  readonly subject: Measurement;
  readonly floor: Measurement;
  /** Median over the pairs of subject time / floor time. */
  readonly ratio: number;
}

/**
 * Measures an async subject against a floor (synchronous, or async with `asyncFloor`) in alternating
 * batches, so that a noisy neighbour or a GC slows both alike; the ratio is the median of the per-pair
 * ratios.
 */
export async function measurePaired(
  subject: () => Promise<unknown>,
  floor: () => unknown,
  budgetMs = 1000,
  batch = 100,
  asyncFloor = false,
): Promise<PairedMeasurement> {
  const timeFloor = () =>
    asyncFloor ? timeBatchAsync(floor as () => Promise<unknown>, batch) : timeBatch(floor, batch);
  const warm = performance.now() + warmUpMs;
  do {
    await timeBatchAsync(subject, batch);
    await timeFloor();
  } while (performance.now() < warm);
  const s: number[] = [];
  const f: number[] = [];
  const ratios: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end || s.length < 5) {
    const a = await timeBatchAsync(subject, batch);
    const b = await timeFloor();
    s.push(a);
    f.push(b);
    ratios.push(a / b);
  }
  return { subject: result(s), floor: result(f), ratio: median(ratios) };
}
