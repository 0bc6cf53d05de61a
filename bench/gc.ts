// GC pauses of the server during a run, from two scrapes of its /metrics (nodejs_gc_duration_seconds,
// src/metrics/gc.ts): how many, of which kind, the time in all and the bucket the longest fell in.
import { httpsGet } from './procs.js';

export interface GcSnapshot {
  /** Pauses by kind (minor, major, incremental, weakcb). */
  readonly counts: Readonly<Record<string, number>>;
  readonly seconds: number;
  /** Cumulative count per bucket bound, summed over the kinds. */
  readonly buckets: ReadonlyMap<number, number>;
}

export function parseGc(exposition: string): GcSnapshot {
  const counts: Record<string, number> = {};
  const buckets = new Map<number, number>();
  let seconds = 0;
  for (const line of exposition.split('\n')) {
    const count = /^nodejs_gc_duration_seconds_count\{kind="(\w+)"\} (\S+)$/.exec(line);
    if (count?.[1] !== undefined) counts[count[1]] = Number(count[2]);
    const sum = /^nodejs_gc_duration_seconds_sum\{kind="\w+"\} (\S+)$/.exec(line);
    if (sum) seconds += Number(sum[1]);
    const bucket = /^nodejs_gc_duration_seconds_bucket\{le="([^"]+)",kind="\w+"\} (\S+)$/.exec(line);
    if (bucket?.[1] !== undefined && bucket[1] !== '+Inf') {
      const le = Number(bucket[1]);
      buckets.set(le, (buckets.get(le) ?? 0) + Number(bucket[2]));
    }
  }
  return { counts, seconds, buckets };
}

export async function scrapeGc(port: number): Promise<GcSnapshot | undefined> {
  const r = await httpsGet(port, '/metrics').catch(() => undefined);
  return r?.status === 200 ? parseGc(r.body) : undefined;
}

export interface GcWindow {
  readonly pauses: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly ms: number;
  /** The longest pause was at most this (a bucket bound); Infinity if above the last bucket. */
  readonly longestAtMostMs: number;
  /** ... and more than this (the bucket below). */
  readonly longestOverMs: number;
}

export function gcWindow(a: GcSnapshot, b: GcSnapshot): GcWindow {
  const byKind: Record<string, number> = {};
  for (const [k, n] of Object.entries(b.counts))
    if (n - (a.counts[k] ?? 0) > 0) byKind[k] = n - (a.counts[k] ?? 0);
  const pauses = Object.values(byKind).reduce((s, n) => s + n, 0);
  const bounds = [...b.buckets.keys()].sort((x, y) => x - y);
  let over = 0;
  let atMost = Number.POSITIVE_INFINITY;
  for (const le of bounds) {
    if ((b.buckets.get(le) ?? 0) - (a.buckets.get(le) ?? 0) >= pauses) {
      atMost = le;
      break;
    }
    over = le;
  }
  return {
    pauses,
    byKind,
    ms: (b.seconds - a.seconds) * 1000,
    longestAtMostMs: atMost * 1000,
    longestOverMs: over * 1000,
  };
}

/** "GC 120 pauses (minor 118, major 2), 61 ms in all, longest 2-4 ms". */
export function describeGc(w: GcWindow | undefined): string {
  if (w === undefined) return 'GC: no /metrics';
  const kinds = Object.entries(w.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const longest =
    w.pauses === 0
      ? ''
      : `, longest ${fmt(w.longestOverMs)}-${Number.isFinite(w.longestAtMostMs) ? fmt(w.longestAtMostMs) : '∞'} ms`;
  return `GC ${w.pauses} pauses${kinds === '' ? '' : ` (${kinds})`}, ${w.ms.toFixed(0)} ms in all${longest}`;
}

function fmt(ms: number): string {
  return ms < 1 ? String(Number(ms.toFixed(2))) : String(Number(ms.toFixed(1)));
}
