// The server cuts off a client that is too slow with its headers within about a second of the header
// deadline (connectionsCheckingInterval), instead of Node's default 30 s check interval.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { nullLogger } from './log.js';
import { createWebhookServer, type WebhookServer } from './server.js';

let server: WebhookServer;
let port: number;

beforeAll(async () => {
  server = createWebhookServer({
    port: 0,
    host: '127.0.0.1',
    handler: async () => ({}),
    isReady: () => true,
    metricsRegistry: new Registry(),
    logger: nullLogger,
    timeouts: { headersMs: 500, requestMs: 1000, keepAliveMs: 5000 },
  });
  ({ port } = await server.start());
});

afterAll(() => server.stop(100));

/** Opens a connection, sends part of a request line, and resolves with how long until the server closes it. */
function slowHeaders(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write('POST /validate HTTP/1.1\r\nHost: x\r\n'));
    socket.on('data', () => undefined);
    socket.on('close', () => resolve(Date.now() - started));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error('connection still open after 25 s'));
    }, 25_000);
  });
}

describe('header timeout enforcement', () => {
  it('closes a connection whose headers never finish within about a second of the deadline', async () => {
    const elapsed = await slowHeaders();
    expect(elapsed).toBeGreaterThanOrEqual(450);
    // Node's default check interval (30 s) would close it only after about 30 s; loose for loaded machines
    expect(elapsed).toBeLessThan(20_000);
  });
});
