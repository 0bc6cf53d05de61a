// The floor for section 6: a bare node:https server (same TLS pair, keep-alive, Node's HTTP/1.1 stack)
// that reads the body, JSON.parses it and answers a fixed allowed review: what any Node webhook pays
// before admission. Logs {"msg":"serving","fields":{"port":N}} like `serve`.
//   node dist/bench/floor-server.js --tls-cert-file F --tls-private-key-file F
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { 'tls-cert-file': { type: 'string' }, 'tls-private-key-file': { type: 'string' } },
});
const answer =
  '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"x","allowed":true,"auditAnnotations":{"enforce-policy":"restricted:latest"}}}\n';
const server = createServer(
  {
    cert: readFileSync(values['tls-cert-file'] ?? ''),
    key: readFileSync(values['tls-private-key-file'] ?? ''),
  },
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request?: { uid?: string } };
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json');
      res.end(answer.replace('"x"', JSON.stringify(review.request?.uid ?? '')));
    });
  },
);
server.keepAliveTimeout = 90_000;
server.listen(0, '127.0.0.1', () => {
  const port = (server.address() as AddressInfo).port;
  process.stderr.write(`${JSON.stringify({ msg: 'serving', fields: { port } })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
