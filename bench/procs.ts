// Child processes for the webhook figures: the `serve` command pinned to one core, its memory and CPU
// time from /proc, and the load generator (wrk: saturation and fixed rate) pinned to the other core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serveNodeFlags } from '../src/cli/runtime.js';

const mainJs = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export const serverCore = '0';
export const clientCore = '1';

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const pinning = hasCommand('taskset');

/** The command line, pinned to `core` with taskset when it is installed. */
export function pinned(core: string, argv: readonly string[]): [string, string[]] {
  return pinning ? ['taskset', ['-c', core, ...argv]] : [argv[0] ?? '', argv.slice(1)];
}

export interface Server {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** Milliseconds from spawn to the "serving" log line (and readyMsg). */
  readonly startMs: number;
  /** SIGTERM, then SIGKILL after stopGraceMs; resolves true if the server exited by itself. */
  stop(): Promise<boolean>;
}

/** How long `serve` may take to exit after SIGTERM with no request in flight. */
const stopGraceMs = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The server's Node flags: the ones it ships with (src/cli/runtime.ts, the image's ENTRYPOINT), then
 * BENCH_SERVER_NODE_FLAGS to compare runtime settings (a later flag wins: `--max-semi-space-size=16`
 * measures Node's default young generation).
 */
export const serverNodeFlags = [
  ...serveNodeFlags,
  ...(process.env['BENCH_SERVER_NODE_FLAGS'] ?? '').split(/\s+/).filter((f) => f !== ''),
];

export interface ServeOptions {
  /** Flags that pick the namespace source: `--namespaces FILE` or `--kubeconfig FILE`. */
  readonly source: readonly string[];
  readonly cert: string;
  readonly key: string;
  /** A log message to wait for after "serving", e.g. the namespace cache's "namespace cache synced". */
  readonly readyMsg?: string;
  /** `--workers` (1: one process, no supervisor). */
  readonly workers?: number;
  /** The cores for the server's whole process tree (taskset -c); default the server core. */
  readonly cores?: string;
}

/** Starts `serve` on a free port; resolves once it logs "serving" (and readyMsg, if given). */
export function startServer(o: ServeOptions): Promise<Server> {
  const [cmd, args] = pinned(o.cores ?? serverCore, [
    process.execPath,
    ...serverNodeFlags,
    mainJs,
    'serve',
    ...['--workers', String(o.workers ?? 1)],
    ...o.source,
    ...['--secure-port', '0', '--bind-address', '127.0.0.1'],
    ...['--tls-cert-file', o.cert, '--tls-private-key-file', o.key],
  ]);
  return startLogged(cmd, args, o.readyMsg);
}

const floorJs = fileURLToPath(new URL('./floor-server.js', import.meta.url));

/** bench/floor-server.js (bare node:https + JSON.parse) pinned like `serve`. */
export function startFloorServer(cert: string, key: string): Promise<Server> {
  const [cmd, args] = pinned(serverCore, [
    process.execPath,
    ...serverNodeFlags,
    floorJs,
    ...['--tls-cert-file', cert, '--tls-private-key-file', key],
  ]);
  return startLogged(cmd, args, undefined);
}

/** Stops a child with SIGTERM, then SIGKILL after the grace period; resolves true when it went cleanly. */
function stopper(child: ChildProcess): () => Promise<boolean> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode !== null) return true;
    child.kill('SIGTERM');
    const clean = await Promise.race([exited.then(() => true), sleep(stopGraceMs).then(() => false)]);
    if (!clean) child.kill('SIGKILL');
    await exited;
    return clean;
  };
}

/** Spawns a server that logs JSON lines; resolves once it logs "serving" with its port (and readyMsg). */
function startLogged(cmd: string, args: string[], readyMsg: string | undefined): Promise<Server> {
  const o = { readyMsg };
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = stopper(child);
  const log: string[] = [];
  let port: number | undefined;
  let ready = o.readyMsg === undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log.join('\n')}`)), 120_000);
    child.once('exit', () => reject(new Error(`serve exited:\n${log.join('\n')}`)));
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      log.push(line);
      const event = logEvent(line);
      if (event?.msg === 'serving' && typeof event.fields?.['port'] === 'number') port = event.fields['port'];
      if (event?.msg !== undefined && event.msg === o.readyMsg) ready = true;
      if (port === undefined || !ready) return;
      clearTimeout(timer);
      resolve({ child, pid: child.pid ?? 0, port, startMs: performance.now() - t0, stop });
    });
  });
}

/** A JSON log event of serve; serve logs nothing per request at its default level. */
function logEvent(line: string): { msg?: string; fields?: Record<string, unknown> } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; fields?: Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** Resident and peak resident memory in bytes (VmRSS, VmHWM). */
export function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/** User plus system CPU seconds the process has used. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** cpuSeconds, or 0 once the process is gone. */
function cpuOf(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/** Nanoseconds the process's main (JavaScript) thread has waited, runnable, for a CPU. */
function runQueueWaitNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
}

export interface CoreUse {
  /** Fraction of the window the server (all its threads) was on the CPU. */
  readonly cpu: number;
  /** Fraction of the window its main thread was runnable but waited for the core. */
  readonly waited: number;
}

/**
 * Starts watching the server; the returned function gives its CPU use since then, and how long its
 * event loop waited for the core: other work on the machine (or its own GC threads) shows there.
 */
export function watchCore(pid: number): () => CoreUse {
  const t0 = performance.now();
  // The whole tree: `serve --workers N` does its work in the supervisor's children.
  const tree = [pid, ...childPids(pid)];
  const treeCpu = () => tree.reduce((sum, p) => sum + cpuOf(p), 0);
  const cpu0 = treeCpu();
  const wait0 = runQueueWaitNs(pid);
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (treeCpu() - cpu0) / seconds;
    return { cpu, waited: (runQueueWaitNs(pid) - wait0) / 1e9 / seconds };
  };
}

/** "server CPU 99%, waited 3%". */
export function coreUse(u: CoreUse): string {
  const pct = (f: number) => `${f < 0.1 ? (f * 100).toFixed(1) : Math.round(f * 100)}%`;
  return `server CPU ${pct(u.cpu)}, waited ${pct(u.waited)}`;
}

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err || out}`)),
    );
  });
}

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** Fixed rate only: sends that left more than 1 ms after their slot, and the latest of them. */
  readonly late: number;
  readonly lateMaxMs: number;
}

