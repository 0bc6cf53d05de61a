import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { RequestOptions } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KubeClient } from './client.js';
import { FakeApiServer } from './testing/fake-apiserver.js';
import {
  loadClusterConnection,
  loadConnectionSettings,
  serviceAccountRoot,
  staticConnection,
  type ClusterConnection,
  type ConnectionSettings,
} from './kubeconfig.js';
import { generateSelfSigned, type SelfSignedFiles } from '../webhook/selfsigned.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-kubeconfig-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kubeconfigYaml = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://api.example:6443
    certificate-authority: ca.crt
users:
- name: u
  user:
    token: abc
contexts:
- name: ctx
  context: {cluster: c, user: u}
current-context: ctx
`;

describe('loadConnectionSettings', () => {
  it('loads --kubeconfig, resolving relative file paths against its directory', async () => {
    const file = join(dir, 'config');
    await writeFile(file, kubeconfigYaml);
    expect(loadConnectionSettings({ kubeconfig: file })).toEqual({
      server: 'https://api.example:6443',
      caFile: join(dir, 'ca.crt'),
      insecureSkipTLSVerify: false,
      token: 'abc',
    });
  });

  it('reads inline data, client certificates, token files, basic auth and TLS options (JSON too)', async () => {
    const file = join(dir, 'config.json');
    const doc = {
      'current-context': 'x',
      clusters: [
        {
          name: 'c',
          cluster: {
            server: 'https://10.0.0.1/',
            'certificate-authority-data': Buffer.from('CA').toString('base64'),
            'insecure-skip-tls-verify': true,
            'tls-server-name': 'kubernetes',
          },
        },
      ],
      users: [
        {
          name: 'u',
          user: {
            'client-certificate': '/abs/cert.pem',
            'client-key-data': Buffer.from('KEY').toString('base64'),
            tokenFile: 'token',
            username: 'admin',
            password: 'pw',
          },
        },
      ],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    };
    await writeFile(file, JSON.stringify(doc));
    expect(loadConnectionSettings({ kubeconfig: file })).toEqual({
      server: 'https://10.0.0.1',
      caData: Buffer.from('CA'),
      certFile: '/abs/cert.pem',
      keyData: Buffer.from('KEY'),
      insecureSkipTLSVerify: true,
      tlsServerName: 'kubernetes',
      tokenFile: join(dir, 'token'),
      username: 'admin',
      password: 'pw',
    });
  });

  it.each([
    {
      what: 'an exec plugin',
      user: { exec: { command: 'aws' } },
      cluster: {},
      reason: 'exec credential plugin',
    },
    {
      what: 'an auth provider',
      user: { 'auth-provider': { name: 'oidc' } },
      cluster: {},
      reason: 'auth provider',
    },
    { what: 'a proxy', user: {}, cluster: { 'proxy-url': 'socks5://p:1080' }, reason: 'proxy-url' },
  ])('delegates $what to client-node', async ({ user, cluster, reason }) => {
    const file = join(dir, `delegate-${reason.replace(/\W/g, '')}`);
    const doc = {
      'current-context': 'x',
      clusters: [{ name: 'c', cluster: { server: 'https://api', ...cluster } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    };
    await writeFile(file, JSON.stringify(doc));
    expect(loadConnectionSettings({ kubeconfig: file }).delegate).toEqual({ file, reason });
    expect(() => staticConnection(loadConnectionSettings({ kubeconfig: file }))).toThrow(
      `${reason} in ${file} needs a delegated connection`,
    );
  });

  it.each([
    {
      name: 'no cluster for the current context',
      text: 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n',
      error: (f: string) => `invalid configuration: no cluster for the current context in ${f}`,
    },
    {
      name: 'a current context that does not exist',
      text: 'current-context: gone\ncontexts: []\n',
      error: (f: string) => `context was not found for specified context: gone in ${f}`,
    },
    {
      name: 'a cluster without a server',
      text: 'current-context: x\nclusters: [{name: c, cluster: {}}]\ncontexts: [{name: x, context: {cluster: c}}]\n',
      error: () => 'invalid configuration: no server found for cluster "c"',
    },
    {
      name: 'a field of the wrong type',
      text: 'clusters: [{name: c, cluster: {server: 1}}]\n',
      error: (f: string) => `error loading config file "${f}": clusters.0.cluster.server: Invalid input`,
    },
    {
      name: 'text that is not YAML',
      text: 'clusters: [\n',
      error: (f: string) => `error loading config file "${f}": `,
    },
  ])('refuses $name', async ({ name, text, error }) => {
    const file = join(dir, name.replace(/\W/g, '-'));
    await writeFile(file, text);
    expect(() => loadConnectionSettings({ kubeconfig: file })).toThrow(error(file));
  });

  it('names a missing kubeconfig file', () => {
    const file = join(dir, 'missing');
    expect(() => loadConnectionSettings({ kubeconfig: file })).toThrow(
      `open ${file}: no such file or directory`,
    );
  });

  it('uses the in-cluster service account without --kubeconfig', async () => {
    const prefix = join(dir, 'root');
    await mkdir(join(prefix, serviceAccountRoot), { recursive: true });
    await writeFile(join(prefix, serviceAccountRoot, 'token'), 'sa-token');
    await writeFile(join(prefix, serviceAccountRoot, 'ca.crt'), 'CA');
    const settings = loadConnectionSettings({
      env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      pathPrefix: prefix,
    });
    expect(settings).toEqual({
      server: 'https://[fd00::1]:443',
      caFile: `${prefix}${serviceAccountRoot}/ca.crt`,
      insecureSkipTLSVerify: false,
      tokenFile: `${prefix}${serviceAccountRoot}/token`,
    });
  });

  it.each([
    // client-go InClusterConfig errors
    {
      name: 'no service variables',
      env: {},
      prefix: '',
      error:
        'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    },
    {
      name: 'no token',
      env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
      prefix: '/nonexistent',
      error: `open /nonexistent${serviceAccountRoot}/token: no such file or directory`,
    },
  ])('fails in-cluster with $name', ({ env, prefix, error }) => {
    expect(() => loadConnectionSettings({ kubeconfig: '', env, pathPrefix: prefix })).toThrow(error);
  });
});

describe('staticConnection', () => {
  const headersOf = async (c: ClusterConnection) => {
    const opts: RequestOptions = { headers: { Accept: 'application/json' } };
    await c.apply(opts);
    return opts.headers as Record<string, string>;
  };

  it('sends the bearer token, or basic credentials, and keeps the other headers', async () => {
    const bearer = staticConnection({ server: 'http://x', insecureSkipTLSVerify: false, token: 't0k' });
    expect(await headersOf(bearer)).toEqual({ Accept: 'application/json', Authorization: 'Bearer t0k' });
    const basic = staticConnection({
      server: 'http://x',
      insecureSkipTLSVerify: false,
      username: 'a',
      password: 'b',
    });
    expect(await headersOf(basic)).toEqual({ Accept: 'application/json', Authorization: 'Basic YTpi' });
    const none = staticConnection({ server: 'http://x', insecureSkipTLSVerify: false });
    expect(await headersOf(none)).toEqual({ Accept: 'application/json' });
    for (const c of [bearer, basic, none]) c.close();
  });

  it('re-reads a rotated token file after a minute, keeping the last token if it vanishes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const file = join(dir, 'rotating-token');
      await writeFile(file, 'first\n');
      const c = staticConnection({ server: 'http://x', insecureSkipTLSVerify: false, tokenFile: file });
      expect((await headersOf(c))?.Authorization).toBe('Bearer first');
      await writeFile(file, 'second');
      vi.advanceTimersByTime(30_000);
      expect((await headersOf(c))?.Authorization).toBe('Bearer first');
      vi.advanceTimersByTime(31_000);
      expect((await headersOf(c))?.Authorization).toBe('Bearer second');
      await rm(file);
      vi.advanceTimersByTime(61_000);
      expect((await headersOf(c))?.Authorization).toBe('Bearer second');
      c.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('names an unreadable certificate file', () => {
    const file = join(dir, 'no-ca.crt');
    expect(() =>
      staticConnection({ server: 'https://x', insecureSkipTLSVerify: false, caFile: file }),
    ).toThrow(`open ${file}: no such file or directory`);
  });
});

describe('loadClusterConnection', () => {
  it('signs requests with an exec credential plugin through client-node', async () => {
    const api = new FakeApiServer();
    await api.start();
    try {
      const credential = {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        kind: 'ExecCredential',
        status: { token: 'exec-token' },
      };
      const file = join(dir, 'exec-kubeconfig');
      const doc = {
        'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: api.url(), 'insecure-skip-tls-verify': true } }],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: process.execPath,
                args: ['-e', `console.log(${JSON.stringify(JSON.stringify(credential))})`],
              },
            },
          },
        ],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      };
      await writeFile(file, JSON.stringify(doc));
      const connection = await loadClusterConnection({ kubeconfig: file });
      expect(connection.server).toBe(api.url());
      api.upsertNamespace('a');
      await new KubeClient(connection).get('/api/v1/namespaces/a', { resource: 'namespaces', name: 'a' });
      expect(api.requests[0]?.authorization).toBe('Bearer exec-token');
      connection.close();
    } finally {
      await api.stop();
    }
  });
});

/** A client certificate for CN system:admin (clientAuth), signed by the CA generateSelfSigned made in dir. */
function clientPair(dir: string): void {
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  execFileSync('openssl', [
    'req',
    ...ec,
    '-keyout',
    f('client.key'),
    '-out',
    f('client.csr'),
    '-subj',
    '/CN=system:admin',
  ]);
  writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
  execFileSync('openssl', [
    'x509',
    '-req',
    '-in',
    f('client.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-set_serial',
    '0x2a',
    '-days',
    '1',
    '-extfile',
    f('client.ext'),
    '-out',
    f('client.crt'),
  ]);
}

describe('staticConnection over TLS', () => {
  let server: HttpsServer;
  let files: SelfSignedFiles;
  let url: string;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    files = await generateSelfSigned(join(dir, 'tls'), { hosts: ['kubernetes.default.svc'] });
    clientPair(join(dir, 'tls'));
    server = createHttpsServer(
      {
        cert: await readFile(files.certFile),
        key: await readFile(files.keyFile),
        ca: await readFile(files.caFile),
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        seen.push(
          req.headers.authorization ?? (peer.subject === undefined ? undefined : `cert ${peer.subject.CN}`),
        );
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"kind":"Namespace"}');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const get = async (settings: Partial<ConnectionSettings>) => {
    const connection = staticConnection({ server: url, insecureSkipTLSVerify: false, ...settings });
    try {
      return await new KubeClient(connection).get('/api/v1/namespaces/a', { resource: 'namespaces' });
    } finally {
      connection.close();
    }
  };

  it('verifies the server against the CA file and tls-server-name, and sends the token', async () => {
    expect(await get({ caFile: files.caFile, tlsServerName: 'kubernetes.default.svc', token: 't' })).toEqual({
      kind: 'Namespace',
    });
    expect(seen.at(-1)).toBe('Bearer t');
    expect(await get({ caData: Buffer.from(files.caPem), tlsServerName: 'kubernetes.default.svc' })).toEqual({
      kind: 'Namespace',
    });
  });

  it('authenticates with a client certificate, from files or inline data', async () => {
    const tls = join(dir, 'tls');
    await get({
      caFile: files.caFile,
      tlsServerName: 'kubernetes.default.svc',
      certFile: join(tls, 'client.crt'),
      keyFile: join(tls, 'client.key'),
    });
    expect(seen.at(-1)).toBe('cert system:admin');
    await get({
      caFile: files.caFile,
      tlsServerName: 'kubernetes.default.svc',
      certData: await readFile(join(tls, 'client.crt')),
      keyData: await readFile(join(tls, 'client.key')),
    });
    expect(seen.at(-1)).toBe('cert system:admin');
  });

  it('refuses a server it cannot verify, unless told to skip verification', async () => {
    await expect(get({})).rejects.toThrow(/^Get "https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/a": /);
    await expect(get({ caFile: files.caFile })).rejects.toThrow(/altnames|IP: 127\.0\.0\.1/);
    expect(await get({ insecureSkipTLSVerify: true })).toEqual({ kind: 'Namespace' });
  });
});
