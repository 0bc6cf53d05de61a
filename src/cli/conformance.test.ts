import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from './conformance.js';
import { CliUsageError } from './errors.js';

const pass = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n';
const privileged = `${pass}    securityContext:\n      privileged: true\n`;

let dir: string;
let out: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-cli-conformance-'));
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function fixtures(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

describe('conformance command', () => {
  it('prints the table and the totals, exit 0 when everything passes', async () => {
    await fixtures({
      'baseline/v1.0/pass/base.yaml': pass,
      'baseline/v1.0/fail/privileged0.yaml': privileged,
    });
    expect(await run(['--testdata', dir])).toBe(0);
    expect(out.join('\n')).toBe(
      [
        'LEVEL     VERSION  PASSED  FAILED',
        'baseline  v1.0          2       0',
        '',
        '2 passed, 0 failed',
      ].join('\n'),
    );
  });

  it('lists each failure with file and reason, exit 1', async () => {
    await fixtures({
      'baseline/v1.0/pass/base.yaml': privileged,
      'restricted/v1.10/fail/privileged0.yaml': pass,
    });
    expect(await run(['--testdata', dir])).toBe(1);
    expect(out.join('\n')).toBe(
      [
        'LEVEL       VERSION  PASSED  FAILED',
        'baseline    v1.0          0       1',
        'restricted  v1.10         0       1',
        '',
        'failures:',
        'FAIL baseline/v1.0/pass/base.yaml: expected allowed, got forbidden: ' +
          'privileged (container "c" must not set securityContext.privileged=true)',
        'FAIL restricted/v1.10/fail/privileged0.yaml: expected forbidden by check "privileged", got: ' +
          'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), ' +
          'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true)',
        '',
        '0 passed, 2 failed',
      ].join('\n'),
    );
  });

  it('prints a JSON report with --json', async () => {
    await fixtures({ 'baseline/v1.0/fail/privileged0.yaml': pass });
    expect(await run(['--testdata', dir, '--json'])).toBe(1);
    expect(JSON.parse(out.join('\n'))).toEqual({
      passed: 0,
      failed: 1,
      groups: [{ level: 'baseline', version: 'v1.0', passed: 0, failed: 1 }],
      failures: [
        {
          file: 'baseline/v1.0/fail/privileged0.yaml',
          reason: 'expected forbidden by check "privileged", got allowed',
        },
      ],
    });
  });

  it.each([
    { name: 'missing --testdata', argv: [], message: '--testdata: is required' },
    { name: 'unknown flag', argv: ['--testdata', '.', '--verbose'], message: "Unknown option '--verbose'" },
    { name: 'positional argument', argv: ['dir'], message: "Unexpected argument 'dir'" },
    {
      name: 'missing folder',
      argv: ['--testdata', '/no/such/dir'],
      message: '--testdata: /no/such/dir: no such folder',
    },
  ])('rejects $name with a one-line CliUsageError', async ({ argv, message }) => {
    const err = await run(argv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliUsageError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('reports a folder without fixtures as a usage error', async () => {
    await fixtures({ 'README.md': 'x' });
    await expect(run(['--testdata', dir])).rejects.toThrow(new CliUsageError(`${dir}: no fixtures found`));
  });
});
