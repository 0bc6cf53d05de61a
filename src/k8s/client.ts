// Minimal Kubernetes API client: GETs raw JSON (or a watch stream) and POSTs the one object admission
// creates (a SubjectAccessReview) over a ClusterConnection, throttled by the client rate limiter;
// errors read like client-go's.
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { goQuote } from '../api/quote.js';
import type { ClusterConnection } from './kubeconfig.js';
import { unlimited, type RateLimiter } from './ratelimit.js';

/**
 * Objects are returned as the API server sends them (string timestamps, unknown fields kept), not
 * through typed model classes, so they match what webhooks receive.
 */
export interface KubeClientOptions {
  readonly rateLimiter?: RateLimiter;
  /** Upstream adds "podsecurity-webhook" to the client's user agent. */
  readonly userAgent?: string;
  /** Give up on a call after this long even without a caller signal; default 30s. */
  readonly timeoutMs?: number;
}

/** What the call was about, for client-go style messages on responses without a Status. */
export interface RequestTarget {
  readonly resource: string;
  readonly name?: string;
}

/** A non-2xx answer. `message` is the Status message when the server sent one (`namespaces "x" not found`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}

export function notFoundError(resource: string, name: string): ApiError {
  return new ApiError(`${resource} ${goQuote(name)} not found`, 404, 'NotFound');
}

export class KubeClient {
  private readonly limiter: RateLimiter;
  private readonly userAgent: string;
  private readonly timeoutMs: number;

  constructor(
    readonly connection: ClusterConnection,
    options: KubeClientOptions = {},
  ) {
    this.limiter = options.rateLimiter ?? unlimited;
    this.userAgent = options.userAgent ?? 'psa-ephemeral podsecurity-webhook';
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** GET `path` (e.g. /api/v1/namespaces/default) and parse the JSON body. */
  async get(path: string, target: RequestTarget, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const res = await this.open(
      path,
      target,
      signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    );
    const body = await readBody(res.url, res.message);
    return JSON.parse(body) as unknown;
  }

  /** POST `body` as JSON to `path` (e.g. a SubjectAccessReview) and parse the JSON answer. */
  async post(path: string, body: unknown, target: RequestTarget, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const res = await this.open(
      path,
      target,
      signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      JSON.stringify(body),
    );
    return JSON.parse(await readBody(res.url, res.message)) as unknown;
  }

  /**
   * GET `path` and hand back the response stream once the status is 2xx (watches). The stream ends
   * when the server closes it or `signal` aborts; there is no client timeout, the caller sets one.
   */
  async stream(path: string, target: RequestTarget, signal: AbortSignal): Promise<IncomingMessage> {
    return (await this.open(path, target, signal)).message;
  }

  private async open(
    path: string,
    target: RequestTarget,
    signal: AbortSignal,
    body?: string,
  ): Promise<{ url: URL; message: IncomingMessage }> {
    await this.limiter.wait(signal);
    const url = new URL(this.connection.server + path);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const opts: RequestOptions = { method: body === undefined ? 'GET' : 'POST', headers, signal };
    await this.connection.apply(opts);
    let message: IncomingMessage;
    try {
      message = await send(url, opts, body);
    } catch (err) {
      throw requestError(url, err, opts.method);
    }
    const status = message.statusCode ?? 0;
    if (status >= 200 && status < 300) return { url, message };
    throw responseError(status, await readBody(url, message), target, body === undefined ? 'get' : 'post');
  }
}

/** Go's url.Error text: `Get "https://...": <cause>` (or `Post`). */
function requestError(url: URL, err: unknown, method = 'GET'): Error {
  const op = method === 'POST' ? 'Post' : 'Get';
  return new Error(`${op} ${goQuote(url.href)}: ${err instanceof Error ? err.message : String(err)}`, {
    cause: err,
  });
}

function send(url: URL, opts: RequestOptions, body?: string): Promise<IncomingMessage> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, opts, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function readBody(url: URL, res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res) chunks.push(chunk as Buffer);
  } catch (err) {
    throw requestError(url, err);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** client-go: a Status body gives message and reason; otherwise a generic text per status code. */
export function responseError(code: number, body: string, target: RequestTarget, verb = 'get'): ApiError {
  const status = parseStatus(body);
  if (status !== undefined && status.message !== '') {
    return new ApiError(status.message, status.code || code, status.reason);
  }
  const [reason, text] = genericResponse(code, body);
  const what = [target.resource, target.name].filter((s) => s !== undefined && s !== '').join(' ');
  return new ApiError(`${text} (${verb} ${what})`, code, reason);
}

function parseStatus(body: string): { message: string; reason: string; code: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const s = parsed as { kind?: unknown; message?: unknown; reason?: unknown; code?: unknown };
  if (s.kind !== 'Status') return undefined;
  return {
    message: typeof s.message === 'string' ? s.message : '',
    reason: typeof s.reason === 'string' ? s.reason : '',
    code: typeof s.code === 'number' ? s.code : 0,
  };
}

const genericMessages: Readonly<Record<number, [string, string]>> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

function genericResponse(code: number, body: string): [string, string] {
  const known = genericMessages[code];
  if (known !== undefined) return known;
  if (code >= 500) {
    return [
      'InternalError',
      `an error on the server (${goQuote(body.trim())}) has prevented the request from succeeding`,
    ];
  }
  return ['Unknown', `the server responded with the status code ${code} but did not return more information`];
}
