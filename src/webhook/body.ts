// Request body reading with upstream's 3 MiB limit, and JSON encoding as Go's json.Encoder writes it.
import type { IncomingMessage } from 'node:http';

/** Upstream maxRequestSize: a body of this many bytes or more is refused with 413. */
export const maxRequestBytes = 3 * 1024 * 1024;

export type BodyResult =
  | { readonly kind: 'ok'; readonly body: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'error'; readonly error: Error };

/** Go's server sets Body to http.NoBody when there is neither a Content-Length nor chunked framing. */
export function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) === 0;
  return req.headers['transfer-encoding'] === undefined;
}

/**
 * Reads the body, stopping at `limit` bytes. Like upstream's io.LimitedReader check, reaching the
 * limit counts as too large, so a body of exactly `limit` bytes is refused.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared >= limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size >= limit) {
        req.pause();
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    // A body that arrived in one chunk (the usual case) is used as it is, not copied.
    const onEnd = () =>
      finish({ kind: 'ok', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onError = (error: Error) => finish({ kind: 'error', error });
    const onClose = () =>
      finish({ kind: 'error', error: new Error('connection closed before the body was read') });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const goEscapes: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON as Go's json.Encoder writes it: HTML-safe escapes for <, > and &, escaped line and paragraph
 * separators, and a trailing newline. The characters only occur inside strings, so replacing them
 * after JSON.stringify is exact. Returns undefined for values JSON cannot encode.
 */
export function goJSON(value: unknown): string | undefined {
  const text = JSON.stringify(value);
  if (text === undefined) return undefined;
  return `${text.replace(/[<>&\u2028\u2029]/g, (c) => goEscapes[c] ?? c)}\n`;
}
