// `make soak`: mixed traffic at a fixed rate (allowed, denied, warned, ephemeral, controller and
// malformed requests) against a built `serve` with static namespaces over TLS, with the serving
// certificate rotated on disk half way. Fails on any unexpected answer, a rotation that is not served,
// resident memory that grows, or an unclean exit; prints the numbers SECURITY.md records.
import { copyFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startServe, type ServeProcess } from './lib/serve-process.js';
import {
  checkReview,
  expectations,
  malformedRequests,
  reviewBody,
  send,
  trafficNamespaces,
  type Reply,
  type ReviewCase,
} from './lib/serve-traffic.js';
import { generateSelfSigned, type SelfSignedFiles } from '../src/webhook/selfsigned.js';

export interface SoakOptions {
  readonly durationS: number;
  /** Requests per second, sent open-loop: a slow server does not slow the sender. */
  readonly rate: number;
  /** When to swap the certificate files; default half way. */
  readonly rotateAtS?: number;
  /** Seconds of traffic before the "start" memory sample. */
  readonly warmupS?: number;
  /** Allowed growth of resident memory from the start sample to the end, as a fraction. */
  readonly maxRssGrowth?: number;
  /** Allowed growth of the live heap (after a full GC) from the start to the end, in MiB. */
  readonly maxHeapGrowthMiB?: number;
  readonly log?: (line: string) => void;
}

export interface SoakResult {
  readonly durationS: number;
  readonly rate: number;
  readonly sent: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly unexpected: number;
  readonly problems: readonly string[];
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly rotation: { readonly atS: number; readonly servedAfterMs: number | undefined };
  readonly rssMiB: {
    readonly launch: number;
    readonly start: number;
    readonly end: number;
    readonly max: number;
  };
  /** The live heap after a full GC, at the start sample and at the end. */
  readonly liveHeapMiB: { readonly start: number; readonly end: number };
  readonly exitCode: number | null;
  readonly failures: readonly string[];
}

type Kind = ReviewCase | `malformed: ${string}`;

/** One period of the traffic mix: 24 slots, so the shares are exact over every period. */
const mix: readonly Kind[] = [
  ...Array<Kind>(6).fill('allowed'),
  ...Array<Kind>(4).fill('denied'),
  ...Array<Kind>(4).fill('warned'),
  ...Array<Kind>(2).fill('ephemeral-allowed'),
  ...Array<Kind>(2).fill('ephemeral-denied'),
  'controller-warned',
  'undecodable-pod',
  ...malformedRequests.map((m): Kind => `malformed: ${m.name}`),
];

const mib = (bytes: number | undefined) => Math.round(((bytes ?? 0) / 1048576) * 10) / 10;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;
}

interface Env {
  readonly dir: string;
  readonly live: SelfSignedFiles;
  readonly next: SelfSignedFiles;
  readonly server: ServeProcess;
}

