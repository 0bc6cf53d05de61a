// Garbage-collection pauses of this process as a Prometheus histogram (perf_hooks 'gc' entries), so
// that latency figures can be read beside the pauses that caused them (`make bench` scrapes it).
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { Histogram, type Registry } from 'prom-client';

/** The `kind` label, as prom-client's default GC metric names them. */
const kinds: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** Fine buckets: the pauses that matter for a 3 ms p99 are between 0.1 and 10 ms. */
export const gcBuckets: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 1,
]);

/** Starts recording pauses into `nodejs_gc_duration_seconds{kind}`; returns a function that stops it. */
export function observeGarbageCollection(registry: Registry): () => void {
  const histogram = new Histogram({
    name: 'nodejs_gc_duration_seconds',
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    labelNames: ['kind'],
    buckets: [...gcBuckets],
    registers: [registry],
  });
  for (const kind of Object.values(kinds)) histogram.zero({ kind });
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record(histogram, entry);
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

function record(histogram: Histogram<'kind'>, entry: PerformanceEntry): void {
  const detail = (entry as { detail?: { kind?: number } }).detail;
  const kind = kinds[detail?.kind ?? -1];
  if (kind !== undefined) histogram.observe({ kind }, entry.duration / 1000);
}
