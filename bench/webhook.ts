// Figures 3 and 5c: the real `serve` process over HTTPS on loopback, pinned to core 0, driven from
// core 1 with keep-alive connections: wrk at saturation and at a fixed 1000 reviews/s;
// and the same server holding 100 000 namespaces, from a --namespaces file or from its informer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiServer } from '../src/k8s/testing/fake-apiserver.js';
import { generateSelfSigned } from '../src/webhook/selfsigned.js';
import { benchNamespaces } from './pods.js';
import { benchNamespace, readReviewBody } from './inputs.js';
import {
  coreUse,
  hasCommand,
  memory,
  runWrk,
  startServer,
  watchCore,
  wrkScript,
  type Server,
  type WrkResult,
} from './procs.js';
import { describeGc, gcWindow, scrapeGc } from './gc.js';
import { emitRow, int, mib, ms } from './table.js';

const expect = '"allowed":true';
const saturationTarget = 5000;
const p99TargetMs = 3;
const p999TargetMs = 6;
const rssTargetMiB = 150;

export interface Setup {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly body: string;
  readonly script: string;
  /** The same at a fixed rate of `fixedRate` reviews/s. */
  readonly fixedScript: string;
}

const fixedRate = 1000;

async function setUp(body: string): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'psa-bench-'));
  const certs = await generateSelfSigned(join(dir, 'certs'));
  const bodyFile = join(dir, 'review.json');
  writeFileSync(bodyFile, body);
  const script = join(dir, 'post.lua');
  writeFileSync(script, wrkScript(bodyFile, expect));
  const fixedScript = join(dir, 'post-fixed.lua');
  writeFileSync(fixedScript, wrkScript(bodyFile, expect, fixedRate));
  return {
    dir,
    cert: certs.certFile,
    key: certs.keyFile,
    ca: certs.caFile,
    body: bodyFile,
    script,
    fixedScript,
  };
}

export function namespacesFile(s: Setup, count: number): string {
  const file = join(s.dir, `namespaces-${count}.json`);
  // The recorded reviews' namespace, "bench", and count - 1 others.
  const items = [benchNamespace, ...benchNamespaces(count - 1, 'baseline')];
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return file;
}

/** Stops the server; a server that needs SIGKILL gets a row of its own. */
export async function stopServer(section: string, what: string, server: Server): Promise<void> {
  if (await server.stop()) return;
  emitRow({ section, case: `${what}: shutdown`, result: 'did not exit within 5 s of SIGTERM (killed)' });
}

export const url = (server: { port: number }) => `https://127.0.0.1:${server.port}/validate`;

/** Saturation with wrk: 32 connections, as the reference figures for the Go webhook were taken. */
async function saturation(s: Setup, server: Server, seconds: number): Promise<void> {
  if (!hasCommand('wrk')) {
    emitRow({ section: '3 webhook', case: 'saturation', result: 'skipped: wrk not installed' });
    return;
  }
  const core = watchCore(server.pid);
  const r = await runWrk({ url: url(server), script: s.script, connections: 32, seconds });
  const use = core();
  const rate = r.requests / r.seconds;
  emitRow({
    section: '3 webhook',
    case: `saturation, wrk 32 conns, ${seconds} s`,
    result: `${int(rate)} reviews/s, p50 ${ms(r.p50Ms)} p99 ${ms(r.p99Ms)} p999 ${ms(r.p999Ms)}; ${coreUse(use)}`,
    target: `≥ ${int(saturationTarget)}/s`,
    ok: rate >= saturationTarget,
  });
  emitRow({
    section: '3 webhook',
    case: 'saturation errors',
    result: `${r.errors} of ${int(r.requests)}`,
    target: '0',
    ok: r.errors === 0,
  });
}

/** wrk at `fixedRate` reviews/s over 16 connections (README section 3). */
export function runFixedRate(s: Setup, server: Server, seconds: number): Promise<WrkResult> {
  return runWrk({ url: url(server), script: s.fixedScript, connections: 16, seconds });
}

/** The schedule held: at most one send in a thousand left more than 1 ms after its slot. */
const onSchedule = (r: WrkResult) => r.late <= r.requests / 1000;

export const lateSends = (r: WrkResult) =>
  `late sends ${r.late}${r.late > 0 ? ` (latest ${ms(r.lateMaxMs)})` : ''}`;

async function fixedRateFigures(s: Setup, server: Server, seconds: number): Promise<void> {
  const gc0 = await scrapeGc(server.port);
  const core = watchCore(server.pid);
  const r = await runFixedRate(s, server, seconds);
  const use = core();
  const gc1 = await scrapeGc(server.port);
  emitRow({
    section: '3 webhook',
    case: `fixed ${int(fixedRate)} reviews/s, ${seconds} s, 16 conns`,
    result: `p50 ${ms(r.p50Ms)} p99 ${ms(r.p99Ms)} p999 ${ms(r.p999Ms)} max ${ms(r.maxMs)}, ${int(r.requests / r.seconds)}/s done, ${lateSends(r)}; ${coreUse(use)}`,
    target: `p99 ≤ ${p99TargetMs} ms, p999 ≤ ${p999TargetMs} ms, on schedule`,
    ok: r.p99Ms <= p99TargetMs && r.p999Ms <= p999TargetMs && onSchedule(r),
  });
  emitRow({
    section: '3 webhook',
    case: 'GC pauses in the server during the fixed-rate run',
    result: describeGc(gc0 && gc1 ? gcWindow(gc0, gc1) : undefined),
  });
  emitRow({
    section: '3 webhook',
    case: 'fixed-rate errors',
    result: `${r.errors} of ${int(r.requests)}`,
    target: '0',
    ok: r.errors === 0,
  });
}

