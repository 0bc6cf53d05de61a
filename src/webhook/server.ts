// The webhook's HTTP(S) server (upstream cmd/webhook/server): admission reviews on every path but
// /healthz, /readyz and /metrics, with upstream's status codes and messages, and a graceful stop.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { goJSON, hasNoBody, maxRequestBytes, readBody } from './body.js';
import { parseGoDuration } from './duration.js';
import { BadReviewError } from './errors.js';
import { informerSyncCheck, pingCheck, serveHealth, writeText, type HealthEndpoint } from './health.js';
import { nullLogger, type Logger } from './log.js';
import { LazyAbort } from './lazy_abort.js';
import { parseTarget, type RequestTarget } from './target.js';
import { CertificateReloader, type ReloaderOptions, type TlsFiles } from './tls.js';

export interface ReviewContext {
  /** Aborted when the caller goes away, the `?timeout=` deadline passes, or the server stops. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds of the `?timeout=` deadline; Infinity when the request has none. */
  readonly deadline: number;
}

/**
 * Answers a parsed request body with the AdmissionReview to send back (200). Throws BadReviewError
 * when the body is not a review it can answer (400); any other error becomes a 500.
 */
export type ReviewHandler = (review: unknown, ctx: ReviewContext) => Promise<unknown>;

export interface ServerTimeouts {
  /** Time to receive the request headers (upstream ReadHeaderTimeout, 32s). */
  readonly headersMs: number;
  /** Time to receive the whole request. */
  readonly requestMs: number;
  /** Idle keep-alive connections are closed after this (upstream IdleTimeout, 90s). */
  readonly keepAliveMs: number;
}

export const defaultTimeouts: ServerTimeouts = Object.freeze({
  headersMs: 32_000,
  requestMs: 60_000,
  keepAliveMs: 90_000,
});

export interface WebhookServerOptions {
  readonly port: number;
  readonly host?: string;
  /** Serving certificate files, reloaded on change. Without it the server speaks plain HTTP (tests only). */
  readonly tls?: TlsFiles & { readonly minVersion?: 'TLSv1.2' | 'TLSv1.3' };
  readonly certReload?: ReloaderOptions;
  readonly handler: ReviewHandler;
  /** Readiness for /readyz; upstream reports the namespace informer's sync. */
  readonly isReady: () => boolean;
  /** What /metrics serves: a prom-client Registry, or the workers' aggregate under the supervisor. */
  readonly metricsRegistry: MetricsSource;
  readonly logger?: Logger;
  readonly timeouts?: Partial<ServerTimeouts>;
  readonly maxRequestBytes?: number;
}