async function setUp(): Promise<Env> {
  const dir = await mkdtemp(join(tmpdir(), 'psa-soak-'));
  const [live, next] = await Promise.all([
    generateSelfSigned(join(dir, 'live')),
    generateSelfSigned(join(dir, 'next')),
  ]);
  const namespaces = join(dir, 'namespaces.json');
  await writeFile(namespaces, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: trafficNamespaces }));
  const probe = fileURLToPath(
    new URL(`./soak-heap-probe${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
  );
  const server = await startServe(
    [
      ...[
        '--namespaces',
        namespaces,
        '--tls-cert-file',
        live.certFile,
        '--tls-private-key-file',
        live.keyFile,
      ],
      ...['--secure-port', '0', '--bind-address', '127.0.0.1'],
    ],
    { nodeArgs: ['--expose-gc', '--import', pathToFileURL(probe).href] },
  );
  return { dir, live, next, server };
}

/** The live heap after a full GC, in bytes, as the preloaded probe logs it on SIGUSR2. */
async function liveHeap(server: ServeProcess): Promise<number> {
  const seen = server.logs.length;
  process.kill(server.pid, 'SIGUSR2');
  const end = performance.now() + 10_000;
  while (performance.now() < end) {
    const line = server.logs.slice(seen).find((l) => l.msg === 'soak heap');
    if (line !== undefined) return Number(line.fields?.heapUsed);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('serve did not report its heap (soak-heap-probe not loaded?)');
}

/** Swaps the pair atomically (key first), as a Secret volume update does. */
async function rotate(env: Env): Promise<void> {
  await copyFile(env.next.keyFile, `${env.live.keyFile}.tmp`);
  await copyFile(env.next.certFile, `${env.live.certFile}.tmp`);
  await rename(`${env.live.keyFile}.tmp`, env.live.keyFile);
  await rename(`${env.live.certFile}.tmp`, env.live.certFile);
}

/** Checks one answer against what its kind must get; undefined when right. */
function problemOf(kind: Kind, uid: string, reply: Reply): string | undefined {
  if (!kind.startsWith('malformed: ')) return checkReview(reply, uid, expectations[kind as ReviewCase]);
  const m = malformedRequests.find((r) => `malformed: ${r.name}` === kind);
  if (m === undefined) return `unknown kind ${kind}`;
  const textOk = typeof m.text === 'string' ? reply.body === m.text : m.text.test(reply.body);
  return reply.status === m.status && textOk
    ? undefined
    : `status ${reply.status}: ${reply.body.slice(0, 120)}`;
}

class Traffic {
  readonly byKind: Record<string, number> = {};
  readonly latencies: number[] = [];
  readonly problems: string[] = [];
  unexpected = 0;
  sent = 0;
  inFlight = 0;
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    private readonly ca: readonly string[],
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 32, ca: ca as string[] });
  }

  fail(problem: string): void {
    this.unexpected++;
    if (this.problems.length < 20) this.problems.push(problem);
  }

  /** Sends request number n of the mix without waiting for it. */
  fire(n: number): void {
    const k = mix[n % mix.length] ?? 'allowed';
    const uid = `soak-${n}`;
    const m = malformedRequests.find((r) => `malformed: ${r.name}` === k);
    const request = m
      ? { headers: m.headers, body: m.body }
      : { headers: { 'Content-Type': 'application/json' }, body: reviewBody(k as ReviewCase, uid) };
    this.sent++;
    this.inFlight++;
    this.byKind[k] = (this.byKind[k] ?? 0) + 1;
    send({ port: this.port, ca: this.ca, agent: this.agent, ...request })
      .then((reply) => {
        this.latencies.push(reply.ms);
        const problem = problemOf(k, uid, reply);
        if (problem !== undefined) this.fail(`${k} ${uid}: ${problem}`);
      })
      .catch((err: unknown) => this.fail(`${k} ${uid}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.inFlight--);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Sends at a fixed average rate: every 10 ms, as many requests as the clock says are due. */
async function drive(
  traffic: Traffic,
  o: SoakOptions,
  onSecond: (s: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const end = o.durationS * 1000;
  let second = 0;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= end) break;
    const due = Math.floor((elapsed / 1000) * o.rate);
    if (traffic.inFlight > o.rate * 5) traffic.fail(`more than ${o.rate * 5} requests in flight`);
    while (traffic.sent < due) traffic.fire(traffic.sent);
    if (Math.floor(elapsed / 1000) > second) {
      second = Math.floor(elapsed / 1000);
      await onSecond(second);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  while (traffic.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
}

function fingerprintOf(file: string): string {
  return new X509Certificate(readFileSync(file)).fingerprint256;
}

/** Memory of the served process: RSS every second, and the live heap at the start sample and the end. */
class MemoryWatch {
  readonly launch: number;
  private startRss = 0;
  private maxRss = 0;
  private endRss = 0;
  private startHeap = 0;
  private endHeap = 0;

  constructor(private readonly server: ServeProcess) {
    this.launch = server.rssBytes() ?? 0;
  }

  sample(): number {
    const now = this.server.rssBytes() ?? 0;
    this.maxRss = Math.max(this.maxRss, now);
    return now;
  }

  async start(): Promise<void> {
    this.startRss = this.sample();
    this.startHeap = await liveHeap(this.server);
  }

  async end(): Promise<void> {
    this.endRss = this.sample();
    this.endHeap = await liveHeap(this.server);
  }

  numbers(): Pick<SoakResult, 'rssMiB' | 'liveHeapMiB'> {
    return {
      rssMiB: {
        launch: mib(this.launch),
        start: mib(this.startRss),
        end: mib(this.endRss),
        max: mib(this.maxRss),
      },
      liveHeapMiB: { start: mib(this.startHeap), end: mib(this.endHeap) },
    };
  }
}

/** Runs the soak and returns its numbers; `failures` lists what makes it fail. */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const env = await setUp();
  const rotateAtS = o.rotateAtS ?? o.durationS / 2;
  const warmupS = Math.ceil(o.warmupS ?? Math.min(5, o.durationS / 4));
  const newFingerprint = fingerprintOf(env.next.certFile);
  const traffic = new Traffic(env.server.port, [env.live.caPem, env.next.caPem]);
  const memory = new MemoryWatch(env.server);
  let rotation: Promise<number | undefined> | undefined;
  log(
    `soak: ${o.durationS} s at ${o.rate} requests/s against pid ${env.server.pid}, rotation at ${rotateAtS} s`,
  );
  try {
    await drive(traffic, o, async (second) => {
      const now = memory.sample();
      if (second === warmupS) await memory.start();
      if (rotation === undefined && second >= rotateAtS) {
        await rotate(env);
        rotation = watchRotation(env, newFingerprint, performance.now(), traffic);
      }
      if (second % 10 === 0)
        log(`  ${second} s: ${traffic.sent} sent, ${traffic.unexpected} unexpected, RSS ${mib(now)} MiB`);
    });
    await memory.end();
  } finally {
    traffic.close();
  }
  const servedAfterMs = await rotation;
  const exitCode = await env.server.stop();
  await rm(env.dir, { recursive: true, force: true });
  const sorted = [...traffic.latencies].sort((a, b) => a - b);
  const result = {
    durationS: o.durationS,
    rate: o.rate,
    sent: traffic.sent,
    byKind: traffic.byKind,
    unexpected: traffic.unexpected,
    problems: traffic.problems,
    latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) },
    rotation: { atS: rotateAtS, servedAfterMs },
    ...memory.numbers(),
    exitCode,
    failures: [] as string[],
  };
  result.failures.push(...failuresOf(result, o.maxRssGrowth ?? 0.5, o.maxHeapGrowthMiB ?? 2));
  return result;
}

