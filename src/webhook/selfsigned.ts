// Self-signed CA and serving certificate for the demo and tests, made by the openssl CLI
// (files named as in a kubernetes.io/tls Secret: ca.crt, tls.crt, tls.key).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedOptions {
  /** DNS names and IP addresses for subjectAltName; default localhost and 127.0.0.1. */
  readonly hosts?: readonly string[];
  readonly commonName?: string;
  readonly days?: number;
  /** The openssl binary; default "openssl" from PATH. */
  readonly openssl?: string;
}

export interface SelfSignedFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** PEM of the CA certificate, e.g. for a ValidatingWebhookConfiguration caBundle. */
  readonly caPem: string;
}

const defaultHosts = ['localhost', '127.0.0.1'];

/** Writes ca.crt, ca.key, tls.crt and tls.key (P-256 keys, mode 0600) into `dir`, created if missing. */
export async function generateSelfSigned(
  dir: string,
  options: SelfSignedOptions = {},
): Promise<SelfSignedFiles> {
  const openssl = options.openssl ?? 'openssl';
  const days = String(options.days ?? 365);
  const hosts = options.hosts ?? defaultHosts;
  const cn = options.commonName ?? hosts[0] ?? 'localhost';
  await mkdir(dir, { recursive: true });
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(openssl, [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    days,
    '-subj',
    '/CN=psa-ephemeral-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run(openssl, ['req', ...ec, '-keyout', f('tls.key'), '-out', f('tls.csr'), '-subj', `/CN=${cn}`]);
  await writeFile(f('tls.ext'), servingExtensions(hosts));
  await run(openssl, [
    'x509',
    '-req',
    '-in',
    f('tls.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-set_serial',
    `0x${randomSerial()}`,
    '-days',
    days,
    '-sha256',
    '-extfile',
    f('tls.ext'),
    '-out',
    f('tls.crt'),
  ]);
  await Promise.all([
    rm(f('tls.csr')),
    rm(f('tls.ext')),
    chmod(f('tls.key'), 0o600),
    chmod(f('ca.key'), 0o600),
  ]);
  return {
    caFile: f('ca.crt'),
    certFile: f('tls.crt'),
    keyFile: f('tls.key'),
    caPem: await readFile(f('ca.crt'), 'utf8'),
  };
}

/** The x509v3 extensions of a serving certificate for `hosts`. */
export function servingExtensions(hosts: readonly string[]): string {
  const san = hosts.map((h) => (isIP(h) === 0 ? `DNS:${h}` : `IP:${h}`)).join(',');
  return [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${san}`,
    '',
  ].join('\n');
}

/** A positive 64-bit serial, so reissued certificates never repeat one. */
function randomSerial(): string {
  const bytes = randomBytes(8);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}
