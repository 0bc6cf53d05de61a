// `serve --workers 2` as a real process tree: the supervisor and two node:cluster workers sharing the
// socket. Every worker answers, /metrics sums them, a worker killed under load is restarted while
// the other keeps answering, each worker reloads the certificate, and SIGTERM drains them all.
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { createServer, type Server } from 'node:net';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned, type SelfSignedFiles } from '../webhook/selfsigned.js';
import { serveEntry, startServe, type LogEvent, type ServeProcess } from '../../scripts/lib/serve-process.js';
import { send, sendReview, trafficNamespaces } from '../../scripts/lib/serve-traffic.js';

let dir: string;
let certs: SelfSignedFiles;
let namespaces: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-workers-'));
  certs = await generateSelfSigned(join(dir, 'pki'));
  namespaces = join(dir, 'namespaces.json');
  await writeFile(namespaces, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: trafficNamespaces }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = (tls: SelfSignedFiles, ...more: string[]) => [
  ...['--workers', '2', '--namespaces', namespaces, '--secure-port', '0', '--bind-address', '127.0.0.1'],
  ...['--tls-cert-file', tls.certFile, '--tls-private-key-file', tls.keyFile],
  ...more,
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done` holds, checking every 50 ms, for at most `ms`. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await sleep(50);
  return done();
}

const events = (s: ServeProcess, msg: string): LogEvent[] => s.logs.filter((e) => e.msg === msg);

/** The pid the supervisor last started in slot `worker`. */
function workerPid(s: ServeProcess, worker: number): number | undefined {
  const started = events(s, 'worker started').filter((e) => e.fields?.['worker'] === worker);
  return started.at(-1)?.fields?.['pid'] as number | undefined;
}

/** The value of one sample line of the exposition, 0 when absent. */
function sample(exposition: string, line: string): number {
  const found = exposition.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

const allowedEnforce =
  'pod_security_evaluations_total{decision="allow",mode="enforce",policy_level="restricted",policy_version="latest",request_operation="create",resource="pod",subresource=""}';

describe('serve --workers 2', () => {
  let s: ServeProcess;
  let uid = 0;
  const review = (agent?: Agent) =>
    sendReview({ port: s.port, ca: certs.caPem, agent, timeoutMs: 20_000 }, 'allowed', `u${uid++}`);

  beforeAll(async () => {
    s = await startServe(args(certs, '--log-level', 'debug'), { timeoutMs: 60_000 });
  }, 90_000);

  afterAll(async () => {
    if (!s.exited()) await s.stop('SIGKILL');
  });

  it('answers from every worker, sums /metrics over them and is ready once all are', async () => {
    expect(events(s, 'serving')[0]?.fields).toMatchObject({ workers: 2, port: s.port });
    const n = 12;
    // A fresh connection each: the supervisor hands connections to the workers in turn.
    for (let i = 0; i < n; i++) expect((await review()).problem).toBeUndefined();
    const served = s.logs.filter((e) => e.msg === 'request served' && e.fields?.['path'] === '/validate');
    expect(new Set(served.map((e) => e.fields?.['worker']))).toEqual(new Set([1, 2]));
    expect(await until(() => events(s, 'workers ready').length > 0, 10_000)).toBe(true);
    expect((await send({ port: s.port, ca: certs.caPem, method: 'GET', path: '/readyz' })).status).toBe(200);
    const metrics = await send({ port: s.port, ca: certs.caPem, method: 'GET', path: '/metrics' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(metrics.body, allowedEnforce)).toBe(n);
    expect(sample(metrics.body, 'psa_ephemeral_workers_ready')).toBe(2);
    // One HELP/TYPE pair per family, as Prometheus expects, however many workers report it.
    expect(metrics.body.match(/^# TYPE pod_security_evaluations_total counter$/gm)).toHaveLength(1);
  }, 60_000);

  it('keeps answering while a worker is killed under load, and restarts it', async () => {
    const victim = workerPid(s, 1);
    expect(victim).toBeDefined();
    const loops = 8;
    const problems: string[] = [];
    const failures: string[] = [];
    let ok = 0;
    let okAfterRestart = 0;
    let restarted = false;
    let running = true;
    const loop = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (running) {
        try {
          const r = await review(agent);
          if (r.problem !== undefined) problems.push(r.problem);
          ok++;
          if (restarted) okAfterRestart++;
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
      agent.destroy();
    };
    const load = Array.from({ length: loops }, loop);
    await until(() => ok >= 40, 30_000);
    process.kill(victim ?? 0, 'SIGKILL');
    const okAtKill = ok;
    restarted = await until(() => (workerPid(s, 1) ?? victim) !== victim, 30_000);
    await until(() => events(s, 'workers ready').length >= 2 && okAfterRestart >= 40, 30_000);
    running = false;
    await Promise.all(load);

    expect(restarted).toBe(true);
    expect(problems).toEqual([]);
    // Only requests in flight on the killed worker's connections can fail: one per connection at most.
    expect(failures.length).toBeLessThanOrEqual(loops);
    expect(ok - okAtKill).toBeGreaterThanOrEqual(40);
    expect(okAfterRestart).toBeGreaterThanOrEqual(40);
    expect(events(s, 'worker exited unexpectedly; restarting')).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ worker: 1, pid: victim, signal: 'SIGKILL', restartInMs: 100 }),
      }),
    ]);
    const metrics = await send({ port: s.port, ca: certs.caPem, method: 'GET', path: '/metrics' });
    expect(sample(metrics.body, 'psa_ephemeral_worker_restarts_total{worker="1"}')).toBe(1);
    expect((await send({ port: s.port, ca: certs.caPem, method: 'GET', path: '/readyz' })).status).toBe(200);
  }, 120_000);

  it('drains every worker on SIGTERM and exits 0', async () => {
    expect(await s.stop('SIGTERM', 30_000)).toBe(0);
    const stopped = events(s, 'worker stopped').map((e) => [e.fields?.['worker'], e.fields?.['code']]);
    expect(stopped.sort()).toEqual([
      [1, 0],
      [2, 0],
    ]);
    const workersStopped = events(s, 'stopped').map((e) => e.fields?.['worker']);
    expect(workersStopped.sort()).toEqual([1, 2]);
  }, 60_000);
});

describe('serve --workers 2 reloads the certificate in every worker', () => {
  let s: ServeProcess | undefined;

  afterEach(async () => {
    if (s !== undefined && !s.exited()) await s.stop('SIGKILL');
  });

  it('serves a pair swapped on disk from every worker', async () => {
    const serving = join(dir, 'reload');
    const first = await generateSelfSigned(serving);
    const second = await generateSelfSigned(join(dir, 'next'));
    s = await startServe(args(first), { timeoutMs: 60_000 });
    const ca = [first.caPem, second.caPem];
    const print = async (f: string) => new X509Certificate(await readFile(f)).fingerprint256;
    const [oldPrint, newPrint] = [await print(first.certFile), await print(second.certFile)];
    const fresh = async () =>
      (await send({ port: s?.port ?? 0, ca, method: 'GET', path: '/healthz' })).fingerprint;
    expect(await fresh()).toBe(oldPrint);
    await copyFile(second.keyFile, join(serving, 'tls.key.new'));
    await copyFile(second.certFile, join(serving, 'tls.crt.new'));
    await rename(join(serving, 'tls.key.new'), first.keyFile);
    await rename(join(serving, 'tls.crt.new'), first.certFile);
    expect(
      await until(() => events(s as ServeProcess, 'reloaded serving certificate').length === 2, 20_000),
    ).toBe(true);
    // Connections alternate between the workers: every one of them presents the new pair.
    const prints = [];
    for (let i = 0; i < 6; i++) prints.push(await fresh());
    expect(prints).toEqual(Array(6).fill(newPrint));
    expect(new Set(events(s, 'reloaded serving certificate').map((e) => e.fields?.['worker']))).toEqual(
      new Set([1, 2]),
    );
  }, 90_000);
});

describe('serve --workers 2 that cannot start', () => {
  let blocker: Server | undefined;

  afterEach(() => {
    blocker?.close();
  });

  it('refuses an unreadable certificate with one line before starting any worker', () => {
    const entry = serveEntry();
    const missing = join(dir, 'missing');
    const r = spawnSync(
      process.execPath,
      [
        ...entry.nodeArgs,
        entry.main,
        'serve',
        ...args({ certFile: missing, keyFile: missing } as SelfSignedFiles),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^psa-ephemeral serve: ENOENT: no such file or directory, open '.*missing'\n$/);
  }, 90_000);

  it('stops with exit code 1 when the workers cannot listen, instead of restarting them forever', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const entry = serveEntry();
    const argv = args(certs).map((a) => (a === '0' ? String(port) : a));
    const r = spawnSync(process.execPath, [...entry.nodeArgs, entry.main, 'serve', ...argv], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('EADDRINUSE');
    expect(r.stderr).toContain('worker exited before serving; stopping');
  }, 90_000);
});