/**
 * Opens a fresh connection every 50 ms until the server presents the new certificate; resolves the
 * time since the swap, or undefined after 15 s.
 */
async function watchRotation(
  env: Env,
  want: string,
  rotatedAt: number,
  traffic: Traffic,
): Promise<number | undefined> {
  const ca = [env.live.caPem, env.next.caPem];
  while (performance.now() - rotatedAt < 15_000) {
    try {
      const reply = await send({ port: env.server.port, ca, path: '/healthz', method: 'GET', headers: {} });
      if (reply.fingerprint === want) return Math.round(performance.now() - rotatedAt);
    } catch (err) {
      traffic.fail(`rotation probe: ${err instanceof Error ? err.message : String(err)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

function failuresOf(
  r: Omit<SoakResult, 'failures'>,
  maxRssGrowth: number,
  maxHeapGrowthMiB: number,
): string[] {
  const out: string[] = [];
  if (r.unexpected > 0) out.push(`${r.unexpected} unexpected answers or errors`);
  if (r.rotation.servedAfterMs === undefined) out.push('the rotated certificate was never served');
  if (r.liveHeapMiB.end > r.liveHeapMiB.start + maxHeapGrowthMiB) {
    out.push(
      `the live heap grew from ${r.liveHeapMiB.start} to ${r.liveHeapMiB.end} MiB (more than ${maxHeapGrowthMiB} MiB)`,
    );
  }
  if (r.rssMiB.end > r.rssMiB.start * (1 + maxRssGrowth)) {
    out.push(
      `resident memory grew from ${r.rssMiB.start} to ${r.rssMiB.end} MiB (more than ${maxRssGrowth * 100}%)`,
    );
  }
  if (r.exitCode !== 0) out.push(`serve exited with ${String(r.exitCode)} on SIGTERM`);
  return out;
}

function report(r: SoakResult): string {
  const kinds = Object.entries(r.byKind)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => `    ${k.padEnd(42)} ${n}`);
  return [
    `soak: ${r.sent} requests in ${r.durationS} s at ${r.rate}/s, ${r.unexpected} unexpected`,
    ...kinds,
    `  latency ms: p50 ${r.latencyMs.p50}, p99 ${r.latencyMs.p99}, max ${r.latencyMs.max}`,
    `  certificate rotated at ${r.rotation.atS} s, served by new connections after ${r.rotation.servedAfterMs ?? 'never'} ms`,
    `  RSS MiB: launch ${r.rssMiB.launch}, start ${r.rssMiB.start}, end ${r.rssMiB.end}, max ${r.rssMiB.max}`,
    `  live heap after GC MiB: start ${r.liveHeapMiB.start}, end ${r.liveHeapMiB.end}`,
    `  serve exit code on SIGTERM: ${String(r.exitCode)}`,
    ...r.problems.map((p) => `  problem: ${p}`),
    r.failures.length === 0 ? 'soak: PASS' : `soak: FAIL: ${r.failures.join('; ')}`,
    `soak-result ${JSON.stringify(r)}`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '60' },
      rate: { type: 'string', default: '200' },
      'rotate-at': { type: 'string' },
    },
    strict: true,
  });
  const durationS = Number(values.duration);
  const rate = Number(values.rate);
  if (!(durationS > 0) || !(rate > 0)) throw new Error('--duration and --rate must be positive numbers');
  const rotateAtS = values['rotate-at'] === undefined ? undefined : Number(values['rotate-at']);
  const result = await runSoak({ durationS, rate, rotateAtS, log: (l) => console.log(l) });
  console.log(report(result));
  return result.failures.length === 0 ? 0 : 1;
}

const invokedPath = process.argv[1] === undefined ? '' : resolve(process.argv[1]);
if (invokedPath === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
