// Namespace lookups for admission (upstream admission/namespace.go): an informer-backed cache that
// falls back to a live GET on a miss, and a live-only getter.
import { ListWatch, Watch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { Namespace, NamespaceGetter } from '../admission/ports.js';
import { nullLogger, type Logger } from '../webhook/log.js';
import type { KubeClient } from './client.js';
import { PacedWatch, type WatchPacing } from './watch.js';

/** A getter that also reports whether its view of the cluster is complete (readiness). */
export interface SyncedNamespaceGetter extends NamespaceGetter {
  hasSynced(): boolean;
}

const namespacesPath = '/api/v1/namespaces';

/** Upstream NamespaceGetterFromClient: every lookup is a GET. */
export class LiveNamespaces implements NamespaceGetter {
  constructor(private readonly client: KubeClient) {}

  async getNamespace(name: string, signal?: AbortSignal): Promise<Namespace> {
    const path = `${namespacesPath}/${encodeURIComponent(name)}`;
    return (await this.client.get(path, { resource: 'namespaces', name }, signal)) as Namespace;
  }
}

export interface NamespaceCacheOptions {
  readonly logger?: Logger;
  /** Delay before the first reconnect after an error, doubled on each failure up to maxBackoffMs. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly watch?: WatchPacing;
}

/**
 * Upstream NamespaceGetterFromListerAndClient: a list+watch cache, with a live GET when a name is
 * missing from it (not yet synced, or created moments ago). Reconnects after errors with backoff.
 */
export class NamespaceCache implements SyncedNamespaceGetter {
  private readonly logger: Logger;
  private readonly live: LiveNamespaces;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly paced: PacedWatch;
  private readonly informer: ListWatch<KubernetesObject>;
  private readonly lists = new AbortController();
  private backoffMs: number;
  private retry: NodeJS.Timeout | undefined;
  private synced = false;
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    options: NamespaceCacheOptions = {},
  ) {
    this.logger = options.logger ?? nullLogger;
    this.live = new LiveNamespaces(client);
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.backoffMs = this.initialBackoffMs;
    this.paced = new PacedWatch(new Watch(client.kubeConfig), {
      ...options.watch,
      onActivity: () => (this.backoffMs = this.initialBackoffMs),
    });
    this.informer = new ListWatch(namespacesPath, this.paced as unknown as Watch, () => this.list(), false);
    this.informer.on('error', (err: unknown) => this.onError(err));
  }

  /** Starts listing and watching; returns at once. */
  start(): void {
    if (this.stopped) throw new Error('namespace cache was stopped');
    this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.lists.abort(new Error('namespace cache stopped'));
    this.paced.close();
    await this.informer.stop();
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects with the signal's reason if it aborts first. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    while (!this.synced) {
      if (signal?.aborted === true) throw signal.reason as Error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Returns the cached object itself, as upstream's lister does: admission only reads it. */
  async getNamespace(name: string, signal?: AbortSignal): Promise<Namespace> {
    const cached = this.informer.get(name);
    if (cached !== undefined) return cached as Namespace;
    return this.live.getNamespace(name, signal);
  }

  private run(): void {
    this.informer.start().catch((err: unknown) => this.onError(err));
  }

  private async list(): Promise<KubernetesListObject<KubernetesObject>> {
    const body = await this.client.get(namespacesPath, { resource: 'namespaces' }, this.lists.signal);
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) {
      throw new Error('namespace list response has no items');
    }
    const list = body as KubernetesListObject<KubernetesObject>;
    this.backoffMs = this.initialBackoffMs;
    if (!this.synced) {
      // ListWatch stores the items right after this promise resolves; mark synced after that.
      setImmediate(() => {
        if (this.synced || this.stopped) return;
        this.synced = true;
        this.logger.info('namespace cache synced', { namespaces: list.items.length });
      });
    }
    return list;
  }

  private onError(err: unknown): void {
    if (this.stopped) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
    this.logger.warn('namespace list/watch failed, reconnecting', { error: err, retryInMs: delay });
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.stopped) this.run();
    }, delay);
    this.retry.unref();
  }
}
