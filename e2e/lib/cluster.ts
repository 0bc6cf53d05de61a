// A thin API client over @kubernetes/client-node's KubeConfig: raw requests that keep what an
// admission decision shows a client (status code, Status message, every Warning header) and
// send objects as written, so fields newer than the client's models are not dropped.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { droppedFields } from './dropped.js';
import { serverVersionOf, type ServerVersion } from './version.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  readonly method: Method;
  /** Path below the server URL, e.g. /api/v1/namespaces. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Defaults to application/json when there is a body. */
  readonly contentType?: string;
  /** More request headers, e.g. Impersonate-User / Impersonate-Group (a list repeats the header). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

/** What a client sees of an admission decision. */
export interface Outcome {
  /** The request succeeded (2xx). */
  readonly allowed: boolean;
  readonly code: number;
  /** The Status message of a failed request; empty when allowed. */
  readonly message: string;
  /** Warning header texts, in the order the server sent them. */
  readonly warnings: readonly string[];
  /**
   * Fields of a created object (POST or PUT body) that the server's answer no longer has, e.g.
   * `spec.containers[0].securityContext.procMount` when its feature gate is off; absent when none.
   * Not part of the admission outcome: the compatibility diff leaves it out.
   */
  readonly dropped?: readonly string[];
}

interface RawResponse {
  readonly code: number;
  readonly body: unknown;
  readonly warnings: string[];
}

const statusSchema = z.looseObject({ kind: z.literal('Status'), message: z.string().optional() });

const requestTimeoutMs = 60_000;

/**
 * The text of a Warning header value `299 - "text"`: the apiserver quotes the text by escaping
 * `"` and `\` with a backslash (k8s.io/apimachinery NewWarningHeader), undone here.
 */
export function parseWarningHeader(value: string): string {
  const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(value);
  if (!m || m[1] === undefined) return value;
  return m[1].replace(/\\(.)/g, '$1');
}

function warningsOf(res: IncomingMessage): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    if (res.rawHeaders[i]?.toLowerCase() !== 'warning') continue;
    // Node decodes header bytes as latin1; the apiserver writes UTF-8.
    out.push(parseWarningHeader(Buffer.from(res.rawHeaders[i + 1] ?? '', 'latin1').toString('utf8')));
  }
  return out;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function failureMessage(body: unknown): string {
  const status = statusSchema.safeParse(body);
  if (status.success) return status.data.message ?? '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export class Cluster {
  private readonly kc: KubeConfig;
  private readonly server: string;

  /**
   * name labels the cluster in reports ("webhook", "builtin"); statedVersion (E2E_KUBERNETES_VERSION)
   * is the version assumed when /version names none.
   */
  constructor(
    readonly name: string,
    readonly kubeconfigPath: string,
    readonly statedVersion?: string,
  ) {
    this.kc = new KubeConfig();
    this.kc.loadFromFile(kubeconfigPath);
    const server = this.kc.getCurrentCluster()?.server;
    if (!server) throw new Error(`${kubeconfigPath}: the current context names no cluster server`);
    this.server = server.replace(/\/+$/, '');
  }

  async send(req: ApiRequest): Promise<RawResponse> {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string | string[]> = { Accept: 'application/json' };
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = typeof v === 'string' ? v : [...v];
    if (payload) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const opts: RequestOptions = { method: req.method, headers };
    await this.kc.applyToHTTPSOptions(opts);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolve, reject) => {
      const r = send(url, opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = parseBody(Buffer.concat(chunks).toString('utf8'));
          resolve({ code: res.statusCode ?? 0, body, warnings: warningsOf(res) });
        });
      });
      r.on('error', reject);
      r.setTimeout(requestTimeoutMs, () => r.destroy(new Error(`${req.method} ${req.path}: timed out`)));
      r.end(payload);
    });
  }

  /** Sends the request and reduces the answer to its admission outcome. */
  async outcome(req: ApiRequest): Promise<Outcome> {
    const res = await this.send(req);
    const allowed = res.code >= 200 && res.code < 300;
    const outcome: Outcome = {
      allowed,
      code: res.code,
      message: allowed ? '' : failureMessage(res.body),
      warnings: res.warnings,
    };
    if (!allowed || (req.method !== 'POST' && req.method !== 'PUT')) return outcome;
    const dropped = droppedFields(req.body, res.body);
    return dropped.length > 0 ? { ...outcome, dropped } : outcome;
  }

  /** The API server's version; see version.ts for development builds and E2E_KUBERNETES_VERSION. */
  async serverVersion(): Promise<ServerVersion> {
    const res = await this.send({ method: 'GET', path: '/version' });
    return serverVersionOf(this.name, res.code, res.body, this.statedVersion);
  }
}
