import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry } from './demo.js';

const dir = mkdtempSync(join(tmpdir(), 'psa-review-test-'));
const namespaces = join(dir, 'ns.yaml');
writeFileSync(
  namespaces,
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n',
);
const benchReview = new URL('../../bench/reviews/web-privileged.review.json', import.meta.url);

function review(argv: string[], stdin: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...cliEntry(), 'review', ...argv], {
    input: stdin,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'bench' },
  spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }] },
};
const podReview = JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'uid-1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    name: 'web',
    namespace: 'bench',
    operation: 'CREATE',
    userInfo: { username: 'alice' },
    object: pod,
  },
});

describe('psa-ephemeral review', () => {
  it("writes the response as the webhook sends it, with Go's HTML-safe escapes", () => {
    const odd = join(dir, 'ns-odd.yaml');
    writeFileSync(
      odd,
      'metadata:\n  name: bench\n  labels:\n    pod-security.kubernetes.io/enforce: "<a&b>"\n',
    );
    const out = review(['--namespaces', odd], podReview);
    expect(out.stderr).toBe('');
    expect(out.stdout.endsWith('}\n')).toBe(true);
    expect(out.stdout).toContain('Invalid value: \\"\\u003ca\\u0026b\\u003e\\"');
    expect(out.stdout).not.toMatch(/[<>&]/);
  });

  it('ignores ephemeral-* labels and defaults with the gate off, and says so for the defaults', () => {
    const labelled = join(dir, 'ns-ephemeral.yaml');
    writeFileSync(
      labelled,
      'metadata:\n  name: bench\n  labels:\n    pod-security.kubernetes.io/ephemeral-enforce: bogus\n',
    );
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: baseline\n  ephemeral-enforce: privileged\n',
    );
    const args = ['--namespaces', labelled, '--config', config];
    const on = review(args, podReview);
    expect(on.stderr).toBe('');
    expect(JSON.parse(on.stdout)).toMatchObject({ response: { allowed: false, status: { code: 403 } } });
    const off = review([...args, '--feature-gates', 'PodSecurityEphemeralLevels=false'], podReview);
    expect(off.status).toBe(0);
    expect(off.stderr).toBe(
      "psa-ephemeral review: feature gate PodSecurityEphemeralLevels is off: ignoring the configuration's ephemeral-enforce\n",
    );
    const response = (JSON.parse(off.stdout) as { response: Record<string, unknown> }).response;
    expect(response).toMatchObject({ allowed: false, status: { code: 403 } });
    expect(response['auditAnnotations']).toEqual({ 'enforce-policy': 'baseline:latest' });
  });

  it('answers a review with the uid echoed and upstream status', () => {
    const r = review(['--namespaces', namespaces], podReview);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      response: { uid: string; allowed: boolean; status: { code: number } };
    };
    expect(out.response).toMatchObject({ uid: 'uid-1', allowed: false, status: { code: 403 } });
  });

  it('answers a review exactly as a real API server sends it', () => {
    const r = review(['--namespaces', namespaces], readFileSync(benchReview, 'utf8'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).response.status.message).toMatch(
      /^pods "web-privileged" is forbidden: violates PodSecurity "restricted:latest": privileged/,
    );
  });

  it.each([
    // not JSON
    { argv: [], stdin: '{', error: 'psa-ephemeral review: stdin: invalid JSON:' },
    // JSON but not a review
    {
      argv: [],
      stdin: '{"kind":"Pod"}',
      error: 'psa-ephemeral review: stdin: not an admission.k8s.io/v1 AdmissionReview:',
    },
    // unknown flag
    { argv: ['--bogus'], stdin: podReview, error: "psa-ephemeral review: Unknown option '--bogus'" },
    // missing namespaces file
    {
      argv: ['--namespaces', join(dir, 'nope.yaml')],
      stdin: podReview,
      error: 'nope.yaml: cannot read file (ENOENT)',
    },
    // bad config
    { argv: ['--config', namespaces], stdin: podReview, error: 'psa-ephemeral review:' },
  ])('exits 2 with one line for bad input: $error', ({ argv, stdin, error }) => {
    const r = review(argv, stdin);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(error);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
