// Regression: a `?timeout=` longer than setTimeout's range (2^31-1 ms, about 24.8 days) fired at once,
// aborting the request after 1 ms (and failing live namespace lookups closed) instead of never.
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../metrics/prometheus.js';
import { createWebhookServer, type WebhookServer } from './server.js';

let server: WebhookServer | undefined;

afterEach(async () => {
  await server?.stop(100);
  server = undefined;
});

describe('request deadline', () => {
  it.each([
    // within setTimeout's range: the deadline passes first
    { timeout: '20ms', aborted: true },
    // beyond it: the handler runs to the end, as with no deadline at all
    { timeout: '1000h', aborted: false },
    { timeout: '2562047h', aborted: false },
  ])('?timeout=$timeout aborts the signal: $aborted', async ({ timeout, aborted }) => {
    server = createWebhookServer({
      port: 0,
      host: '127.0.0.1',
      handler: async (_body, ctx) => {
        await new Promise((r) => setTimeout(r, 100));
        return { aborted: ctx.signal.aborted };
      },
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
    });
    const { port } = await server.start();
    const res = await fetch(`http://127.0.0.1:${port}/?timeout=${timeout}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(await res.text()).toBe(`{"aborted":${aborted}}\n`);
  });
});
