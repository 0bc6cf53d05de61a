// Integration tests of `psa-ephemeral serve`: the real command in a child process (run from the sources
// with tsx, so no build is needed), answering over HTTPS with namespaces from a static file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appPod, ephemeralContainersReview } from '../demo/profiles.js';
import { cliEntry } from './demo.js';
import { generateSelfSigned, type SelfSignedFiles } from '../webhook/selfsigned.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainTs = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const label = (mode: string) => `pod-security.kubernetes.io/${mode}`;
const namespaces = [
  { name: 'restricted', labels: { [label('enforce')]: 'restricted' } },
  { name: 'warned', labels: { [label('warn')]: 'baseline' } },
  {
    name: 'team-a',
    labels: { [label('enforce')]: 'restricted', [label('ephemeral-enforce')]: 'baseline' },
  },
].map(({ name, labels }) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }));

interface Serving {
  readonly child: ChildProcess;
  readonly port: number;
  /** Every stderr line so far (JSON log events). */
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `serve` from the sources; resolves once it logs the port it listens on. */
function startServe(args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, ['--import', tsxLoader, mainTs, 'serve', '--workers', '1', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log.join('\n')}`)), 20_000);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${log.join('\n')}`));
    });
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      log.push(line);
      const event = parseEvent(line);
      if (event?.msg === 'serving' && typeof event.fields?.['port'] === 'number') {
        clearTimeout(timer);
        resolve({ child, port: event.fields['port'], log, exited });
      }
    });
  });
}

interface LogEvent {
  level?: string;
  msg?: string;
  fields?: Record<string, unknown>;
}

function parseEvent(line: string): LogEvent | undefined {
  try {
    return JSON.parse(line) as LogEvent;
  } catch {
    return undefined;
  }
}

async function stopServe(s: Serving | undefined): Promise<void> {
  if (s === undefined || s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGKILL');
  await s.exited;
}

interface Reply {
  readonly status: number;
  readonly body: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  readonly fingerprint: string;
}

interface SendOptions {
  readonly method?: string;
  readonly contentType?: string;
  readonly body?: string | Buffer;
  readonly ca: string | string[];
  readonly agent?: Agent;
}

function send(port: number, path: string, o: SendOptions): Promise<Reply> {
  const headers: Record<string, string> = o.contentType ? { 'Content-Type': o.contentType } : {};
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: o.method ?? 'POST',
        headers,
        ca: o.ca,
        agent: o.agent ?? false,
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerX509Certificate();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            fingerprint: peer?.fingerprint256 ?? '',
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const review = (request: Record<string, unknown>) =>
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });

/** A CREATE review of pod "p" whose container "c" is privileged. */
function privilegedPodCreate(uid: string, namespace: string): string {
  return review({
    uid,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    name: 'p',
    namespace,
    operation: 'CREATE',
    userInfo: { username: 'alice' },
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace },
      spec: { containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }] },
    },
  });
}

/** `kubectl debug --profile=P` on a restricted pod "web" in team-a, as a pods/ephemeralcontainers review. */
const debugReview = (uid: string, profile: 'baseline' | 'sysadmin') =>
  JSON.stringify(ephemeralContainersReview(appPod('restricted', 'team-a'), profile, uid));

/** The pod_security_evaluations_total series, keyed by their label set as exposed. */
function evaluations(exposition: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const m = /^pod_security_evaluations_total\{(.*)\} (\S+)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(m[1], Number(m[2]));
  }
  return out;
}

const series = (labels: Record<string, string>) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');

let dir: string;
let certs: SelfSignedFiles;
let namespacesFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-cli-serve-'));
  certs = await generateSelfSigned(join(dir, 'serving'));
  namespacesFile = join(dir, 'namespaces.json');
  await writeFile(namespacesFile, JSON.stringify(namespaces));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const serveArgs = (tls: { certFile: string; keyFile: string }) => [
  '--namespaces',
  namespacesFile,
  '--secure-port',
  '0',
  '--bind-address',
  '127.0.0.1',
  '--tls-cert-file',
  tls.certFile,
  '--tls-private-key-file',
  tls.keyFile,
];

