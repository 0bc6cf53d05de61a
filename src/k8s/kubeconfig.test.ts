import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig, serviceAccountRoot } from './kubeconfig.js';

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

describe('loadKubeConfig', () => {
  it('loads --kubeconfig, resolving relative file paths against its directory', async () => {
    const file = join(dir, 'config');
    await writeFile(file, kubeconfigYaml);
    const kc = loadKubeConfig({ kubeconfig: file });
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://api.example:6443',
      caFile: join(dir, 'ca.crt'),
    });
    expect(kc.getCurrentUser()?.token).toBe('abc');
  });

  it('refuses a kubeconfig whose current context has no cluster', async () => {
    const file = join(dir, 'empty');
    await writeFile(file, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    expect(() => loadKubeConfig({ kubeconfig: file })).toThrow(
      `invalid configuration: no cluster for the current context in ${file}`,
    );
  });

  it('uses the in-cluster service account without --kubeconfig', async () => {
    const prefix = join(dir, 'root');
    await mkdir(join(prefix, serviceAccountRoot), { recursive: true });
    await writeFile(join(prefix, serviceAccountRoot, 'token'), 'sa-token');
    const kc = loadKubeConfig({
      env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      pathPrefix: prefix,
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://[fd00::1]:443',
      caFile: `${prefix}${serviceAccountRoot}/ca.crt`,
    });
    expect(process.env.KUBERNETES_SERVICE_HOST).toBeUndefined();
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
    expect(() => loadKubeConfig({ kubeconfig: '', env, pathPrefix: prefix })).toThrow(error);
  });
});
