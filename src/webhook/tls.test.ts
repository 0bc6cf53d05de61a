import { copyFile, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureContextOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { generateSelfSigned, servingExtensions, type SelfSignedFiles } from './selfsigned.js';
import { CertificateReloader, loadCredentials } from './tls.js';

let dir: string;
let a: SelfSignedFiles;
let b: SelfSignedFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-tls-'));
  [a, b] = await Promise.all([generateSelfSigned(join(dir, 'a')), generateSelfSigned(join(dir, 'b'))]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh copy of pair `from` in its own directory, to rotate in place. */
async function livePair(name: string, from: SelfSignedFiles) {
  const live = join(dir, name);
  const copy = await generateSelfSigned(live);
  await copyFile(from.certFile, copy.certFile);
  await copyFile(from.keyFile, copy.keyFile);
  return copy;
}

async function swapIn(live: SelfSignedFiles, from: SelfSignedFiles) {
  await copyFile(from.keyFile, `${live.keyFile}.tmp`);
  await copyFile(from.certFile, `${live.certFile}.tmp`);
  await rename(`${live.keyFile}.tmp`, live.keyFile);
  await rename(`${live.certFile}.tmp`, live.certFile);
}

function recordingTarget() {
  const contexts: SecureContextOptions[] = [];
  return { contexts, setSecureContext: (o: SecureContextOptions) => void contexts.push(o) };
}

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('loadCredentials', () => {
  it('reads a matching pair with its fingerprint', async () => {
    const creds = await loadCredentials({ certFile: a.certFile, keyFile: a.keyFile });
    expect(creds.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(creds.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it.each([
    // key of another certificate
    { name: 'mismatched key', cert: () => a.certFile, key: () => b.keyFile, error: /key values mismatch/ },
    { name: 'missing file', cert: () => join(dir, 'nope.crt'), key: () => a.keyFile, error: /ENOENT/ },
  ])('rejects a $name', async ({ cert, key, error }) => {
    await expect(loadCredentials({ certFile: cert(), keyFile: key() })).rejects.toThrow(error);
  });
});

describe('CertificateReloader', () => {
  it('installs a changed pair, ignores an unchanged one and keeps the old pair when the new one is bad', async () => {
    const live = await livePair('manual', a);
    const lines: string[] = [];
    const reloader = await CertificateReloader.load(live, {
      logger: createLogger({ sink: (l) => lines.push(l) }),
    });
    const target = recordingTarget();
    reloader.attach(target);
    try {
      const first = reloader.current.fingerprint;
      expect(await reloader.reload()).toBe(false);

      await swapIn(live, b);
      expect(await reloader.reload()).toBe(true);
      expect(target.contexts).toHaveLength(1);
      expect(reloader.current.fingerprint).not.toBe(first);

      await copyFile(a.keyFile, live.keyFile);
      expect(await reloader.reload()).toBe(false);
      expect(target.contexts).toHaveLength(1);
      const error = JSON.parse(lines.find((l) => l.includes('"level":"error"')) ?? '{}') as Record<
        string,
        unknown
      >;
      expect(error).toMatchObject({
        msg: 'failed to reload serving certificate, keeping the current one',
        fields: { certFile: live.certFile, keyFile: live.keyFile, error: { name: 'Error' } },
      });
      expect(lines.join('\n')).not.toContain('PRIVATE KEY');
    } finally {
      reloader.close();
    }
  });

  it('reloads on a file system event without waiting for the poll', async () => {
    const live = await livePair('watched', a);
    const reloader = await CertificateReloader.load(live, { debounceMs: 10, pollIntervalMs: 3_600_000 });
    const target = recordingTarget();
    reloader.attach(target);
    try {
      await swapIn(live, b);
      await until(() => target.contexts.length === 1);
      expect(target.contexts[0]?.cert).toEqual(await readFile(b.certFile));
    } finally {
      reloader.close();
    }
  });

  it('reloads by polling when events are missed', async () => {
    const live = await livePair('polled', a);
    const reloader = await CertificateReloader.load(live, { debounceMs: 3_600_000, pollIntervalMs: 30 });
    const target = recordingTarget();
    reloader.attach(target);
    try {
      await swapIn(live, b);
      await until(() => target.contexts.length === 1);
    } finally {
      reloader.close();
    }
  });
});

describe('servingExtensions', () => {
  it('puts DNS names and IP addresses in subjectAltName', () => {
    expect(servingExtensions(['localhost', '127.0.0.1', '::1', 'psa.svc'])).toBe(
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:psa.svc',
        '',
      ].join('\n'),
    );
  });

  it('writes the CA PEM it returns', async () => {
    expect(await readFile(a.caFile, 'utf8')).toBe(a.caPem);
  });
});
