// Runs the admission conformance vectors in-process (the same setup and handler as `review`, without
// subprocesses) and tests the runner itself: file validation, comparison, report, subprocess driver.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compareResponse,
  formatVectorReport,
  inProcessDriver,
  loadVectors,
  parseVectorFile,
  runVectors,
  subprocessDriver,
  VectorFileError,
  type Vector,
} from './vectors.js';

const vectorsDir = fileURLToPath(new URL('../../conformance/admission', import.meta.url));

describe('conformance/admission', () => {
  it('passes every vector, and there are at least 150', async () => {
    const vectors = await loadVectors(vectorsDir);
    const report = await runVectors(vectors, inProcessDriver, 4);
    const failures = report.results.filter((r) => !r.passed);
    expect(failures.length === 0 ? '' : formatVectorReport(report)).toBe('');
    expect(report.passed).toBe(vectors.length);
    expect(vectors.length).toBeGreaterThanOrEqual(150);
  });

  it('has one vector per row of the design examples table', async () => {
    const names = new Set((await loadVectors(vectorsDir)).map((v) => v.name));
    for (let row = 1; row <= 6; row++) expect(names.has(`design-example-${row}`)).toBe(true);
  });
});

const vectorText = `
- name: one
  namespaces: []
  request:
    uid: u-1
    kind: { group: "", version: v1, kind: Pod }
    resource: { group: "", version: v1, resource: pods }
    operation: CREATE
  expected:
    allowed: false
    code: 403
    message: denied
    warnings: [w]
    auditAnnotations: { enforce-policy: "baseline:latest", error: { prefix: "failed: " } }
`;

function vector(): Vector {
  return parseVectorFile(vectorText, 'a.yaml')[0] as Vector;
}

function review(response: Record<string, unknown>): unknown {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: 'u-1', ...response },
  };
}

const matching = {
  allowed: false,
  status: { code: 403, message: 'denied' },
  warnings: ['w'],
  auditAnnotations: { 'enforce-policy': 'baseline:latest', error: 'failed: because' },
};

describe('compareResponse', () => {
  it.each([
    // everything as expected; a prefix matches a longer annotation value
    { name: 'matching', response: matching, fields: [] },
    { name: 'allowed', response: { ...matching, allowed: true }, fields: ['allowed'] },
    {
      name: 'code',
      response: { ...matching, status: { code: 400, message: 'denied' } },
      fields: ['status.code'],
    },
    {
      name: 'message',
      response: { ...matching, status: { code: 403, message: 'x' } },
      fields: ['status.message'],
    },
    // warnings are an exact list, in order; none counts as []
    { name: 'warnings', response: { ...matching, warnings: undefined }, fields: ['warnings'] },
    // annotations are an exact map
    {
      name: 'extra annotation',
      response: { ...matching, auditAnnotations: { ...matching.auditAnnotations, exempt: 'user' } },
      fields: ['auditAnnotations'],
    },
    {
      name: 'prefix mismatch',
      response: { ...matching, auditAnnotations: { 'enforce-policy': 'baseline:latest', error: 'other' } },
      fields: ['auditAnnotations'],
    },
    { name: 'uid', response: { ...matching, uid: 'u-2' }, fields: ['response.uid'] },
  ])('$name', ({ response, fields }) => {
    const diffs = compareResponse(vector(), review(response));
    expect(diffs.map((d) => d.split(':')[0])).toEqual(fields);
  });

  it('shows expected and actual values', () => {
    const [diff] = compareResponse(vector(), review({ ...matching, allowed: true }));
    expect(diff).toBe('allowed:\n    - expected false\n    + actual   true');
  });

  it('wants no status on an allowed response without an expected code', () => {
    const v = { ...vector(), expected: { allowed: true } };
    expect(compareResponse(v, review({ allowed: true, status: { code: 200 } }))).toHaveLength(1);
    expect(compareResponse(v, review({ allowed: true }))).toEqual([]);
  });

  it('rejects what is not a response review', () => {
    expect(compareResponse(vector(), { kind: 'Status' })[0]).toMatch(
      /^not an admission.k8s.io\/v1 AdmissionReview/,
    );
  });
});

describe('parseVectorFile', () => {
  it('accepts a mapping with definitions and vectors', () => {
    const text = `definitions:\n  ns: &ns []\nvectors:\n${vectorText.replace('namespaces: []', 'namespaces: *ns')}`;
    expect(parseVectorFile(text, 'b.yaml').map((v) => [v.file, v.name])).toEqual([['b.yaml', 'one']]);
  });

  it.each([
    { name: 'invalid YAML', text: 'a: [', error: /^bad\.yaml: invalid YAML: / },
    {
      name: 'a scalar',
      text: 'hello',
      error: 'bad.yaml: expected a list of vectors or a mapping with "vectors"',
    },
    {
      name: 'a vector without expected',
      text: vectorText.replace(/ {2}expected:[\s\S]*$/, ''),
      error: 'bad.yaml: vector 1 (one): expected: Invalid input: expected object, received undefined',
    },
    {
      name: 'a misspelled key',
      text: vectorText.replace('allowed: false', 'allowed: false\n    warning: [x]'),
      error: /^bad\.yaml: vector 1 \(one\): expected: Unrecognized key: "warning"/,
    },
  ])('names the file for $name', ({ text, error }) => {
    expect(() => parseVectorFile(text, 'bad.yaml')).toThrow(error);
    expect(() => parseVectorFile(text, 'bad.yaml')).toThrow(VectorFileError);
  });
});

describe('runVectors with a subprocess', () => {
  const canned = JSON.stringify(review(matching)).replaceAll("'", '');

  it('feeds the review on stdin and reads the response on stdout', async () => {
    const command = `f() { cat >/dev/null; printf '%s\\n' '${canned}'; }; f`;
    const report = await runVectors([vector()], subprocessDriver(command));
    expect(formatVectorReport(report)).toBe('1 passed, 0 failed');
  });

  it('passes the flag files as arguments', async () => {
    const command = `f() { cat >/dev/null; echo "$*" >&2; exit 3; }; f`;
    const report = await runVectors([vector()], subprocessDriver(command));
    expect(report.failed).toBe(1);
    expect(report.results[0]?.differences[0]).toMatch(
      /^review failed: exit code 3: --namespaces \S+namespaces\.json --pods \S+pods\.json$/,
    );
  });

  it('reports output that is not JSON', async () => {
    const report = await runVectors([vector()], subprocessDriver('f() { cat >/dev/null; echo nope; }; f'));
    expect(formatVectorReport(report)).toBe(
      'FAIL a.yaml: one\n  review failed: stdout is not JSON: nope\n\n0 passed, 1 failed',
    );
  });
});

describe('loadVectors', () => {
  it('fails on a missing folder', async () => {
    await expect(loadVectors('/nonexistent/vectors')).rejects.toThrow('/nonexistent/vectors: no such folder');
  });
});
