// `serve --workers N`: a node:cluster supervisor that forks N webhook workers sharing one listening
// socket, restarts a dead worker with backoff, aggregates /metrics and readiness, and drains every
// worker on SIGTERM; plus the worker's side of that channel.
import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { AggregatorRegistry, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from '../webhook/log.js';

/** Messages between the supervisor and its workers; `psa` names the kind. */
type WorkerMessage =
  { psa: 'listening'; port: number } | { psa: 'ready'; ready: boolean } | { psa: 'metrics'; id: number };
type SupervisorMessage =
  { psa: 'cluster-ready'; ready: boolean } | { psa: 'metrics'; id: number; body?: string; error?: string };

/** The environment variable that tells a forked worker its slot (1..N). */
export const workerSlotEnv = 'PSA_EPHEMERAL_WORKER';

/**
 * The cores this process may use: the CPU affinity (os.availableParallelism) capped by a cgroup v2 CPU
 * quota (`cpu.max`, e.g. a container's CPU limit), at least 1.
 */
export function defaultWorkerCount(cpuMax = readCgroupCpuMax()): number {
  const cores = availableParallelism();
  const quota = cgroupCores(cpuMax);
  return Math.max(1, quota === undefined ? cores : Math.min(cores, quota));
}

function readCgroupCpuMax(): string | undefined {
  try {
    return readFileSync('/sys/fs/cgroup/cpu.max', 'utf8');
  } catch {
    return undefined;
  }
}

/** "150000 100000" → 2 (rounded up); "max 100000" or anything unreadable → undefined. */
export function cgroupCores(cpuMax: string | undefined): number | undefined {
  const [quota, period] = (cpuMax ?? '').trim().split(/\s+/).map(Number);
  if (quota === undefined || period === undefined || !(quota > 0) || !(period > 0)) return undefined;
  return Math.ceil(quota / period);
}

export interface BackoffOptions {
  /** Delay before the first restart of a worker that crashed (doubled for each crash in a row). */
  readonly initialMs: number;
  readonly maxMs: number;
}

export const defaultBackoff: BackoffOptions = Object.freeze({ initialMs: 100, maxMs: 30_000 });

/** The delay before restarting a worker that has crashed `crashes` times in a row without getting ready. */
export function restartDelayMs(crashes: number, b: BackoffOptions = defaultBackoff): number {
  return Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, crashes - 1));
}

export interface SupervisorOptions {
  readonly workers: number;
  /** The worker's command line after the script (`serve ...`). */
  readonly args: readonly string[];
  readonly logger: Logger;
  /** Fields for the "serving" line once every worker listens. */
  readonly serving: Readonly<Record<string, unknown>>;
  /** How long workers may drain on SIGTERM; they are killed 5 s after that. */
  readonly graceMs: number;
  readonly backoff?: BackoffOptions;
}

interface Slot {
  readonly id: number;
  worker: Worker | undefined;
  listening: boolean;
  ready: boolean;
  /** Crashes since the worker in this slot was last ready. */
  crashes: number;
  restart: NodeJS.Timeout | undefined;
}

/**
 * Runs the supervisor until SIGTERM/SIGINT (0) or until a worker fails before the first "serving" (1):
 * a worker that cannot start (port in use, unreadable certificate) would fail the same way again.
 */
export async function runSupervisor(o: SupervisorOptions): Promise<number> {
  return new Supervisor(o).run();
}

class Supervisor {
  private readonly slots: Slot[];
  private readonly log: Logger;
  private readonly aggregator = new AggregatorRegistry();
  private readonly own = new Registry();
  private readonly restarts: Counter<'worker'>;
  private readonly up: Gauge;
  private serving = false;
  private port: number | undefined;
  private clusterReady = false;
  private stopping = false;
  private exitCode = 0;
  private finish: ((code: number) => void) | undefined;

  constructor(private readonly o: SupervisorOptions) {
    this.log = o.logger.child({ component: 'supervisor' });
    this.slots = Array.from({ length: o.workers }, (_, i) => ({
      id: i + 1,
      worker: undefined,
      listening: false,
      ready: false,
      crashes: 0,
      restart: undefined,
    }));
    this.restarts = new Counter({
      name: 'psa_ephemeral_worker_restarts_total',
      help: 'Number of webhook worker processes restarted after they exited unexpectedly.',
      labelNames: ['worker'],
      registers: [this.own],
    });
    this.up = new Gauge({
      name: 'psa_ephemeral_workers_ready',
      help: 'Number of webhook worker processes that are listening and ready.',
      registers: [this.own],
    });
  }

  run(): Promise<number> {
    cluster.setupPrimary({ args: [...this.o.args] });
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    process.once('SIGTERM', () => void this.stop('SIGTERM', 0));
    process.once('SIGINT', () => void this.stop('SIGINT', 0));
    this.log.info('starting workers', { workers: this.o.workers });
    for (const slot of this.slots) this.fork(slot);
    return done;
  }

