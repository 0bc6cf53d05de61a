// /healthz and /readyz as k8s.io/apiserver's healthz package serves them: "ok", ?verbose and
// ?exclude= on the root path, one sub-path per check, check errors withheld on the root path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { goQuote } from '../api/quote.js';
import type { RequestTarget } from './target.js';

export interface HealthCheck {
  readonly name: string;
  /** Returns an error message when failing, undefined when healthy. */
  check(): string | undefined;
}

export const pingCheck: HealthCheck = { name: 'ping', check: () => undefined };

/** Upstream readyz uses healthz.NewInformerSyncHealthz, named "informer-sync". */
export function informerSyncCheck(isReady: () => boolean): HealthCheck {
  return {
    name: 'informer-sync',
    check: () => (isReady() ? undefined : '1 informers not started yet: [*v1.Namespace]'),
  };
}

export interface HealthEndpoint {
  readonly path: string;
  readonly checks: readonly HealthCheck[];
}

/** Serves `req` if its path is the endpoint or one of its check sub-paths; returns false otherwise. */
export function serveHealth(
  ep: HealthEndpoint,
  url: RequestTarget,
  res: ServerResponse<IncomingMessage>,
): boolean {
  if (url.pathname === ep.path) {
    serveRoot(ep, url, res);
    return true;
  }
  const check = ep.checks.find((c) => url.pathname === `${ep.path}/${c.name}`);
  if (check === undefined) return false;
  const err = check.check();
  if (err !== undefined) writeText(res, 500, `internal server error: ${err}\n`);
  else writeText(res, 200, 'ok');
  return true;
}

function serveRoot(ep: HealthEndpoint, url: RequestTarget, res: ServerResponse<IncomingMessage>): void {
  const name = ep.path.slice(1);
  const excluded = new Set(url.searchParams.getAll('exclude'));
  let output = '';
  const failed: string[] = [];
  for (const c of ep.checks) {
    if (excluded.delete(c.name)) {
      output += `[+]${c.name} excluded: ok\n`;
      continue;
    }
    if (c.check() === undefined) {
      output += `[+]${c.name} ok\n`;
    } else {
      // The reason stays out of the public endpoint, as upstream does.
      output += `[-]${c.name} failed: reason withheld\n`;
      failed.push(c.name);
    }
  }
  if (excluded.size > 0) {
    const names = [...excluded].sort().map(goQuote);
    output += `warn: some health checks cannot be excluded: no matches for ${names.join(',')}\n`;
  }
  if (failed.length > 0) {
    writeText(res, 500, `${output}${name} check failed\n`);
    return;
  }
  writeText(res, 200, url.searchParams.has('verbose') ? `${output}${name} check passed\n` : 'ok');
}

/** Go's http.Error headers: plain text, no sniffing. */
export function writeText(res: ServerResponse<IncomingMessage>, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}
