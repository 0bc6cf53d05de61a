// Structured JSON logging without dependencies: one line per event ({ts, level, msg, fields}),
// level filtering, child loggers with bound fields, and redaction of secret-looking fields.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every event. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Events below this level are dropped; default info. */
  readonly level?: LogLevel;
  /** Receives each line without its newline; default writes to stderr. */
  readonly sink?: (line: string) => void;
  readonly clock?: () => Date;
}

const levelRank: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export const logLevels: readonly LogLevel[] = Object.freeze(['debug', 'info', 'warn', 'error']);

export function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

/** Field names whose values are never written (tokens, keys, passwords, authorization headers). */
const secretField = /(token|password|passphrase|secret|authorization|cookie|key$|keydata$)/i;

export const REDACTED = '[REDACTED]';

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = levelRank[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const make = (bound: LogFields): Logger => {
    const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
      if (levelRank[level] < threshold) return;
      sink(formatLine(clock(), level, msg, { ...bound, ...fields }));
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

/** A logger that drops everything (tests, library defaults). */
export const nullLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => nullLogger,
});

export function formatLine(ts: Date, level: LogLevel, msg: string, fields: LogFields): string {
  const event: Record<string, unknown> = { ts: ts.toISOString(), level, msg };
  const clean = sanitize(fields, 0);
  if (clean !== null && typeof clean === 'object' && Object.keys(clean).length > 0) event.fields = clean;
  return JSON.stringify(event);
}

/** Makes a value JSON-safe: errors as {name, message, code}, secrets redacted, depth and cycles bounded. */
function sanitize(value: unknown, depth: number): unknown {
  if (value instanceof Error) return errorFields(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretField.test(k) ? REDACTED : sanitize(v, depth + 1);
  }
  return out;
}

function errorFields(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  return out;
}
