// Namespace lookups for admission (upstream admission/namespace.go): an informer-backed cache that
// falls back to a live GET on a miss, and a live-only getter.
import { setTimeout as sleep } from 'node:timers/promises';
import { NamespaceStore } from '../admission/namespace_store.js';
import type { Namespace, NamespaceGetter } from '../admission/ports.js';
import { nullLogger, type Logger } from '../webhook/log.js';
import { ApiError, type KubeClient } from './client.js';
import { Watcher, type WatchEvent, type WatchPacing } from './watch.js';

/** A getter that also reports whether its view of the cluster is complete (readiness). */
export interface SyncedNamespaceGetter extends NamespaceGetter {
  hasSynced(): boolean;
}

const namespacesPath = '/api/v1/namespaces';

/** Upstream NamespaceGetterFromClient: every lookup is a GET. */
export class LiveNamespaces implements NamespaceGetter {
  constructor(private readonly client: KubeClient) {}

  async getNamespace(name: string, ctx?: { readonly signal?: AbortSignal }): Promise<Namespace> {
    const path = `${namespacesPath}/${encodeURIComponent(name)}`;
    return (await this.client.get(path, { resource: 'namespaces', name }, ctx?.signal)) as Namespace;
  }
}

export interface NamespaceCacheOptions {
  readonly logger?: Logger;
  /** Delay before the first reconnect after an error, doubled on each failure up to maxBackoffMs. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly watch?: WatchPacing;
  /** Namespaces per list page; default 500, client-go's pager default. */
  readonly listPageSize?: number;
  /** Called after each list has replaced the cache (serve reclaims the list's memory there). */
  readonly afterList?: () => void;
}

/**
 * Upstream NamespaceGetterFromListerAndClient: a list+watch cache (client-go's reflector: list, then
 * watch from the list's resourceVersion, re-watch when a watch ends, relist on 410 Gone, back off
 * after errors), with a live GET when a name is missing from it (not yet synced, or created moments
 * ago). The cache holds only names and pod-security labels (NamespaceStore).
 */
export class NamespaceCache implements SyncedNamespaceGetter {
  private readonly logger: Logger;
  private readonly live: LiveNamespaces;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly watcher: Watcher;
  private readonly afterList: () => void;
  private readonly pageSize: number;
  private store = new NamespaceStore();
  private readonly stopping = new AbortController();
  private backoffMs: number;
  private running: Promise<void> | undefined;
  private synced = false;

  constructor(
    private readonly client: KubeClient,
    options: NamespaceCacheOptions = {},
  ) {
    this.logger = options.logger ?? nullLogger;
    this.live = new LiveNamespaces(client);
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.backoffMs = this.initialBackoffMs;
    this.watcher = new Watcher(client, options.watch);
    this.afterList = options.afterList ?? (() => undefined);
    this.pageSize = options.listPageSize ?? 500;
  }

  /** Starts listing and watching; returns at once. */
  start(): void {
    if (this.stopping.signal.aborted) throw new Error('namespace cache was stopped');
    this.running ??= this.run();
  }

  /** Stops listing and watching; resolves once no request is left open. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('namespace cache stopped'));
    await this.running;
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

  /** From the cache (name and pod-security labels, the label set shared), else a live GET. */
  async getNamespace(name: string, ctx?: { readonly signal?: AbortSignal }): Promise<Namespace> {
    return this.store.get(name) ?? this.live.getNamespace(name, ctx);
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) return;
        await this.backOff(err, signal);
      }
    }
  }

  /** One list, then watches from its resourceVersion until a watch fails to start or expires. */
  private async listAndWatch(signal: AbortSignal): Promise<void> {
    let rv = await this.list(signal);
    for (;;) {
      const next = await this.watchFrom(rv, signal);
      if (next === undefined) return;
      rv = next;
    }
  }

  /**
   * Lists every namespace in pages, as client-go's reflector does (resourceVersion=0 on the first
   * page, then continue tokens), into a fresh store that replaces the cache at the end: no page's
   * objects outlive it, so a 100 000-namespace relist never holds them all at once.
   */
  private async list(signal: AbortSignal): Promise<string> {
    const fresh = new NamespaceStore();
    let rv = '';
    let token = '';
    do {
      const query =
        token === ''
          ? `limit=${this.pageSize}&resourceVersion=0`
          : `limit=${this.pageSize}&continue=${encodeURIComponent(token)}`;
      const page = await this.client.get(`${namespacesPath}?${query}`, { resource: 'namespaces' }, signal);
      const meta = listItems(page, fresh);
      rv = meta.resourceVersion ?? rv;
      token = meta.continue ?? '';
    } while (token !== '');
    this.store = fresh;
    this.afterList();
    this.backoffMs = this.initialBackoffMs;
    if (!this.synced) {
      this.synced = true;
      this.logger.info('namespace cache synced', { namespaces: this.store.size });
    }
    return rv;
  }

  /** Applies one watch's events; returns the version to re-watch from, or undefined (410 Gone, stopped). */
  private async watchFrom(from: string, signal: AbortSignal): Promise<string | undefined> {
    let rv = from;
    let expired = false;
    const end = await this.watcher.watch(
      namespacesPath,
      { resource: 'namespaces' },
      rv,
      (event) => {
        this.backoffMs = this.initialBackoffMs;
        if (event.type === 'ERROR') {
          expired = isGone(event.object);
          if (!expired) throw statusError(event.object);
          return;
        }
        rv = event.object.metadata?.resourceVersion ?? rv;
        this.apply(event);
      },
      signal,
    );
    if (end === 'stopped') return undefined;
    if (expired) {
      this.logger.info('namespace watch expired, relisting', { resourceVersion: rv });
      return undefined;
    }
    return rv;
  }

  private apply(event: WatchEvent): void {
    const ns = event.object as Namespace;
    if (event.type === 'ADDED' || event.type === 'MODIFIED') this.store.set(ns);
    else if (event.type === 'DELETED') this.store.delete(ns.metadata?.name ?? '');
  }

  private async backOff(err: unknown, signal: AbortSignal): Promise<void> {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
    this.logger.warn('namespace list/watch failed, reconnecting', { error: err, retryInMs: delay });
    await sleep(delay, undefined, { signal }).catch(() => undefined);
  }
}

/** Adds a list page's items to `store`; returns its resourceVersion and continue token. */
function listItems(page: unknown, store: NamespaceStore): { resourceVersion?: string; continue?: string } {
  const list = page as {
    items?: unknown;
    metadata?: { resourceVersion?: unknown; continue?: unknown };
  } | null;
  if (!Array.isArray(list?.items)) throw new Error('namespace list response has no items');
  for (const item of list.items) store.set(item as Namespace);
  const { resourceVersion, continue: token } = list.metadata ?? {};
  return {
    ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}),
    ...(typeof token === 'string' ? { continue: token } : {}),
  };
}

function isGone(status: unknown): boolean {
  return (status as { code?: unknown } | null)?.code === 410;
}

function statusError(status: unknown): ApiError {
  const s = status as { message?: unknown; code?: unknown; reason?: unknown } | null;
  return new ApiError(
    typeof s?.message === 'string' ? s.message : 'watch error',
    typeof s?.code === 'number' ? s.code : 500,
    typeof s?.reason === 'string' ? s.reason : '',
  );
}
