import { describe, expect, it } from 'vitest';
import { createLogger, formatLine, isLogLevel, nullLogger, REDACTED, type LogLevel } from './log.js';

const at = new Date('2024-05-01T10:00:00.000Z');

function capture(level?: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (l) => lines.push(l), clock: () => at });
  return { lines, logger };
}

describe('createLogger', () => {
  it('writes one JSON line per event with ts, level, msg and fields', () => {
    const { lines, logger } = capture();
    logger.info('listening', { port: 8443 });
    logger.warn('no fields');
    expect(lines).toEqual([
      '{"ts":"2024-05-01T10:00:00.000Z","level":"info","msg":"listening","fields":{"port":8443}}',
      '{"ts":"2024-05-01T10:00:00.000Z","level":"warn","msg":"no fields"}',
    ]);
  });

  it.each([
    // threshold and the levels that pass it
    { level: 'debug', passed: ['debug', 'info', 'warn', 'error'] },
    { level: 'info', passed: ['info', 'warn', 'error'] },
    { level: 'warn', passed: ['warn', 'error'] },
    { level: 'error', passed: ['error'] },
  ] as { level: LogLevel; passed: LogLevel[] }[])('at level $level logs $passed', ({ level, passed }) => {
    const { lines, logger } = capture(level);
    logger.debug('m');
    logger.info('m');
    logger.warn('m');
    logger.error('m');
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(passed);
  });

  it('binds fields in child loggers, the event fields winning', () => {
    const { lines, logger } = capture();
    logger.child({ component: 'webhook', uid: 'a' }).child({ uid: 'b' }).error('x', { uid: 'c' });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ fields: { component: 'webhook', uid: 'c' } });
  });

  it('renders errors by name, message and code instead of {}', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(formatLine(at, 'error', 'x', { error: err })).toBe(
      '{"ts":"2024-05-01T10:00:00.000Z","level":"error","msg":"x","fields":{"error":{"name":"Error","message":"connect ECONNREFUSED","code":"ECONNREFUSED"}}}',
    );
  });

  it.each([
    // secret-looking keys at any depth
    ['token', { token: 'abc' }, { token: REDACTED }],
    [
      'nested authorization',
      { headers: { Authorization: 'Bearer abc' } },
      { headers: { Authorization: REDACTED } },
    ],
    [
      'key and password',
      { key: 'k', tlsKey: 'k', password: 'p', certFile: '/c' },
      { key: REDACTED, tlsKey: REDACTED, password: REDACTED, certFile: '/c' },
    ],
    // buffers are summarized, never dumped
    ['buffer', { cert: Buffer.from('abc') }, { cert: '[3 bytes]' }],
    ['bigint', { n: 10n }, { n: '10' }],
  ])('redacts or summarizes %s', (_name, fields, want) => {
    expect((JSON.parse(formatLine(at, 'info', 'm', fields)) as { fields: unknown }).fields).toEqual(want);
  });

  it('survives cycles by bounding depth', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => formatLine(at, 'info', 'm', { a })).not.toThrow();
  });
});

describe('helpers', () => {
  it.each([
    ['info', true],
    ['warning', false],
  ])('isLogLevel(%s) = %s', (v, want) => {
    expect(isLogLevel(v)).toBe(want);
  });

  it('nullLogger drops everything', () => {
    expect(() => nullLogger.child({ a: 1 }).error('x')).not.toThrow();
  });
});
