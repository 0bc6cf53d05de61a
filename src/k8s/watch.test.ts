import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClient } from './client.js';
import { staticConnection } from './kubeconfig.js';
import { Watcher, type WatchEnd, type WatchEvent } from './watch.js';

let server: Server | undefined;
let requests: URL[] = [];

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
  requests = [];
});

/** A server whose single route answers with `handler`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<KubeClient> {
  server = createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://x'));
    handler(req, res);
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return new KubeClient(
    staticConnection({ server: `http://127.0.0.1:${port}`, insecureSkipTLSVerify: false }),
  );
}

const target = { resource: 'namespaces' };
const event = (type: string, name: string, rv: string) =>
  JSON.stringify({ type, object: { metadata: { name, resourceVersion: rv } } });

/** Runs one watch of /api/v1/namespaces from version 1 to its end; returns how it ended and its events. */
async function collect(watcher: Watcher): Promise<{ end: WatchEnd; events: WatchEvent[] }> {
  const events: WatchEvent[] = [];
  const end = await watcher.watch(
    '/api/v1/namespaces',
    target,
    '1',
    (e) => events.push(e),
    new AbortController().signal,
  );
  return { end, events };
}

describe('Watcher', () => {
  it('sends client-go watch parameters and hands over events split across chunks and UTF-8 bytes', async () => {
    const client = await serve((_req, res) => {
      res.writeHead(200);
      const text = `${event('ADDED', 'é-one', '2')}\n${event('BOOKMARK', '', '3')}`;
      const bytes = Buffer.from(text);
      const cut = bytes.indexOf(Buffer.from('é')) + 1; // inside the two-byte é
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    });
    const { end, events } = await collect(new Watcher(client, { timeoutSeconds: 7 }));
    expect(end).toBe('closed');
    expect(events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'é-one'],
      ['BOOKMARK', ''],
    ]);
    expect(Object.fromEntries(requests[0]?.searchParams ?? [])).toEqual({
      watch: 'true',
      resourceVersion: '1',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '7',
    });
  });

  it('aborts a watch the server never ends once the timeout and the watchdog grace are over', async () => {
    const client = await serve((_req, res) => res.writeHead(200).write(`${event('ADDED', 'a', '2')}\n`));
    const started = Date.now();
    const { end, events } = await collect(new Watcher(client, { timeoutSeconds: 0, watchdogGraceMs: 100 }));
    expect(end).toBe('closed');
    expect(events).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('stops when the caller aborts, during the stream or while pacing', async () => {
    const client = await serve((_req, res) => res.writeHead(200).write('\n'));
    const watcher = new Watcher(client, { minIntervalMs: 10_000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    expect(await watcher.watch('/w', target, '1', () => undefined, stop.signal)).toBe('stopped');
    const again = new AbortController();
    setTimeout(() => again.abort(), 50);
    expect(await watcher.watch('/w', target, '1', () => undefined, again.signal)).toBe('stopped');
    expect(requests).toHaveLength(1);
  });

  it('rejects when the watch cannot start, on an undecodable event, and when the handler throws', async () => {
    const client = await serve((req, res) => {
      if (req.url?.startsWith('/denied')) {
        res.writeHead(403).end(JSON.stringify({ kind: 'Status', message: 'forbidden: no watch', code: 403 }));
      } else if (req.url?.startsWith('/garbage')) {
        res.writeHead(200).end('not json\n');
      } else {
        res.writeHead(200).end(`${event('ADDED', 'a', '2')}\n`);
      }
    });
    const watcher = new Watcher(client, { minIntervalMs: 0 });
    const signal = new AbortController().signal;
    await expect(watcher.watch('/denied', target, '1', () => undefined, signal)).rejects.toThrow(
      'forbidden: no watch',
    );
    await expect(watcher.watch('/garbage', target, '1', () => undefined, signal)).rejects.toThrow(
      /^unable to decode watch event: /,
    );
    const boom = () => {
      throw new Error('handler failed');
    };
    await expect(watcher.watch('/ok', target, '1', boom, signal)).rejects.toThrow('handler failed');
  });
});
