// A minimal HTTPS client for AdmissionReviews: POST JSON to the webhook, trusting only the given CA.
import { request } from 'node:https';

export interface PostResult {
  readonly status: number;
  readonly body: string;
}

export function postJSON(url: string, body: unknown, ca: string, timeoutMs = 5000): Promise<PostResult> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca,
        headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function getStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', ca, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
