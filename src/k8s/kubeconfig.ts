// Cluster connection for the webhook (upstream --kubeconfig): the given kubeconfig file, or the
// in-cluster service account when the flag is empty. Static credentials are handled here; exec
// plugins, auth providers and proxies are delegated to client-node, loaded only for them.
import { existsSync, readFileSync } from 'node:fs';
import { Agent as HttpAgent, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readErrorMessage } from '../admission/config/load.js';
import { goQuote } from '../api/quote.js';

export const serviceAccountRoot = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeConfigOptions {
  /** Path of a kubeconfig file; empty or undefined for the in-cluster config. */
  readonly kubeconfig?: string;
  /** Environment to read KUBERNETES_SERVICE_HOST/PORT from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Prefix of the service account directory (tests); default none. */
  readonly pathPrefix?: string;
}

/** Where the API server is and how to reach it: what a request needs, nothing else. */
export interface ClusterConnection {
  /** The API server's base URL, without a trailing slash. */
  readonly server: string;
  /** Sets the agent (TLS, keep-alive) and the credentials on a request to the server. */
  apply(opts: RequestOptions): Promise<void>;
  /** Closes idle kept-alive connections; requests after this open new ones. */
  close(): void;
}

/** What a kubeconfig context (or the in-cluster account) resolves to; files are read lazily. */
export interface ConnectionSettings {
  readonly server: string;
  readonly caFile?: string;
  readonly caData?: Buffer;
  readonly certFile?: string;
  readonly certData?: Buffer;
  readonly keyFile?: string;
  readonly keyData?: Buffer;
  readonly insecureSkipTLSVerify: boolean;
  readonly tlsServerName?: string;
  readonly token?: string;
  /** Re-read at most once a minute, as client-go does for rotated service account tokens. */
  readonly tokenFile?: string;
  readonly username?: string;
  readonly password?: string;
  /** The kubeconfig needs client-node: exec plugin, auth provider or proxy. */
  readonly delegate?: { readonly file: string; readonly reason: string };
}

