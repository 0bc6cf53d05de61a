// Cluster connection for the webhook (upstream --kubeconfig): the given kubeconfig file, or the
// in-cluster service account when the flag is empty.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export const serviceAccountRoot = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeConfigOptions {
  /** Path of a kubeconfig file; empty or undefined for the in-cluster config. */
  readonly kubeconfig?: string;
  /** Environment to read KUBERNETES_SERVICE_HOST/PORT from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Prefix of the service account directory (tests); default none. */
  readonly pathPrefix?: string;
}

export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  if (options.kubeconfig !== undefined && options.kubeconfig !== '') {
    kc.loadFromFile(options.kubeconfig);
    if (kc.getCurrentCluster() === null) {
      throw new Error(`invalid configuration: no cluster for the current context in ${options.kubeconfig}`);
    }
    return kc;
  }
  loadInCluster(kc, options);
  return kc;
}

/** client-go rest.InClusterConfig: the service host and port variables and the token must exist. */
function loadInCluster(kc: KubeConfig, options: KubeConfigOptions): void {
  const env = options.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  if (host === '' || port === '') {
    throw new Error(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  }
  const prefix = options.pathPrefix ?? '';
  const tokenFile = `${prefix}${serviceAccountRoot}/token`;
  if (!existsSync(tokenFile)) throw new Error(`open ${tokenFile}: no such file or directory`);
  // client-node reads the variables from process.env itself; build the same cluster from ours.
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  try {
    process.env.KUBERNETES_SERVICE_HOST = host;
    process.env.KUBERNETES_SERVICE_PORT = port;
    kc.loadFromCluster(prefix);
  } finally {
    restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
    restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