export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface WebhookServer {
  start(): Promise<{ port: number }>;
  /** Stops accepting, lets in-flight requests finish for up to graceMs, then closes every connection. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * setTimeout's longest delay (2^31-1 ms, about 24.8 days): Node fires longer ones after 1 ms. A later
 * deadline is cut to this, which no request outlives.
 */
const maxTimerMs = 2_147_483_647;

/** Upstream answers a body with another content type with 400; this port uses 415 (see report). */
export const unsupportedContentTypeStatus = 415;

/** A review's context; the signal is its LazyAbort's, made only if read (a prototype getter, no closure). */
class ReviewScope implements ReviewContext {
  constructor(
    private readonly flight: LazyAbort,
    readonly deadline: number,
  ) {}

  get signal(): AbortSignal {
    return this.flight.signal;
  }
}

export function createWebhookServer(opts: WebhookServerOptions): WebhookServer {
  return new WebhookServerImpl(opts);
}

class WebhookServerImpl implements WebhookServer {
  private readonly logger: Logger;
  private readonly health: readonly HealthEndpoint[];
  private readonly inFlight = new Set<LazyAbort>();
  private server: Server | undefined;
  private reloader: CertificateReloader | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(private readonly opts: WebhookServerOptions) {
    this.logger = opts.logger ?? nullLogger;
    this.health = [
      { path: '/healthz', checks: [pingCheck] },
      { path: '/readyz', checks: [informerSyncCheck(opts.isReady)] },
    ];
  }

  async start(): Promise<{ port: number }> {
    if (this.server !== undefined || this.stopping) throw new Error('webhook server already started');
    const server = await this.createServer();
    const t = { ...defaultTimeouts, ...this.opts.timeouts };
    server.headersTimeout = t.headersMs;
    server.requestTimeout = t.requestMs;
    server.keepAliveTimeout = t.keepAliveMs;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => {
        this.reloader?.close();
        reject(err);
      });
      server.listen(this.opts.port, this.opts.host, () => {
        server.removeAllListeners('error');
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error('webhook server error', { error: err }));
    const port = (server.address() as AddressInfo).port;
    this.logger.info('webhook server listening', {
      host: this.opts.host,
      port,
      tls: this.opts.tls !== undefined,
    });
    return { port };
  }

  stop(graceMs = 30_000): Promise<void> {
    this.stopped ??= this.shutdown(graceMs);
    return this.stopped;
  }

  private async shutdown(graceMs: number): Promise<void> {
    const server = this.server;
    this.stopping = true;
    if (server === undefined) return;
    this.logger.info('[graceful-termination] stopping webhook server', {
      inFlight: this.inFlight.size,
      graceMs,
    });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timedOut = await this.waitForDrain(graceMs);
    if (timedOut) {
      this.logger.warn('[graceful-termination] grace period over, closing connections', {
        inFlight: this.inFlight.size,
      });
      for (const f of this.inFlight) f.abort(new Error('webhook server is shutting down'));
      server.closeAllConnections();
    }
    this.reloader?.close();
    await closed;
    this.logger.info('[graceful-termination] webhook server stopped');
  }

  private async createServer(): Promise<Server> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.route(req, res);
    const tls = this.opts.tls;
    // Check header and request timeouts every second (Node's default is every 30 s), so a slow client
    // is cut off within a second of its deadline.
    const http = { connectionsCheckingInterval: 1000 };
    if (tls === undefined) return createHttpServer(http, listener);
    this.reloader = await CertificateReloader.load(tls, { logger: this.logger, ...this.opts.certReload });
    const { cert, key } = this.reloader.current;
    const server = createHttpsServer(
      { ...http, cert, key, minVersion: tls.minVersion ?? 'TLSv1.2' },
      listener,
    );
    this.reloader.attach(server);
    return server;
  }

  private waitForDrain(graceMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(true), graceMs);
      this.drained = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.stopping) res.setHeader('Connection', 'close');
    const url = parseTarget(req.url);
    const started = performance.now();
    res.once('finish', () =>
      this.logger.debug('request served', {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      }),
    );
    try {
      if (this.health.some((ep) => serveHealth(ep, url, res))) return;
      if (url.pathname === '/metrics') return await this.serveMetrics(res);
      await this.track((flight) => this.serveReview(req, res, url, flight));
    } catch (err) {
      // Upstream recovers panics the same way: assume nothing was written yet.
      this.logger.error('internal error serving request', { path: url.pathname, error: err });
      if (!res.headersSent) writeText(res, 500, 'internal server error\n');
      else res.destroy();
    }
  }

  private async serveMetrics(res: ServerResponse): Promise<void> {
    const registry = this.opts.metricsRegistry;
    const body = await registry.metrics();
    res.statusCode = 200;
    res.setHeader('Content-Type', registry.contentType);
    res.end(body);
  }

  private async track(serve: (flight: LazyAbort) => Promise<void>): Promise<void> {
    const flight = new LazyAbort();
    this.inFlight.add(flight);
    try {
      await serve(flight);
    } finally {
      this.inFlight.delete(flight);
      if (this.stopping) {
        this.server?.closeIdleConnections();
        if (this.inFlight.size === 0) this.drained?.();
      }
    }
  }

  private async serveReview(
    req: IncomingMessage,
    res: ServerResponse,
    url: RequestTarget,
    flight: LazyAbort,
  ): Promise<void> {
    const log = this.logger;
    if (hasNoBody(req)) {
      log.error('bad request', { error: 'request body is empty' });
      return writeText(res, 400, 'request body is empty\n');
    }
    const limit = this.opts.maxRequestBytes ?? maxRequestBytes;
    const read = await readBody(req, limit);
    if (read.kind === 'error') {
      log.error('unable to read the body from the incoming request', { error: read.error });
      return writeText(res, 400, 'unable to read the body from the incoming request\n');
    }
    if (read.kind === 'too-large') {
      log.error('unable to read the body from the incoming request; limit reached', { limit });
      return refuseTooLarge(req, res, `request entity is too large; limit is ${limit} bytes\n`);
    }
    const contentType = req.headers['content-type'] ?? '';
    if (contentType !== 'application/json') {
      log.error('unable to process a request with an unknown content type', { type: contentType });
      return writeText(
        res,
        unsupportedContentTypeStatus,
        'unable to process a request with a non-json content type\n',
      );
    }
    let review: unknown;
    try {
      review = JSON.parse(read.body.toString('utf8'));
    } catch (err) {
      log.error('unable to decode the request', { error: err });
      return writeText(res, 400, 'unable to decode the request\n');
    }
    await this.answer(review, res, url, flight);
  }

  private async answer(
    review: unknown,
    res: ServerResponse,
    url: RequestTarget,
    flight: LazyAbort,
  ): Promise<void> {
    const deadline = this.deadline(url);
    const timer = Number.isFinite(deadline)
      ? setTimeout(
          () => flight.abort(new Error('request deadline exceeded')),
          Math.min(maxTimerMs, Math.max(0, deadline - Date.now())),
        )
      : undefined;
    const onClose = () => {
      if (!res.writableFinished) flight.abort(new Error('client closed the connection'));
    };
    res.once('close', onClose);
    try {
      const response = await this.opts.handler(review, new ReviewScope(flight, deadline));
      writeReview(res, response, this.logger);
    } catch (err) {
      if (!(err instanceof BadReviewError)) throw err;
      this.logger.error('bad admission review', { error: err });
      writeText(res, 400, `${err.message}\n`);
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
    }
  }

  /** Upstream parseTimeout: the `?timeout=` Go duration, ignored (and logged) when invalid. */
  private deadline(url: RequestTarget): number {
    const value = url.searchParams.get('timeout') ?? '';
    if (value === '') return Number.POSITIVE_INFINITY;
    const parsed = parseGoDuration(value);
    if (!parsed.ok) {
      this.logger.debug('Invalid timeout', { error: `invalid timeout query: ${parsed.error}` });
      return Number.POSITIVE_INFINITY;
    }
    return Date.now() + parsed.ms;
  }
}