/** Figure 3 on a server with one namespace, warmed up by 3 s of saturation. */
async function webhookFigures(s: Setup): Promise<void> {
  const server = await startServer({
    source: ['--namespaces', namespacesFile(s, 1)],
    cert: s.cert,
    key: s.key,
  });
  try {
    const idle = memory(server.pid);
    if (!hasCommand('wrk')) {
      emitRow({
        section: '3 webhook',
        case: 'fixed rate and saturation',
        result: 'skipped: wrk not installed',
      });
    } else {
      await runWrk({ url: url(server), script: s.script, connections: 32, seconds: 3 });
      await fixedRateFigures(s, server, 10);
      await saturation(s, server, 10);
    }
    const m = memory(server.pid);
    emitRow({
      section: '3 webhook',
      case: 'server memory, 1 namespace',
      result: `RSS idle ${mib(idle.rss)}, peak (VmHWM) ${mib(m.peak)}`,
    });
  } finally {
    await stopServer('3 webhook', 'serve, 1 namespace', server);
  }
}

const cachedNamespaces = 100_000;

/** Figure 5c: memory of a server holding 100 000 namespaces, once ready and after load. */
async function memoryUnderLoad(s: Setup, source: string, server: Server): Promise<void> {
  const target = { target: `≤ ${rssTargetMiB} MiB` };
  const within = (bytes: number) => bytes <= rssTargetMiB * 1024 * 1024;
  const idle = memory(server.pid);
  emitRow({
    section: '5 scaling',
    case: `serve, ${int(cachedNamespaces)} namespaces (${source}), idle`,
    result: `ready in ${ms(server.startMs)}, RSS ${mib(idle.rss)}`,
    ...target,
    ok: within(idle.rss),
  });
  if (!hasCommand('wrk')) {
    emitRow({
      section: '5 scaling',
      case: `serve, ${int(cachedNamespaces)} namespaces (${source}), loaded`,
      result: 'skipped: wrk not installed',
    });
    return;
  }
  // A fresh process: 3 s at the same rate first, so that JIT warm-up does not count as latency.
  await runFixedRate(s, server, 3);
  const core = watchCore(server.pid);
  const r = await runFixedRate(s, server, 10);
  const use = core();
  const atRate = memory(server.pid);
  const sat = await runWrk({ url: url(server), script: s.script, connections: 32, seconds: 5 });
  const satRate = `${int(sat.requests / sat.seconds)}/s`;
  const m = memory(server.pid);
  emitRow({
    section: '5 scaling',
    case: `serve, ${int(cachedNamespaces)} namespaces (${source}), loaded`,
    result: `3 + 10 s at ${int(fixedRate)}/s (p99 ${ms(r.p99Ms)}, ${r.errors} errors, ${lateSends(r)}; ${coreUse(use)}): RSS ${mib(atRate.rss)}; then 5 s saturation (${satRate}): peak ${mib(m.peak)}`,
    ...target,
    ok: within(m.peak),
  });
}

async function staticMemoryFigures(s: Setup): Promise<void> {
  const file = namespacesFile(s, cachedNamespaces);
  const server = await startServer({ source: ['--namespaces', file], cert: s.cert, key: s.key });
  try {
    await memoryUnderLoad(s, '--namespaces file', server);
  } finally {
    await stopServer('5 scaling', 'serve --namespaces file', server);
  }
}

/** The same in cluster mode: the namespace informer lists them from a fake API server. */
async function clusterMemoryFigures(s: Setup): Promise<void> {
  const api = new FakeApiServer();
  const base = await api.start();
  for (const ns of [benchNamespace, ...benchNamespaces(cachedNamespaces - 1, 'baseline')]) {
    api.upsertNamespace(ns.metadata?.name ?? '', ns.metadata?.labels ?? {});
  }
  const kubeconfig = join(s.dir, 'kubeconfig.json');
  writeFileSync(kubeconfig, JSON.stringify(kubeConfigFor(base)));
  try {
    const server = await startServer({
      source: ['--kubeconfig', kubeconfig],
      cert: s.cert,
      key: s.key,
      readyMsg: 'namespace cache synced',
    });
    try {
      await memoryUnderLoad(s, 'informer', server);
    } finally {
      await stopServer('5 scaling', 'serve with the informer', server);
    }
  } finally {
    await api.stop();
  }
}

export function kubeConfigFor(server: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake', user: { token: 'fake-token' } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
    'current-context': 'fake',
  };
}

/** Runs the figures with certificates, the body and the wrk script in a temporary directory. */
export async function withSetup(section: string, figures: (s: Setup) => Promise<void>): Promise<void> {
  const body = readReviewBody('web-restricted.review.json');
  if (body === undefined) {
    emitRow({ section, case: 'web-restricted', result: 'skipped: review not found' });
    return;
  }
  const s = await setUp(body);
  try {
    await figures(s);
  } finally {
    rmSync(s.dir, { recursive: true, force: true });
  }
}

export const serverFigures = () => withSetup('3 webhook', webhookFigures);
export const serverMemoryFigures = () => withSetup('5 scaling', staticMemoryFigures);
export const clusterServerMemoryFigures = () => withSetup('5 scaling', clusterMemoryFigures);
