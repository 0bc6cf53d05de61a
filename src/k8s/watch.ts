// A wrapper around client-node's Watch for informers: server-side watch timeouts as client-go's
// reflector sets them, a client-side watchdog for silently dead connections, and a minimum interval
// between watch starts so a server that keeps closing watches does not cause a hot loop.
import type { KubeConfig, Watch } from '@kubernetes/client-node';

export interface WatchPacing {
  /** Server-side timeout of each watch; default a random 5-10 minutes, as client-go does. */
  readonly timeoutSeconds?: number;
  /** Abort a watch that outlives its timeout by this much (connection lost without a FIN). */
  readonly watchdogGraceMs?: number;
  /** Minimum time between two watch starts. */
  readonly minIntervalMs?: number;
}

type WatchCallback = Parameters<Watch['watch']>[2];
type DoneCallback = Parameters<Watch['watch']>[3];
type QueryParams = Parameters<Watch['watch']>[1];

export class PacedWatch {
  readonly config: KubeConfig;
  private readonly timeoutSeconds: () => number;
  private readonly watchdogGraceMs: number;
  private readonly minIntervalMs: number;
  private readonly onActivity: () => void;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private closed = false;

  constructor(
    private readonly inner: Watch,
    options: WatchPacing & { onActivity?: () => void } = {},
  ) {
    this.config = inner.config;
    const fixed = options.timeoutSeconds;
    this.timeoutSeconds = () => fixed ?? Math.floor(300 + Math.random() * 300);
    this.watchdogGraceMs = options.watchdogGraceMs ?? 30_000;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.onActivity = options.onActivity ?? (() => undefined);
  }

  async watch(
    path: string,
    params: QueryParams,
    callback: WatchCallback,
    done: DoneCallback,
  ): Promise<AbortController> {
    await this.paceStart();
    if (this.closed) {
      const idle = new AbortController();
      idle.abort();
      return idle;
    }
    const timeoutSeconds = this.timeoutSeconds();
    let watchdog: NodeJS.Timeout | undefined;
    const controller = await this.inner.watch(
      path,
      { ...params, timeoutSeconds, allowWatchBookmarks: true },
      (phase, obj, raw) => {
        this.onActivity();
        callback(phase, obj, raw);
      },
      (err) => {
        clearTimeout(watchdog);
        done(err);
      },
    );
    if (!controller.signal.aborted) {
      watchdog = setTimeout(() => controller.abort(), timeoutSeconds * 1000 + this.watchdogGraceMs);
      watchdog.unref();
      controller.signal.addEventListener('abort', () => clearTimeout(watchdog), { once: true });
    }
    return controller;
  }

  /** Stops pacing waits; later watch() calls return an aborted controller without connecting. */
  close(): void {
    this.closed = true;
    if (this.pause !== undefined) {
      clearTimeout(this.pause.timer);
      this.pause.resolve();
    }
  }

  private async paceStart(): Promise<void> {
    const wait = this.lastStart + this.minIntervalMs - Date.now();
    if (wait > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        this.pause = { timer: setTimeout(resolve, wait), resolve };
      });
      this.pause = undefined;
    }
    this.lastStart = Date.now();
  }
}