/**
 * Answers 413 at once, then discards what the client still sends and closes only once the body has
 * arrived (or the connection goes away; the server's request timeout bounds a body that never ends).
 * Closing with body bytes unread makes the kernel reset the connection, and a client still writing
 * then sees EPIPE or ECONNRESET instead of the answer; Go's server avoids the same race by discarding
 * and lingering before it closes.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
  res.writeHead(413, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
    Connection: 'close',
  });
  res.write(text);
  return new Promise((resolve) => {
    const finish = () => {
      req.off('end', finish);
      req.off('close', finish);
      req.off('error', finish);
      res.end();
      resolve();
    };
    if (req.complete || req.destroyed) return finish();
    req.on('data', discard);
    req.once('end', finish);
    req.once('close', finish);
    req.once('error', finish);
    req.resume();
  });
}

function discard(): void {
  // the bytes of a refused body are read and dropped
}

/**
 * Webhooks answer 200 whenever a review can be sent; the true status is in response.status.code.
 * application/json is declared (upstream leaves Go to sniff text/plain); the bytes are Go's.
 */
function writeReview(res: ServerResponse, review: unknown, logger: Logger): void {
  let body: string | undefined;
  try {
    body = goJSON(review);
  } catch (err) {
    logger.error('Failed to encode response', { error: err });
    return writeText(res, 500, `${err instanceof Error ? err.message : String(err)}\n`);
  }
  if (body === undefined) {
    logger.error('Failed to encode response', { error: 'handler returned no review' });
    return writeText(res, 500, 'handler returned no review\n');
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.end(body);
}
