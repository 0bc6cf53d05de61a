// `psa-ephemeral demo`: starts `serve` on localhost with self-signed TLS and the built-in demo namespaces,
// sends each `kubectl debug` profile as a real pods/ephemeralcontainers AdmissionReview over HTTPS,
// prints a table of decisions, then `kubectl exec`/`attach` into the debuggers by a tenant and an SRE,
// and stops the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getStatus, postJSON } from '../demo/client.js';
import { connectReview, demoAuthorization, demoPods, execCases, sre, tenant } from '../demo/exec.js';
import { demoNamespaceObjects, demoNamespaces } from '../demo/namespaces.js';
import { appPod, ephemeralContainersReview, profileNames, profileUse } from '../demo/profiles.js';
import { renderTable } from '../demo/table.js';
import { generateSelfSigned } from '../webhook/selfsigned.js';

/**
 * Node arguments that run the CLI beside this module: the built main.js, or main.ts through tsx (a
 * devDependency) when this module runs from the sources, as in `make unit` before any build.
 */
export function cliEntry(): string[] {
  const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));
  if (existsSync(mainJs)) return [mainJs];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, fileURLToPath(new URL('./main.ts', import.meta.url))];
}

/** Starts `serve` as a child process; resolves with the port it logs once listening. */
function startServer(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  // One process is plenty for a handful of reviews.
  const child = spawn(process.execPath, [...cliEntry(), 'serve', '--workers', '1', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 15 s:\n${log.join('\n')}`));
    }, 15_000);
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      log.push(line);
      let event: { msg?: string; fields?: { port?: number } } = {};
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        return;
      }
      if (event.msg === 'serving' && typeof event.fields?.port === 'number') {
        clearTimeout(timer);
        resolve({ child, port: event.fields.port });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with code ${code}:\n${log.join('\n')}`)));
  });
}

async function waitReady(base: string, ca: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await getStatus(`${base}/readyz`, ca)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server never became ready');
}

interface Decision {
  allowed: boolean;
  text: string;
}

/** Drops the parenthesised details of a PodSecurity message, keeping the policy and the reasons. */
export function stripDetails(message: string): string {
  let depth = 0;
  let out = '';
  for (const ch of message) {
    if (ch === '(') depth++;
    if (depth === 0) out += ch;
    if (ch === ')') depth = Math.max(0, depth - 1);
  }
  return out.replace(/ +,/g, ',').replace(/ +;/g, ';').replace(/ +$/g, '');
}

function describe(body: string): Decision {
  const review = JSON.parse(body) as {
    response: {
      allowed: boolean;
      status?: { message?: string };
      warnings?: string[];
      auditAnnotations?: Record<string, string>;
    };
  };
  const r = review.response;
  if (!r.allowed) {
    return {
      allowed: false,
      text: stripDetails((r.status?.message ?? '').replace(/^pods "[^"]*" is forbidden: /, '')),
    };
  }
  const warnings = (r.warnings ?? []).map((w) => `warning: ${stripDetails(w)}`);
  const authorized = r.auditAnnotations?.['ephemeral-exec-authorized'];
  if (authorized !== undefined)
    return { allowed: true, text: authorized.replace(/^.*: allowed because /, '') };
  const policy = r.auditAnnotations?.['ephemeral-enforce-policy'];
  return {
    allowed: true,
    text: [...warnings, policy ? `judged at ${policy} for ephemeral containers` : '']
      .filter(Boolean)
      .join('; '),
  };
}

async function sendAll(base: string, ca: string): Promise<string[][]> {
  const rows: string[][] = [];
  let n = 0;
  for (const ns of demoNamespaces) {
    for (const profile of profileNames) {
      const review = ephemeralContainersReview(appPod('restricted', ns.name), profile, `demo-${++n}`);
      const res = await postJSON(`${base}/validate`, review, ca);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
      const d = describe(res.body);
      rows.push([ns.name, profile, d.allowed ? 'allowed' : 'DENIED', d.text]);
    }
  }
  return rows;
}

/** One row per exec/attach case: who, what, the decision and its reason. */
async function sendExec(base: string, ca: string): Promise<string[][]> {
  const rows: string[][] = [];
  let n = 0;
  for (const c of execCases) {
    const res = await postJSON(`${base}/validate`, connectReview(c, `demo-exec-${++n}`), ca);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
    const d = describe(res.body);
    const text = d.allowed && d.text === '' ? (c.note ?? '') : d.text;
    const request = `${c.subresource} -c ${c.container}`;
    rows.push([c.namespace, c.user.username, request, d.allowed ? 'allowed' : 'DENIED', text]);
  }
  return rows;
}

function printExecIntro(): void {
  console.log('\nExec and attach into the debuggers. Pod "web" in team-a holds a --profile=baseline');
  console.log('debugger, in team-b a --profile=sysadmin one (privileged), both added by an SRE. Users:');
  for (const u of [tenant, sre]) console.log(`  ${u.username.padEnd(6)} ${u.summary}`);
  console.log('Each row is one CONNECT pods/exec or pods/attach AdmissionReview.\n');
}

function printIntro(): void {
  console.log('psa-ephemeral demo: the webhook judges `kubectl debug --profile=P` on a restricted pod.\n');
  console.log('Namespaces (served from memory, no cluster):');
  for (const ns of demoNamespaces) console.log(`  ${ns.name.padEnd(8)} ${ns.summary}`);
  console.log('\nProfiles (the debug container the profile builds):');
  for (const p of profileNames) console.log(`  ${p.padEnd(10)} ${profileUse[p]}`);
  console.log('');
}

export async function run(_argv: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'psa-ephemeral-demo-'));
  let child: ChildProcess | undefined;
  try {
    const certs = await generateSelfSigned(dir, { hosts: ['localhost', '127.0.0.1'] });
    const nsFile = join(dir, 'namespaces.json');
    writeFileSync(nsFile, JSON.stringify(demoNamespaceObjects()));
    const podsFile = join(dir, 'pods.json');
    writeFileSync(podsFile, JSON.stringify(demoPods()));
    const authzFile = join(dir, 'authorization.json');
    writeFileSync(authzFile, JSON.stringify(demoAuthorization));
    const started = await startServer([
      '--namespaces',
      nsFile,
      '--pods',
      podsFile,
      '--authorization',
      authzFile,
      '--secure-port',
      '0',
      '--bind-address',
      '127.0.0.1',
      '--tls-cert-file',
      certs.certFile,
      '--tls-private-key-file',
      certs.keyFile,
    ]);
    child = started.child;
    const base = `https://127.0.0.1:${started.port}`;
    await waitReady(base, certs.caPem);
    printIntro();
    console.log(
      `Webhook: ${base} (self-signed TLS); each row is one pods/ephemeralcontainers AdmissionReview.\n`,
    );
    console.log(
      renderTable(['namespace', 'profile', 'decision', 'reason'], await sendAll(base, certs.caPem)),
    );
    printExecIntro();
    console.log(
      renderTable(['namespace', 'user', 'request', 'decision', 'reason'], await sendExec(base, certs.caPem)),
    );
    console.log('\nReasons list the failed checks only; `psa-ephemeral review` prints full responses.');
    return 0;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
