// Serving certificate and key from files, reloaded into a running https.Server when they change on
// disk (fs.watch on their directories plus polling); a bad new pair is logged and the old one kept.
import { X509Certificate } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { nullLogger, type Logger } from './log.js';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface ServingCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 fingerprint of the leaf certificate, as X509Certificate prints it. */
  readonly fingerprint: string;
  readonly notAfter: string;
}

export interface ReloaderOptions {
  readonly logger?: Logger;
  /** Wait this long after the last change event before reloading (writers touch both files). */
  readonly debounceMs?: number;
  /** Re-read the files this often even without events (fs.watch misses some volume updates). */
  readonly pollIntervalMs?: number;
}

/** Anything that can take a new certificate: https.Server and tls.Server. */
export interface SecureContextTarget {
  setSecureContext(options: SecureContextOptions): void;
}

/** Reads the pair and checks that the key matches the certificate; throws if not. */
export async function loadCredentials(files: TlsFiles): Promise<ServingCredentials> {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  createSecureContext({ cert, key });
  const leaf = new X509Certificate(cert);
  return { cert, key, fingerprint: leaf.fingerprint256, notAfter: leaf.validTo };
}

export class CertificateReloader {
  private readonly logger: Logger;
  private readonly debounceMs: number;
  private readonly pollIntervalMs: number;
  private targets: SecureContextTarget[] = [];
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private running: Promise<boolean> = Promise.resolve(false);
  private closed = false;

  private constructor(
    private readonly files: TlsFiles,
    private creds: ServingCredentials,
    options: ReloaderOptions,
  ) {
    this.logger = options.logger ?? nullLogger;
    this.debounceMs = options.debounceMs ?? 250;
    this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
  }

  /** Loads the initial pair; a failure here is a startup error and is thrown. */
  static async load(files: TlsFiles, options: ReloaderOptions = {}): Promise<CertificateReloader> {
    return new CertificateReloader(files, await loadCredentials(files), options);
  }

  get current(): ServingCredentials {
    return this.creds;
  }

  /** Starts watching (once) and sends every later reload to `target`. */
  attach(target: SecureContextTarget): void {
    this.targets.push(target);
    if (this.targets.length > 1 || this.closed) return;
    for (const dir of new Set([dirname(this.files.certFile), dirname(this.files.keyFile)]))
      this.watchDir(dir);
    this.poll = setInterval(() => void this.reload(), this.pollIntervalMs);
    this.poll.unref();
  }

  /** Re-reads the files; true when a new pair was installed. Reloads never overlap. */
  reload(): Promise<boolean> {
    this.running = this.running.then(() => this.reloadOnce());
    return this.running;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    clearInterval(this.poll);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private async reloadOnce(): Promise<boolean> {
    if (this.closed) return false;
    let next: ServingCredentials;
    try {
      next = await loadCredentials(this.files);
    } catch (err) {
      this.logger.error('failed to reload serving certificate, keeping the current one', {
        certFile: this.files.certFile,
        keyFile: this.files.keyFile,
        error: err,
      });
      return false;
    }
    if (next.cert.equals(this.creds.cert) && next.key.equals(this.creds.key)) return false;
    for (const t of this.targets) t.setSecureContext({ cert: next.cert, key: next.key });
    this.logger.info('reloaded serving certificate', {
      certFile: this.files.certFile,
      fingerprint: next.fingerprint,
      previousFingerprint: this.creds.fingerprint,
      notAfter: next.notAfter,
    });
    this.creds = next;
    return true;
  }

  /** Watches the directory, not the file: Secret volumes swap a symlink, which a file watch misses. */
  private watchDir(dir: string): void {
    try {
      const w = watch(dir, { persistent: false }, () => this.schedule());
      w.on('error', (err) => {
        this.logger.warn('certificate directory watch failed, relying on polling', { dir, error: err });
        w.close();
      });
      this.watchers.push(w);
    } catch (err) {
      this.logger.warn('cannot watch certificate directory, relying on polling', { dir, error: err });
    }
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.debounceMs);
    this.debounce.unref();
  }
}