const optionalString = z.string().nullish();
const kubeConfigSchema = z.looseObject({
  'current-context': optionalString,
  clusters: z
    .array(
      z.looseObject({
        name: z.string(),
        cluster: z.looseObject({
          server: optionalString,
          'certificate-authority': optionalString,
          'certificate-authority-data': optionalString,
          'insecure-skip-tls-verify': z.boolean().nullish(),
          'tls-server-name': optionalString,
          'proxy-url': optionalString,
        }),
      }),
    )
    .nullish(),
  users: z
    .array(
      z.looseObject({
        name: z.string(),
        user: z
          .looseObject({
            token: optionalString,
            tokenFile: optionalString,
            'client-certificate': optionalString,
            'client-certificate-data': optionalString,
            'client-key': optionalString,
            'client-key-data': optionalString,
            username: optionalString,
            password: optionalString,
            exec: z.unknown().optional(),
            'auth-provider': z.unknown().optional(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  contexts: z
    .array(
      z.looseObject({
        name: z.string(),
        context: z.looseObject({ cluster: optionalString, user: optionalString }),
      }),
    )
    .nullish(),
});
type KubeConfigDoc = z.infer<typeof kubeConfigSchema>;

/** Reads the kubeconfig file or the in-cluster account into settings; throws client-go-like errors. */
export function loadConnectionSettings(options: KubeConfigOptions = {}): ConnectionSettings {
  if (options.kubeconfig !== undefined && options.kubeconfig !== '') {
    return settingsFromFile(options.kubeconfig);
  }
  return inClusterSettings(options);
}

/** Loads the settings and opens a connection (client-node is imported only for delegated auth). */
export async function loadClusterConnection(options: KubeConfigOptions = {}): Promise<ClusterConnection> {
  return connect(loadConnectionSettings(options));
}

function settingsFromFile(file: string): ConnectionSettings {
  const doc = readKubeConfig(file);
  const contextName = doc['current-context'] ?? '';
  const context = doc.contexts?.find((c) => c.name === contextName)?.context;
  if (contextName !== '' && context === undefined) {
    throw new Error(`context was not found for specified context: ${contextName} in ${file}`);
  }
  const cluster = doc.clusters?.find((c) => c.name === (context?.cluster ?? ''))?.cluster;
  if (cluster === undefined) {
    throw new Error(`invalid configuration: no cluster for the current context in ${file}`);
  }
  const server = cluster.server ?? '';
  if (server === '') {
    throw new Error(`invalid configuration: no server found for cluster ${goQuote(context?.cluster ?? '')}`);
  }
  const user = doc.users?.find((u) => u.name === (context?.user ?? ''))?.user ?? {};
  const dir = dirname(file);
  const path = (p: string | null | undefined) => (p ? (isAbsolute(p) ? p : join(dir, p)) : undefined);
  const data = (d: string | null | undefined) => (d ? Buffer.from(d, 'base64') : undefined);
  const delegate = delegateReason(cluster['proxy-url'], user.exec, user['auth-provider']);
  return dropUndefined({
    server: server.replace(/\/+$/, ''),
    caFile: path(cluster['certificate-authority']),
    caData: data(cluster['certificate-authority-data']),
    certFile: path(user['client-certificate']),
    certData: data(user['client-certificate-data']),
    keyFile: path(user['client-key']),
    keyData: data(user['client-key-data']),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: cluster['tls-server-name'] ?? undefined,
    token: user.token ?? undefined,
    tokenFile: path(user.tokenFile),
    username: user.username ?? undefined,
    password: user.password ?? undefined,
    delegate: delegate === undefined ? undefined : { file, reason: delegate },
  });
}

function readKubeConfig(file: string): KubeConfigDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(readErrorMessage(file, err), { cause: err });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`error loading config file ${goQuote(file)}: ${(err as Error).message.split('\n')[0]}`, {
      cause: err,
    });
  }
  const parsed = kubeConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new Error(`error loading config file ${goQuote(file)}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function delegateReason(proxy: unknown, exec: unknown, authProvider: unknown): string | undefined {
  if (exec !== undefined && exec !== null) return 'exec credential plugin';
  if (authProvider !== undefined && authProvider !== null) return 'auth provider';
  if (typeof proxy === 'string' && proxy !== '') return 'proxy-url';
  return undefined;
}

/** client-go rest.InClusterConfig: the service host and port variables and the token must exist. */
function inClusterSettings(options: KubeConfigOptions): ConnectionSettings {
  const env = options.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  if (host === '' || port === '') {
    throw new Error(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  }
  const root = `${options.pathPrefix ?? ''}${serviceAccountRoot}`;
  const tokenFile = `${root}/token`;
  if (!existsSync(tokenFile)) throw new Error(`open ${tokenFile}: no such file or directory`);
  const caFile = `${root}/ca.crt`;
  return dropUndefined({
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    // client-go logs an unreadable CA and falls back to the system roots.
    caFile: existsSync(caFile) ? caFile : undefined,
    insecureSkipTLSVerify: false,
    tokenFile,
  });
}

/** Opens a connection for the settings: keep-alive agent and credentials, or client-node's for delegated auth. */
export async function connect(settings: ConnectionSettings): Promise<ClusterConnection> {
  if (settings.delegate !== undefined) return delegatedConnection(settings.delegate.file);
  return staticConnection(settings);
}

/** A connection with static credentials (token, token file, client certificate, basic). */
export function staticConnection(settings: ConnectionSettings): ClusterConnection {
  if (settings.delegate !== undefined) {
    throw new Error(`${settings.delegate.reason} in ${settings.delegate.file} needs a delegated connection`);
  }
  return new StaticConnection(settings);
}

const tokenRefreshMs = 60_000;

class StaticConnection implements ClusterConnection {
  readonly server: string;
  private readonly agent: HttpAgent;
  private token: { value: string; readAt: number } | undefined;

  constructor(private readonly settings: ConnectionSettings) {
    this.server = settings.server;
    this.agent = settings.server.startsWith('http:')
      ? new HttpAgent({ keepAlive: true })
      : new HttpsAgent({
          keepAlive: true,
          ca: fileOrData(settings.caFile, settings.caData),
          cert: fileOrData(settings.certFile, settings.certData),
          key: fileOrData(settings.keyFile, settings.keyData),
          rejectUnauthorized: !settings.insecureSkipTLSVerify,
          ...(settings.tlsServerName === undefined ? {} : { servername: settings.tlsServerName }),
        });
  }

  apply(opts: RequestOptions): Promise<void> {
    opts.agent = this.agent;
    const authorization = this.authorization();
    if (authorization !== undefined) opts.headers = { ...opts.headers, Authorization: authorization };
    return Promise.resolve();
  }

  close(): void {
    this.agent.destroy();
  }

  private authorization(): string | undefined {
    const s = this.settings;
    if (s.tokenFile !== undefined) return `Bearer ${this.fileToken(s.tokenFile)}`;
    if (s.token !== undefined) return `Bearer ${s.token}`;
    if (s.username !== undefined || s.password !== undefined) {
      return `Basic ${Buffer.from(`${s.username ?? ''}:${s.password ?? ''}`).toString('base64')}`;
    }
    return undefined;
  }

  /** The token file's content, re-read after a minute; a failed re-read keeps the last token. */
  private fileToken(file: string): string {
    const now = Date.now();
    if (this.token !== undefined && now - this.token.readAt < tokenRefreshMs) return this.token.value;
    try {
      this.token = { value: readFileSync(file, 'utf8').trim(), readAt: now };
    } catch (err) {
      if (this.token === undefined) throw new Error(readErrorMessage(file, err), { cause: err });
    }
    return this.token.value;
  }
}

function fileOrData(file: string | undefined, data: Buffer | undefined): Buffer | undefined {
  if (data !== undefined) return data;
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(readErrorMessage(file, err), { cause: err });
  }
}

/** Exec plugins, auth providers and proxies: client-node's KubeConfig signs each request. */
async function delegatedConnection(file: string): Promise<ClusterConnection> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  const server = kc.getCurrentCluster()?.server ?? '';
  return {
    server: server.replace(/\/+$/, ''),
    apply: (opts) => kc.applyToHTTPSOptions(opts),
    close: () => undefined,
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
