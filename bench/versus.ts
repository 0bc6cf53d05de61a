// Side by side with upstream's Go webhook (`cmd/webhook`, built outside the repository and named by
// BENCH_UPSTREAM_WEBHOOK): both pinned to the server core, both reading namespaces from the same fake
// API server, the same body and the same wrk run against each in turn, several rounds.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeApiServer } from '../src/k8s/testing/fake-apiserver.js';
import { benchNamespace } from './inputs.js';
import {
  hasCommand,
  runWrk,
  startFloorServer,
  startServer,
  startUpstream,
  watchCore,
  type Server,
} from './procs.js';
import { emitRow, int, ms } from './table.js';
import { kubeConfigFor, lateSends, runFixedRate, stopServer, url, withSetup, type Setup } from './webhook.js';

const ratioTarget = 4;
const rounds = 3;
const seconds = 8;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function rate(
  s: Setup,
  server: Server,
  secs: number,
): Promise<{ rate: number; errors: number; cpu: number }> {
  const core = watchCore(server.pid);
  const r = await runWrk({ url: url(server), script: s.script, connections: 32, seconds: secs });
  return { rate: r.requests / r.seconds, errors: r.errors, cpu: core().cpu };
}

/** The fixed-rate run of section 3 against each server in turn: the tail beside Go's and the floor's. */
async function tails(s: Setup, servers: readonly (readonly [string, Server])[]): Promise<void> {
  const parts: string[] = [];
  for (const [name, server] of servers) {
    const r = await runFixedRate(s, server, 10);
    parts.push(`${name} p99 ${ms(r.p99Ms)} p999 ${ms(r.p999Ms)} (${r.errors} errors, ${lateSends(r)})`);
  }
  emitRow({
    section: '6 vs upstream',
    case: 'fixed 1000 reviews/s, 10 s each, as in section 3',
    result: parts.join('; '),
  });
}

async function versus(s: Setup, binary: string): Promise<void> {
  const api = new FakeApiServer();
  const base = await api.start();
  api.upsertNamespace(benchNamespace.metadata?.name ?? '', benchNamespace.metadata?.labels ?? {});
  const kubeconfig = join(s.dir, 'kubeconfig.json');
  writeFileSync(kubeconfig, JSON.stringify(kubeConfigFor(base)));
  const tls = ['--tls-cert-file', s.cert, '--tls-private-key-file', s.key];
  const go = await startUpstream(binary, ['--kubeconfig', kubeconfig, ...tls]);
  const floor = await startFloorServer(s.cert, s.key);
  const ts = await startServer({
    source: ['--kubeconfig', kubeconfig],
    cert: s.cert,
    key: s.key,
    readyMsg: 'namespace cache synced',
  });
  try {
    // Warm both (the JIT for this one), then alternate so that a neighbour's burst hits both alike.
    await rate(s, go, 3);
    await rate(s, ts, 3);
    await rate(s, floor, 3);
    const goRates: number[] = [];
    const tsRates: number[] = [];
    const floorRates: number[] = [];
    const ratios: number[] = [];
    let errors = 0;
    for (let i = 0; i < rounds; i++) {
      const g = await rate(s, go, seconds);
      const t = await rate(s, ts, seconds);
      const f = await rate(s, floor, seconds);
      goRates.push(g.rate);
      tsRates.push(t.rate);
      floorRates.push(f.rate);
      ratios.push(t.rate / g.rate);
      errors += g.errors + t.errors;
    }
    const ratio = median(ratios);
    const floorRate = median(floorRates);
    emitRow({
      section: '6 vs upstream',
      case: 'the Node floor: bare node:https, JSON.parse of the body, a fixed answer',
      result: `${int(floorRate)} reviews/s: ${(floorRate / median(goRates)).toFixed(2)}× upstream; serve reaches ${((100 * median(tsRates)) / floorRate).toFixed(0)}% of it`,
    });
    emitRow({
      section: '6 vs upstream',
      case: `saturation, one core each, wrk 32 conns, ${rounds} × ${seconds} s alternating`,
      result: `upstream Go ${int(median(goRates))} reviews/s, this ${int(median(tsRates))}/s: ${ratio.toFixed(2)}× (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}); ${errors} errors`,
      target: `≥ ${ratioTarget}× upstream`,
      ok: ratio >= ratioTarget && errors === 0,
    });
    await tails(s, [
      ['upstream Go', go],
      ['the floor', floor],
      ['this', ts],
    ]);
  } finally {
    await stopServer('6 vs upstream', 'upstream webhook', go);
    await stopServer('6 vs upstream', 'serve', ts);
    await stopServer('6 vs upstream', 'floor server', floor);
    await api.stop();
  }
}

export async function versusFigures(): Promise<void> {
  const binary = process.env['BENCH_UPSTREAM_WEBHOOK'] ?? '';
  if (binary === '' || !existsSync(binary) || !hasCommand('wrk')) {
    emitRow({
      section: '6 vs upstream',
      case: 'saturation against upstream Go',
      result:
        'skipped: set BENCH_UPSTREAM_WEBHOOK to a built cmd/webhook binary (bench/README.md), and install wrk',
    });
    return;
  }
  await withSetup('6 vs upstream', (s) => versus(s, binary));
}
