// Open-loop load generator for `make bench`, run in its own process on its own core: POSTs one body
// over HTTPS keep-alive at a fixed rate and prints one JSON line of results. Each latency is measured
// from the request's scheduled start, so a server that falls behind shows as latency instead of being
// hidden by a client that waits for it (no coordinated omission).
//   node dist/bench/loadgen.js --url U --body F --ca F --rate N --seconds S --connections C --expect TEXT
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

export interface LoadResult {
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  /** The first few distinct error descriptions. */
  readonly errorKinds: string[];
  readonly seconds: number;
  readonly rate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

interface Options {
  readonly url: URL;
  readonly body: Buffer;
  readonly agent: Agent;
  readonly expect: string;
  readonly timeoutMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One POST; resolves with an error description, or undefined when the answer is the expected one. */
function post(o: Options): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request(
      o.url,
      {
        method: 'POST',
        agent: o.agent,
        timeout: o.timeoutMs,
        headers: { 'Content-Type': 'application/json', 'Content-Length': o.body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(`HTTP ${res.statusCode}`);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve(text.includes(o.expect) ? undefined : 'unexpected review');
        });
        res.on('error', (err) => resolve(err.message));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve(err.message));
    req.end(o.body);
  });
}

/** Sends rate·seconds requests on schedule; each scheduled time is honoured even if earlier ones wait. */
export async function runFixedRate(o: Options, rate: number, seconds: number): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const kinds = new Set<string>();
  let errors = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; next < total && t0 + next * interval <= now; next++) {
        const scheduled = t0 + next * interval;
        const done = post(o).then((err) => {
          if (err === undefined) latencies.push(performance.now() - scheduled);
          else if (errors++ < 1000) kinds.add(err);
        });
        pending.push(done);
      }
      if (next < total) setImmediate(tick);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    ok: latencies.length,
    errors,
    errorKinds: [...kinds].slice(0, 5),
    seconds: elapsed,
    rate: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    p999Ms: percentile(latencies, 99.9),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      body: { type: 'string' },
      ca: { type: 'string' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      expect: { type: 'string', default: '"allowed":true' },
    },
  });
  if (values.url === undefined || values.body === undefined) throw new Error('--url and --body are required');
  const connections = Number(values.connections);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: connections,
    ...(values.ca !== undefined ? { ca: readFileSync(values.ca) } : {}),
  });
  const o: Options = {
    url: new URL(values.url),
    body: readFileSync(values.body),
    agent,
    expect: values.expect,
    timeoutMs: 10_000,
  };
  // Open every keep-alive connection (TLS handshakes included) before the clock starts.
  await Promise.all(Array.from({ length: connections }, () => post(o)));
  const result = await runFixedRate(o, Number(values.rate), Number(values.seconds));
  agent.destroy();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1]?.endsWith('loadgen.js')) await main();