describe('serve answers admission reviews over HTTPS', () => {
  let s: Serving;
  const post = (body: string | Buffer, contentType = 'application/json') =>
    send(s.port, '/validate', { body, contentType, ca: certs.caPem });

  beforeAll(async () => {
    s = await startServe(serveArgs(certs));
  });

  afterAll(async () => {
    await stopServe(s);
  });

  it('denies a privileged pod in a restricted namespace with the upstream message', async () => {
    const reply = await post(privilegedPodCreate('deny-1', 'restricted'));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: 'deny-1',
        allowed: false,
        status: {
          metadata: {},
          status: 'Failure',
          message:
            'pods "p" is forbidden: violates PodSecurity "restricted:latest": ' +
            'privileged (container "c" must not set securityContext.privileged=true), ' +
            'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
            'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), ' +
            'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), ' +
            'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
          reason: 'Forbidden',
          details: { name: 'p', kind: 'pods' },
          code: 403,
        },
        auditAnnotations: { 'enforce-policy': 'restricted:latest' },
      },
    });
  });

  it('allows a privileged pod in a warn=baseline namespace with a warning', async () => {
    const reply = await post(privilegedPodCreate('warn-1', 'warned'));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: 'warn-1',
        allowed: true,
        auditAnnotations: { 'enforce-policy': 'privileged:latest' },
        warnings: [
          'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
        ],
      },
    });
  });

  it.each([
    // the regular view passes restricted, the ephemeral view passes baseline
    {
      profile: 'baseline' as const,
      response: {
        allowed: true,
        auditAnnotations: {
          'enforce-policy': 'restricted:latest',
          'ephemeral-enforce-policy': 'baseline:latest',
        },
      },
    },
    // the debugger alone is judged at baseline, and the message says so
    {
      profile: 'sysadmin' as const,
      response: {
        allowed: false,
        status: {
          message:
            'pods "web" is forbidden: violates PodSecurity "baseline:latest" for ephemeral containers: ' +
            'privileged (container "debugger" must not set securityContext.privileged=true)',
          code: 403,
        },
        auditAnnotations: {
          'enforce-policy': 'restricted:latest',
          'ephemeral-enforce-policy': 'baseline:latest',
        },
      },
    },
  ])('judges a $profile debugger at ephemeral-enforce=baseline', async ({ profile, response }) => {
    const reply = await post(debugReview(`debug-${profile}`, profile));
    expect(reply.status).toBe(200);
    const got = JSON.parse(reply.body) as { response: Record<string, unknown> };
    expect(got.response).toMatchObject({ uid: `debug-${profile}`, ...response });
    if (response.allowed) expect(got.response).not.toHaveProperty('status');
  });

  it.each([
    // the size check comes first: a body of 3 MiB or more is never read
    {
      name: 'a body over 3 MiB',
      body: Buffer.alloc(3 * 1024 * 1024 + 1, 0x20),
      contentType: 'application/json',
      status: 413,
      text: 'request entity is too large; limit is 3145728 bytes\n',
    },
    // upstream answers 400 here; this port answers 415 (docs/PORTING.md)
    {
      name: 'a non-JSON content type',
      body: privilegedPodCreate('x', 'restricted'),
      contentType: 'text/plain',
      status: 415,
      text: 'unable to process a request with a non-json content type\n',
    },
    {
      name: 'JSON that is not an AdmissionReview',
      body: '{"kind":"Pod"}',
      contentType: 'application/json',
      status: 400,
      text: 'not an admission.k8s.io/v1 AdmissionReview: apiVersion: Invalid input: expected "admission.k8s.io/v1"\n',
    },
  ])('refuses $name with $status', async ({ body, contentType, status, text }) => {
    const reply = await post(body, contentType);
    expect({ status: reply.status, body: reply.body }).toEqual({ status, body: text });
  });

  it.each(['/healthz', '/readyz'])('answers GET %s with 200 ok', async (path) => {
    const reply = await send(s.port, path, { method: 'GET', ca: certs.caPem });
    expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: 'ok' });
  });

  it('counts evaluations per mode in /metrics, ephemeral-enforce included', async () => {
    const scrape = async () => {
      const reply = await send(s.port, '/metrics', { method: 'GET', ca: certs.caPem });
      expect(reply.status).toBe(200);
      return evaluations(reply.body);
    };
    const pod = { request_operation: 'create', resource: 'pod', subresource: '' };
    const debug = { request_operation: 'update', resource: 'pod', subresource: 'ephemeralcontainers' };
    const watched = [
      { decision: 'deny', mode: 'enforce', policy_level: 'restricted', ...pod },
      { decision: 'allow', mode: 'enforce', policy_level: 'privileged', ...pod },
      { decision: 'deny', mode: 'warn', policy_level: 'baseline', ...pod },
      { decision: 'allow', mode: 'enforce', policy_level: 'restricted', ...debug },
      { decision: 'deny', mode: 'ephemeral-enforce', policy_level: 'baseline', ...debug },
    ].map((l) => series({ ...l, policy_version: 'latest' }));
    const before = await scrape();
    await post(privilegedPodCreate('m-1', 'restricted'));
    await post(privilegedPodCreate('m-2', 'warned'));
    await post(debugReview('m-3', 'sysadmin'));
    const after = await scrape();
    expect(watched.map((k) => (after.get(k) ?? 0) - (before.get(k) ?? 0))).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('serve reloads its certificate', () => {
  let s: Serving | undefined;

  afterEach(async () => {
    await stopServe(s);
  });

  it('serves a certificate swapped on disk without a restart', async () => {
    const serving = join(dir, 'reload');
    const first = await generateSelfSigned(serving);
    const second = await generateSelfSigned(join(dir, 'next'));
    s = await startServe(serveArgs(first));
    const port = s.port;
    const ca = [first.caPem, second.caPem];
    const fingerprint = async (file: string) => new X509Certificate(await readFile(file)).fingerprint256;
    const oldPrint = await fingerprint(first.certFile);
    const newPrint = await fingerprint(second.certFile);
    expect((await send(port, '/healthz', { method: 'GET', ca })).fingerprint).toBe(oldPrint);

    // Swap as a writer should: each file replaced whole by a rename in the same directory.
    await copyFile(second.keyFile, join(serving, 'tls.key.new'));
    await copyFile(second.certFile, join(serving, 'tls.crt.new'));
    await rename(join(serving, 'tls.key.new'), first.keyFile);
    await rename(join(serving, 'tls.crt.new'), first.certFile);

    let served = oldPrint;
    for (let i = 0; i < 150 && served !== newPrint; i++) {
      await new Promise((r) => setTimeout(r, 100));
      served = (await send(port, '/healthz', { method: 'GET', ca })).fingerprint;
    }
    expect(served).toBe(newPrint);
    const reply = await send(port, '/validate', {
      body: privilegedPodCreate('after-swap', 'restricted'),
      contentType: 'application/json',
      ca: second.caPem,
    });
    expect(JSON.parse(reply.body)).toMatchObject({ response: { uid: 'after-swap', allowed: false } });
    expect(s.child.exitCode).toBeNull();
    expect(s.log.map(parseEvent).filter((e) => e?.msg === 'reloaded serving certificate')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ fingerprint: newPrint, previousFingerprint: oldPrint }),
      }),
    ]);
  });
});