  private fork(slot: Slot): void {
    slot.restart = undefined;
    slot.listening = false;
    slot.ready = false;
    const worker = cluster.fork({ [workerSlotEnv]: String(slot.id) });
    slot.worker = worker;
    this.log.info('worker started', { worker: slot.id, pid: worker.process.pid });
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, worker, m));
    worker.once('exit', (code, signal) => this.onExit(slot, worker, code, signal));
  }

  private onMessage(slot: Slot, worker: Worker, m: WorkerMessage): void {
    if (slot.worker !== worker || typeof m !== 'object' || m === null) return;
    if (m.psa === 'listening') {
      slot.listening = true;
      this.port = m.port;
      if (!this.serving && this.slots.every((s) => s.listening)) {
        this.serving = true;
        this.log.info('serving', { ...this.o.serving, port: m.port, workers: this.o.workers });
      }
    } else if (m.psa === 'ready') {
      slot.ready = m.ready;
      if (m.ready) slot.crashes = 0;
    } else if (m.psa === 'metrics') {
      void this.metrics().then(
        (body) => send(worker, { psa: 'metrics', id: m.id, body }),
        (err: unknown) => send(worker, { psa: 'metrics', id: m.id, error: String(err) }),
      );
      return;
    }
    this.updateReadiness();
  }

  private async metrics(): Promise<string> {
    const [workers, own] = await Promise.all([this.aggregator.clusterMetrics(), this.own.metrics()]);
    return `${workers}${own}`;
  }

  private updateReadiness(): void {
    const ready = this.slots.filter((s) => s.listening && s.ready).length;
    this.up.set(ready);
    const all = ready === this.slots.length;
    if (all === this.clusterReady) return;
    this.clusterReady = all;
    if (all) this.log.info('workers ready', { workers: this.slots.length });
    else this.log.warn('not every worker is ready', { ready, workers: this.slots.length });
    for (const s of this.slots)
      if (s.worker?.isConnected()) send(s.worker, { psa: 'cluster-ready', ready: all });
  }

  private onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    slot.listening = false;
    slot.ready = false;
    if (this.stopping) {
      this.log.info('worker stopped', { worker: slot.id, pid: worker.process.pid, code, signal });
      if (this.slots.every((s) => s.worker === undefined)) this.finish?.(this.exitCode);
      return;
    }
    if (!this.serving) {
      this.log.error('worker exited before serving; stopping', { worker: slot.id, code, signal });
      void this.stop('worker failed to start', 1);
      return;
    }
    slot.crashes++;
    const delayMs = restartDelayMs(slot.crashes, this.o.backoff);
    this.log.error('worker exited unexpectedly; restarting', {
      worker: slot.id,
      pid: worker.process.pid,
      code,
      signal,
      crashesInARow: slot.crashes,
      restartInMs: delayMs,
    });
    this.restarts.inc({ worker: String(slot.id) });
    this.updateReadiness();
    slot.restart = setTimeout(() => this.fork(slot), delayMs);
  }

  /** Stops restarting, sends SIGTERM to every worker, kills any still running after the grace period. */
  private stop(reason: string, code: number): void {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = code;
    this.log.info('shutting down', { signal: reason, port: this.port });
    for (const s of this.slots) clearTimeout(s.restart);
    const live = this.slots.filter((s) => s.worker !== undefined);
    if (live.length === 0) return void this.finish?.(code);
    for (const s of live) s.worker?.process.kill('SIGTERM');
    setTimeout(() => {
      for (const s of this.slots) {
        if (s.worker === undefined) continue;
        this.log.warn('worker did not stop in time; killing', { worker: s.id, pid: s.worker.process.pid });
        s.worker.process.kill('SIGKILL');
      }
    }, this.o.graceMs + 5000).unref();
  }
}

function send(worker: Worker, m: SupervisorMessage): void {
  if (worker.isConnected()) worker.send(m);
}

/** What a worker's server needs from the supervisor. */
export interface WorkerChannel {
  /** The slot (1..N) this worker runs in. */
  readonly slot: number;
  /** /metrics summed over every worker (prom-client's AggregatorRegistry), plus the supervisor's own. */
  readonly metrics: { readonly contentType: string; metrics(): Promise<string> };
  listening(port: number): void;
  /** Reports this worker's own readiness when it changes. */
  reportReady(ready: boolean): void;
  /** Whether every worker is listening and ready, as the supervisor last said. */
  clusterReady(): boolean;
}

/** prom-client gives each worker 5 s to answer; the supervisor answers within that. */
const metricsTimeoutMs = 10_000;

/** The worker's side: `registry` is what this worker contributes to the aggregated /metrics. */
export function workerChannel(registry: Registry): WorkerChannel {
  AggregatorRegistry.setRegistries([registry]);
  // The constructor installs prom-client's listener that answers the supervisor's metrics requests.
  new AggregatorRegistry();
  let ready = false;
  let reported: boolean | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  process.on('message', (m: SupervisorMessage) => {
    if (typeof m !== 'object' || m === null) return;
    if (m.psa === 'cluster-ready') ready = m.ready;
    if (m.psa !== 'metrics') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.body !== undefined) p?.resolve(m.body);
    else p?.reject(new Error(m.error ?? 'no metrics'));
  });
  const toSupervisor = (m: WorkerMessage) => process.send?.(m);
  return {
    slot: Number(process.env[workerSlotEnv] ?? 0),
    metrics: {
      contentType: registry.contentType,
      metrics: () =>
        new Promise<string>((resolve, reject) => {
          const id = nextId++;
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error('the supervisor did not send the metrics in time'));
          }, metricsTimeoutMs);
          const settle =
            <T>(f: (v: T) => void) =>
            (v: T) => {
              clearTimeout(timer);
              f(v);
            };
          pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
          toSupervisor({ psa: 'metrics', id });
        }),
    },
    listening: (port) => toSupervisor({ psa: 'listening', port }),
    reportReady: (r) => {
      if (r === reported) return;
      reported = r;
      toSupervisor({ psa: 'ready', ready: r });
    },
    clusterReady: () => ready,
  };
}

/** True in a process forked by the supervisor. */
export function isWorkerProcess(): boolean {
  return cluster.isWorker && process.env[workerSlotEnv] !== undefined;
}
