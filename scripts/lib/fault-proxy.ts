// A TCP proxy in front of a (fake) API server for fault tests: forwards connections, or refuses them
// (nothing listening on its port), accepts and never answers (a hung server), or resets them; it can
// also drop every open connection, as an API server restart or a load balancer does.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'up' | 'refuse' | 'hang' | 'reset';

export class FaultProxy {
  private server: Server | undefined;
  private port = 0;
  private mode: ProxyMode = 'up';
  private readonly sockets = new Set<Socket>();
  /** Delay before each new connection is forwarded: a slow API server. */
  delayMs = 0;

  constructor(private readonly target: { readonly host: string; readonly port: number }) {}

  /** Listens on 127.0.0.1 (a random port the first time); returns the port, kept for later restarts. */
  async start(): Promise<number> {
    await this.listen();
    return this.port;
  }

  url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `refuse` closes the listening socket (ECONNREFUSED) and drops every connection. */
  async setMode(mode: ProxyMode): Promise<void> {
    this.mode = mode;
    if (mode === 'refuse') {
      this.dropConnections();
      await this.close();
    } else if (this.server === undefined) {
      await this.listen();
    }
  }

  /** Destroys every open connection, both sides: watches end, hung requests fail. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await this.close();
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('error', () => s.destroy());
    s.once('close', () => this.sockets.delete(s));
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'hang') return;
    const forward = () => {
      if (client.destroyed) return;
      const upstream = connect(this.target.port, this.target.host);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    };
    if (this.delayMs > 0) setTimeout(forward, this.delayMs);
    else forward();
  }
}

/** A kubeconfig file's text (JSON is YAML) for a plain-HTTP test server, with a bearer token. */
export function kubeconfigFor(server: string, token = 'fake-token'): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
    'current-context': 'fake',
  });
}