describe('serve with --feature-gates PodSecurityEphemeralLevels=false', () => {
  let s: Serving | undefined;

  afterEach(async () => {
    await stopServe(s);
  });

  it('judges debuggers with the pod, as upstream, and logs the ignored configuration keys', async () => {
    const config = join(dir, 'ephemeral-defaults.yaml');
    await writeFile(
      config,
      'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  ephemeral-warn: restricted\n',
    );
    s = await startServe([
      ...serveArgs(certs),
      '--config',
      config,
      '--feature-gates',
      'PodSecurityEphemeralLevels=false',
    ]);
    const warning = s.log.map(parseEvent).find((e) => e?.level === 'warn');
    expect(warning?.msg).toBe(
      "feature gate PodSecurityEphemeralLevels is off: ignoring the configuration's ephemeral-warn",
    );
    const reply = await send(s.port, '/validate', {
      body: debugReview('gate-off', 'baseline'),
      contentType: 'application/json',
      ca: certs.caPem,
    });
    const got = JSON.parse(reply.body) as { response: Record<string, unknown> };
    expect(got.response).toMatchObject({
      uid: 'gate-off',
      allowed: false,
      status: { code: 403 },
      auditAnnotations: { 'enforce-policy': 'restricted:latest' },
    });
    expect(got.response['auditAnnotations']).not.toHaveProperty('ephemeral-enforce-policy');
    expect(got.response).not.toHaveProperty('warnings');
  });

  it('refuses an unknown gate with one line and exit code 2', async () => {
    const r = spawnSync(process.execPath, [...cliEntry(), 'serve', '--feature-gates', 'Nope=true'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('psa-ephemeral serve: --feature-gates: unrecognized feature gate: Nope\n');
  });
});

describe('serve stops on SIGTERM', () => {
  let s: Serving | undefined;

  afterEach(async () => {
    await stopServe(s);
  });

  it('closes idle keep-alive connections and exits 0', async () => {
    s = await startServe(serveArgs(certs));
    const agent = new Agent({ keepAlive: true });
    const reply = await send(s.port, '/validate', {
      body: privilegedPodCreate('before-term', 'warned'),
      contentType: 'application/json',
      ca: certs.caPem,
      agent,
    });
    expect(reply.status).toBe(200);
    const started = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    // the default grace period is 30 s; an idle connection must not hold the exit that long
    expect(Date.now() - started).toBeLessThan(20_000);
    agent.destroy();
    const messages = s.log.map((l) => parseEvent(l)?.msg);
    expect(messages.slice(messages.indexOf('shutting down'))).toEqual([
      'shutting down',
      '[graceful-termination] stopping webhook server',
      '[graceful-termination] webhook server stopped',
      'stopped',
    ]);
    expect(s.log.map(parseEvent).find((e) => e?.msg === 'shutting down')?.fields).toEqual({
      signal: 'SIGTERM',
    });
  });
});
