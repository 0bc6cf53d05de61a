// `serve --workers N`: saturation with 1 worker on one core, 2 workers on that same core (what the
// supervisor costs) and 2 workers on both cores (the scaling; on a 2-core machine the load generator
// shares the second core), and the resident memory of each process at 100 000 namespaces.
import { cpus } from 'node:os';
import { childPids, hasCommand, memory, runWrk, startServer, watchCore, type Server } from './procs.js';
import { emitRow, int, mib } from './table.js';
import { namespacesFile, stopServer, url, withSetup, type Setup } from './webhook.js';

const seconds = 8;
const scalingTarget = 1.8;
const rssTargetMiB = 150;

async function saturate(s: Setup, server: Server, secs: number) {
  const core = watchCore(server.pid);
  const r = await runWrk({ url: url(server), script: s.script, connections: 32, seconds: secs });
  return { rate: r.requests / r.seconds, errors: r.errors, p99Ms: r.p99Ms, cpu: core().cpu };
}

/** Saturation of a server with `workers` on `cores`, after a 3 s warm-up. */
async function measureWorkers(s: Setup, workers: number, cores: string) {
  const server = await startServer({
    source: ['--namespaces', namespacesFile(s, 1)],
    cert: s.cert,
    key: s.key,
    workers,
    cores,
  });
  try {
    await saturate(s, server, 3);
    return await saturate(s, server, seconds);
  } finally {
    await stopServer('7 workers', `serve --workers ${workers}`, server);
  }
}

async function scaling(s: Setup): Promise<void> {
  if (!hasCommand('wrk')) {
    emitRow({ section: '7 workers', case: 'saturation', result: 'skipped: wrk not installed' });
    return;
  }
  const one = await measureWorkers(s, 1, '0');
  const twoOnOne = await measureWorkers(s, 2, '0');
  const two = await measureWorkers(s, 2, '0,1');
  const row = (name: string, r: typeof one) =>
    emitRow({
      section: '7 workers',
      case: name,
      result: `${int(r.rate)} reviews/s, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors; server CPU ${Math.round(r.cpu * 100)}%`,
    });
  row('1 worker, core 0 (wrk on core 1)', one);
  row('2 workers, both on core 0 (wrk on core 1)', twoOnOne);
  row('2 workers, cores 0-1 (wrk on core 1 too)', two);
  emitRow({
    section: '7 workers',
    case: 'supervisor cost on one core: 2 workers on core 0 / 1 worker',
    result: `${(twoOnOne.rate / one.rate).toFixed(2)}×`,
  });
  const ratio = two.rate / one.rate;
  const enoughCores = cpus().length >= 3;
  emitRow({
    section: '7 workers',
    case: `scaling 1 → 2 workers${enoughCores ? '' : ' (2 cores: the load generator takes part of the second)'}`,
    result: `${ratio.toFixed(2)}×`,
    target: `≥ ${scalingTarget}× with a core free for the load`,
    ...(enoughCores ? { ok: ratio >= scalingTarget } : {}),
  });
}

/** RSS of the supervisor and of each worker holding 100 000 namespaces, once ready and after load. */
async function memoryPerWorker(s: Setup): Promise<void> {
  const server = await startServer({
    source: ['--namespaces', namespacesFile(s, 100_000)],
    cert: s.cert,
    key: s.key,
    workers: 2,
    cores: '0,1',
  });
  try {
    const workers = childPids(server.pid);
    const idle = workers.map((pid) => memory(pid).rss);
    const supervisor = memory(server.pid).rss;
    if (hasCommand('wrk')) await saturate(s, server, 5);
    const peaks = workers.map((pid) => memory(pid).peak);
    const worst = Math.max(...peaks, ...idle);
    emitRow({
      section: '7 workers',
      case: 'memory, 2 workers × 100,000 namespaces (--namespaces file, one cache per worker)',
      result: `supervisor RSS ${mib(supervisor)}; workers idle ${idle.map(mib).join(', ')}; after 5 s saturation peak ${peaks.map(mib).join(', ')}`,
      target: `≤ ${rssTargetMiB} MiB per worker`,
      ok: workers.length === 2 && worst <= rssTargetMiB * 1024 * 1024,
    });
  } finally {
    await stopServer('7 workers', 'serve --workers 2, 100 000 namespaces', server);
  }
}

export const workersFigures = () =>
  withSetup('7 workers', async (s) => {
    await scaling(s);
    await memoryPerWorker(s);
  });