interface WrkSummary {
  requests: number;
  duration_us: number;
  errors: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  late: number;
  lateMaxMs: number;
}

/** wrk, one thread, keep-alive connections, for `seconds`; errors include reviews not as expected. */
export async function runWrk(o: {
  url: string;
  script: string;
  connections: number;
  seconds: number;
}): Promise<WrkResult> {
  const [cmd, args] = pinned(clientCore, [
    'wrk',
    ...['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '5s', '-s', o.script, o.url],
  ]);
  const out = await run(cmd, args);
  const line = out.split('\n').find((l) => l.startsWith('JSON '));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${out}`);
  const s = JSON.parse(line.slice(5)) as WrkSummary;
  return {
    requests: s.requests,
    seconds: s.duration_us / 1e6,
    errors: s.errors,
    p50Ms: s.p50 / 1000,
    p99Ms: s.p99 / 1000,
    p999Ms: s.p999 / 1000,
    maxMs: s.max / 1000,
    late: s.late,
    lateMaxMs: s.lateMaxMs,
  };
}

/**
 * The wrk script: POST the body file, count an answer that is not 200 with the expected review as an
 * error, and print a JSON summary. With `rate`, a fixed-rate schedule (README section 3): before each
 * send wrk calls delay(), which hands out the thread's next slot (one every 1000/rate ms, on
 * CLOCK_MONOTONIC through LuaJIT's ffi) and waits for it; a send more than 1 ms after its slot is
 * counted as late, since only then could a latency measured from the send hide a server's stall.
 */
export function wrkScript(bodyFile: string, expect: string, rate?: number): string {
  return `
local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
late = 0
lateMax = 0
${rate === undefined ? '' : fixedRateLua(rate)}
function response(status, headers, body)
  if status ~= 200 or not string.find(body, ${JSON.stringify(expect)}, 1, true) then bad = (bad or 0) + 1 end
end
function done(summary, latency, requests)
  local bad, lt, lm = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("bad") or 0)
    lt = lt + (t:get("late") or 0)
    lm = math.max(lm, t:get("lateMax") or 0)
  end
  local e = summary.errors
  io.write(string.format('JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50":%d,"p99":%d,"p999":%d,"max":%d,"late":%d,"lateMaxMs":%.3f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status + bad,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, lt, lm))
end
`;
}

function fixedRateLua(rate: number): string {
  return `
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } psa_bench_timespec;
int clock_gettime(int clock, psa_bench_timespec *tp);
]]
local ts = ffi.new("psa_bench_timespec")
local function nowMs()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local period = ${1000 / rate}
local nextAt = nil
function delay()
  local t = nowMs()
  if nextAt == nil then nextAt = t end
  local wait = nextAt - t
  nextAt = nextAt + period
  if wait < -1 then
    late = late + 1
    if -wait > lateMax then lateMax = -wait end
  end
  if wait <= 0 then return 0 end
  return math.floor(wait + 0.5)
end
`;
}

/** The pids of a process's children (the workers under `serve --workers N`). */
export function childPids(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

/** A free TCP port on 127.0.0.1 (for a server that cannot be told to pick one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** GET over HTTPS from the bench (certificate checks off: the bench made the certificate). */
export function httpsGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, method: 'GET', rejectUnauthorized: false, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Upstream's Go webhook (`cmd/webhook`, built outside the repository) pinned like `serve`, on a free
 * port; resolves once /readyz answers 200 (its namespace informer has synced).
 */
export async function startUpstream(binary: string, flags: readonly string[]): Promise<Server> {
  const port = await freePort();
  const [cmd, args] = pinned(serverCore, [
    binary,
    ...flags,
    ...['--secure-port', String(port), '--bind-address', '127.0.0.1'],
  ]);
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => log.push(l));
  const stop = stopper(child);
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`upstream webhook exited:\n${log.join('\n')}`);
    const ready = await httpsGet(port, '/readyz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, pid: child.pid ?? 0, port, startMs: performance.now() - t0, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`upstream webhook not ready within 60 s:\n${log.join('\n')}`);
}
