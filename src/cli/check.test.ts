import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliUsageError } from './errors.js';
import { run } from './check.js';

const dir = mkdtempSync(join(tmpdir(), 'psa-check-test-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const privilegedPod = file(
  'pod.yaml',
  `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: app, image: nginx, securityContext: {privileged: true}}
`,
);

const restrictedDeployment = file(
  'deploy.yaml',
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: api
        image: api
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`,
);

async function check(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  const code = await run(argv);
  return { code, out: lines.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('psa-ephemeral check', () => {
  it('denies a privileged pod under baseline and exits 1, with every mode reported', async () => {
    const { code, out } = await check([
      '-f',
      privilegedPod,
      '--namespace-labels',
      'enforce=baseline,audit=restricted',
    ]);
    expect(code).toBe(1);
    expect(out).toContain(
      'enforce: DENIED: pods "web" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)',
    );
    expect(out).toContain(
      'audit:   audit-violations: would violate PodSecurity "restricted:latest": privileged',
    );
    expect(out).toContain('warn:    not evaluated (the request is denied)');
  });

  it('judges a controller template as the pods it creates and exits 0 when all are allowed', async () => {
    const { code, out } = await check(['-f', restrictedDeployment, '-l', 'enforce=restricted']);
    expect(code).toBe(0);
    expect(out).toContain('Deployment/api');
    expect(out).toContain('enforce: allowed');
    expect(out).toContain('warn:    no warnings');
  });

  it('shows the ephemeral enforce policy when the labels split it', async () => {
    const { out } = await check([
      '-f',
      restrictedDeployment,
      '-l',
      'enforce=restricted,ephemeral-enforce=baseline',
    ]);
    expect(out).toContain('[enforce-policy restricted:latest, ephemeral-enforce-policy baseline:latest]');
  });

  it.each([
    // no file
    { argv: ['-l', 'enforce=restricted'], error: '--filename: at least one -f FILE is required' },
    // a label without a value
    {
      argv: ['-f', privilegedPod, '-l', 'enforce'],
      error: '--namespace-labels: expected key=value, got "enforce"',
    },
    // an unreadable file
    { argv: ['-f', join(dir, 'missing.yaml')], error: 'missing.yaml: cannot read file (ENOENT)' },
    // an object without a pod spec
    {
      argv: ['-f', file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n')],
      error: 'Service has no pod spec to check',
    },
  ])('rejects bad input: $error', async ({ argv, error }) => {
    const err = await check(argv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliUsageError);
    expect((err as Error).message).toContain(error);
  });
});
