// Test support: an in-process fake Kubernetes API server over plain HTTP for tests and the bench: namespaces
// (get, list in pages, watch with resourceVersion replay and 410 Gone), pods (list, get) and
// SubjectAccessReviews (answered by a settable function), with fault injection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pod } from '../../api/index.js';
import type { Namespace } from '../../admission/ports.js';
import { staticConnection, type ClusterConnection } from '../kubeconfig.js';

interface WatchEvent {
  readonly rv: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: Namespace;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization: string | undefined;
  readonly userAgent: string | undefined;
  /** The parsed JSON body of a POST. */
  body?: unknown;
}

/** Answers a SubjectAccessReview spec: allowed or not. */
export type AccessReviewer = (spec: Record<string, unknown>) => boolean;

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly namespaces = new Map<string, Namespace>();
  private pods: Pod[] = [];
  private events: WatchEvent[] = [];
  private rv = 1;
  private oldestRv = 0;
  private readonly watchers = new Set<ServerResponse>();
  private readonly faults: { match: RegExp; status: number; times: number }[] = [];
  private server: Server | undefined;
  private reviewer: AccessReviewer = () => false;

  /** Starts on 127.0.0.1 with a random port; returns the base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.route(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return this.url();
  }

  url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.dropWatches();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A connection to this server with a bearer token. */
  connection(token = 'fake-token'): ClusterConnection {
    return staticConnection({ server: this.url(), insecureSkipTLSVerify: false, token });
  }

  /** A kubeconfig document (write it as JSON or YAML) for this server with a bearer token. */
  kubeConfigDocument(token = 'fake-token'): Record<string, unknown> {
    return {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: this.url() } }],
      users: [{ name: 'fake', user: { token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
      'current-context': 'fake',
    };
  }

  upsertNamespace(name: string, labels: Record<string, string> = {}): void {
    const type = this.namespaces.has(name) ? 'MODIFIED' : 'ADDED';
    const object: Namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels, resourceVersion: String(++this.rv) },
    };
    this.namespaces.set(name, object);
    this.publish({ rv: this.rv, type, object });
  }

  deleteNamespace(name: string): void {
    const ns = this.namespaces.get(name);
    if (ns === undefined) return;
    this.namespaces.delete(name);
    this.publish({
      rv: ++this.rv,
      type: 'DELETED',
      object: { ...ns, metadata: { ...ns.metadata, resourceVersion: String(this.rv) } },
    });
  }

  setPods(pods: Pod[]): void {
    this.pods = pods;
  }

  /** How SubjectAccessReviews are answered; default: nobody may. */
  setAccessReviewer(reviewer: AccessReviewer): void {
    this.reviewer = reviewer;
  }

  /** Ends every open watch, as an API server restart or a load balancer timeout does. */
  dropWatches(): void {
    for (const w of this.watchers) w.destroy();
    this.watchers.clear();
  }

  /** Forgets the event history, so watches from older resource versions get 410 Gone. */
  compact(): void {
    this.events = [];
    this.oldestRv = this.rv;
  }

  /** The next `times` requests whose path and query match answer `status`. */
  fail(match: RegExp, status: number, times = 1): void {
    this.faults.push({ match, status, times });
  }

  private publish(event: WatchEvent): void {
    this.events.push(event);
    for (const w of this.watchers) writeEvent(w, event);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
    };
    this.requests.push(recorded);
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        recorded.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        this.answer(url, res, recorded.body);
      });
      return;
    }
    this.answer(url, res);
  }

  private answer(url: URL, res: ServerResponse, body?: unknown): void {
    const query = Object.fromEntries(url.searchParams);
    const fault = this.faults.find((f) => f.times > 0 && f.match.test(`${url.pathname}${url.search}`));
    if (fault !== undefined) {
      fault.times--;
      return status(res, fault.status, 'InternalError', 'injected failure');
    }
    const parts = url.pathname.split('/').filter((p) => p !== '');
    if (parts.length === 3 && url.pathname === '/api/v1/namespaces') {
      return query.watch === 'true'
        ? this.watch(res, Number(query.resourceVersion ?? '0'))
        : this.listNamespaces(res, Number(query.limit ?? '0'), query.continue ?? '');
    }
    if (parts.length === 4 && parts[2] === 'namespaces') return this.getNamespace(res, parts[3] ?? '');
    if (parts.length === 5 && parts[2] === 'namespaces' && parts[4] === 'pods')
      return this.listPods(res, parts[3] ?? '');
    if (parts.length === 6 && parts[2] === 'namespaces' && parts[4] === 'pods')
      return this.getPod(res, parts[3] ?? '', parts[5] ?? '');
    if (url.pathname === '/apis/authorization.k8s.io/v1/subjectaccessreviews') {
      const review = body as { spec?: Record<string, unknown> } | undefined;
      const allowed = this.reviewer(review?.spec ?? {});
      return json(res, 201, { ...review, status: { allowed } });
    }
    status(res, 404, 'NotFound', 'the server could not find the requested resource');
  }

  /** Lists in name order; with a limit, in pages whose continue token is the last name sent. */
  private listNamespaces(res: ServerResponse, limit: number, after: string): void {
    const names = [...this.namespaces.keys()].sort().filter((name) => after === '' || name > after);
    const page = limit > 0 ? names.slice(0, limit) : names;
    const more = page.length < names.length;
    json(res, 200, {
      apiVersion: 'v1',
      kind: 'NamespaceList',
      metadata: { resourceVersion: String(this.rv), ...(more ? { continue: page.at(-1) } : {}) },
      items: page.map((name) => this.namespaces.get(name)),
    });
  }

  private getNamespace(res: ServerResponse, name: string): void {
    const ns = this.namespaces.get(decodeURIComponent(name));
    if (ns === undefined)
      return status(res, 404, 'NotFound', `namespaces "${decodeURIComponent(name)}" not found`);
    json(res, 200, ns);
  }

  private listPods(res: ServerResponse, namespace: string): void {
    const items = this.pods.filter((p) => p.metadata?.namespace === decodeURIComponent(namespace));
    json(res, 200, {
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion: String(this.rv) },
      items,
    });
  }

  private getPod(res: ServerResponse, namespace: string, name: string): void {
    const [ns, n] = [decodeURIComponent(namespace), decodeURIComponent(name)];
    const pod = this.pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === n);
    if (pod === undefined) return status(res, 404, 'NotFound', `pods "${n}" not found`);
    json(res, 200, pod);
  }

  private watch(res: ServerResponse, from: number): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    if (from < this.oldestRv) {
      res.end(
        `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })}\n`,
      );
      return;
    }
    for (const e of this.events) if (e.rv > from) writeEvent(res, e);
    this.watchers.add(res);
    res.on('close', () => this.watchers.delete(res));
  }
}

function writeEvent(res: ServerResponse, e: WatchEvent): void {
  res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
}
