// Watch streams for informers (client-go watch + reflector pacing): newline-delimited JSON events
// over one GET, server-side timeouts as client-go's reflector sets them, a watchdog for silently
// dead connections, and a minimum interval between watch starts so a server that keeps closing
// watches does not cause a hot loop.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient, RequestTarget } from './client.js';

export interface WatchPacing {
  /** Server-side timeout of each watch; default a random 5-10 minutes, as client-go does. */
  readonly timeoutSeconds?: number;
  /** Abort a watch that outlives its timeout by this much (connection lost without a FIN). */
  readonly watchdogGraceMs?: number;
  /** Minimum time between two watch starts. */
  readonly minIntervalMs?: number;
}

/** One event of a watch stream: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (object is a Status). */
export interface WatchEvent {
  readonly type: string;
  readonly object: { readonly metadata?: { readonly name?: string; readonly resourceVersion?: string } };
}

/** How a watch ended: the server closed it (or its connection broke), or the caller stopped. */
export type WatchEnd = 'closed' | 'stopped';

export class Watcher {
  private readonly timeoutSeconds: () => number;
  private readonly watchdogGraceMs: number;
  private readonly minIntervalMs: number;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly client: KubeClient,
    options: WatchPacing = {},
  ) {
    const fixed = options.timeoutSeconds;
    this.timeoutSeconds = () => fixed ?? Math.floor(300 + Math.random() * 300);
    this.watchdogGraceMs = options.watchdogGraceMs ?? 30_000;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
  }

  /**
   * Watches `path` from `resourceVersion`, calling `onEvent` for each event in order. Rejects when
   * the watch cannot start (connection refused, a non-2xx answer) or `onEvent` throws; resolves
   * when the stream ends for any other reason, so the caller re-watches from its last version.
   */
  async watch(
    path: string,
    target: RequestTarget,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<WatchEnd> {
    if (!(await this.paceStart(signal))) return 'stopped';
    const timeoutSeconds = this.timeoutSeconds();
    const query = new URLSearchParams({
      watch: 'true',
      resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(timeoutSeconds),
    });
    const watchdog = AbortSignal.timeout(timeoutSeconds * 1000 + this.watchdogGraceMs);
    const res = await this.client.stream(`${path}?${query}`, target, AbortSignal.any([signal, watchdog]));
    res.setEncoding('utf8');
    try {
      let rest = '';
      for await (const chunk of res) {
        const lines = (rest + (chunk as string)).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') onEvent(parseEvent(line));
      }
      if (rest.trim() !== '') onEvent(parseEvent(rest));
    } catch (err) {
      if (!isStreamFailure(err)) throw err;
      // A broken connection or the watchdog: the caller re-watches.
    } finally {
      res.destroy();
    }
    return signal.aborted ? 'stopped' : 'closed';
  }

  /** Waits out the minimum interval since the last start; false when the signal aborts first. */
  private async paceStart(signal: AbortSignal): Promise<boolean> {
    const wait = this.lastStart + this.minIntervalMs - Date.now();
    if (wait > 0) {
      try {
        await sleep(wait, undefined, { signal });
      } catch {
        return false;
      }
    }
    this.lastStart = Date.now();
    return !signal.aborted;
  }
}

/** Errors of the connection itself (reset, abort), as opposed to bad events or a throwing handler. */
function isStreamFailure(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | null;
  return e?.name === 'AbortError' || (typeof e?.code === 'string' && e.code !== '');
}

export class WatchDecodeError extends Error {
  override readonly name = 'WatchDecodeError';
}

function parseEvent(line: string): WatchEvent {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch (err) {
    throw new WatchDecodeError(`unable to decode watch event: ${(err as Error).message}`, { cause: err });
  }
  const e = event as { type?: unknown; object?: unknown } | null;
  if (typeof e?.type !== 'string' || typeof e.object !== 'object' || e.object === null) {
    throw new WatchDecodeError('unable to decode watch event: no type or object');
  }
  return e as WatchEvent;
}
