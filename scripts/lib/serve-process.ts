// `psa-ephemeral serve` as a child process for the fault tests and the soak: started from the built
// dist/src/cli/main.js, or from src/cli/main.ts through tsx when running from the sources (`make unit`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveNodeFlags } from '../../src/cli/runtime.js';

/** One parsed log line of the server (the JSON the webhook logger writes to stderr). */
export interface LogEvent {
  readonly ts?: string;
  readonly level?: string;
  readonly msg?: string;
  readonly fields?: Record<string, unknown>;
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** Every log line so far, parsed; lines that are not JSON are kept as { msg: line }. */
  readonly logs: LogEvent[];
  /** True once the process has exited. */
  exited(): boolean;
  /** Resident set size in bytes, from /proc (Linux); undefined elsewhere or after exit. */
  rssBytes(): number | undefined;
  /** Sends `signal` (SIGTERM) and waits for the exit; SIGKILL after timeoutMs. Resolves the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * How to run `serve` as shipped: the image's node flags (`serveNodeFlags`), tsx when running from the
 * sources, and the main module.
 */
export function serveEntry(): { readonly nodeArgs: readonly string[]; readonly main: string } {
  const mainJs = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  if (existsSync(mainJs)) return { nodeArgs: [...serveNodeFlags], main: mainJs };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return {
    nodeArgs: [...serveNodeFlags, '--import', tsx],
    main: fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
  };
}

function parseLine(line: string): LogEvent {
  try {
    const v = JSON.parse(line) as unknown;
    if (typeof v === 'object' && v !== null) return v as LogEvent;
  } catch {
    // Not a log event: kept as text below.
  }
  return { msg: line };
}

export interface StartOptions {
  /** Extra node flags, e.g. --expose-gc or a preloaded module (after tsx, so it may be TypeScript). */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * Starts `serve` with `args` and resolves once it logs the port it listens on. Rejects (and kills the
 * process) when it exits first or does not listen within timeoutMs.
 */
export function startServe(args: readonly string[], options: StartOptions = {}): Promise<ServeProcess> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const entry = serveEntry();
  // One process, no supervisor, unless the caller asks for workers.
  const workers = args.includes('--workers') ? [] : ['--workers', '1'];
  const argv = [...entry.nodeArgs, ...(options.nodeArgs ?? []), entry.main, 'serve', ...workers, ...args];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  const logs: LogEvent[] = [];
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const handle = (port: number): ServeProcess => ({
    child,
    pid: child.pid ?? 0,
    port,
    logs,
    exited: () => exitCode !== undefined,
    rssBytes: () => rssOf(child.pid),
    stop: async (signal = 'SIGTERM', stopTimeoutMs = 10_000) => {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not listen within ${timeoutMs} ms:\n${text(logs)}`));
    }, timeoutMs);
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      const event = parseLine(line);
      logs.push(event);
      const port = event.fields?.port;
      if (event.msg === 'serving' && typeof port === 'number') {
        clearTimeout(timer);
        resolve(handle(port));
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code}:\n${text(logs)}`));
    });
  });
}

function text(logs: readonly LogEvent[]): string {
  return logs.map((l) => JSON.stringify(l)).join('\n');
}

/** VmRSS of a process from /proc/<pid>/status, in bytes. */
export function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
