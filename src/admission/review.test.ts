// Tests for AdmissionReview parsing (reviews without object or oldObject are valid, as in Go) and for
// the response review's bytes (auditAnnotations keys sorted as Go's encoding/json sorts map keys).
import { describe, expect, it } from 'vitest';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { goJSON } from '../webhook/body.js';
import { Admission } from './admission.js';
import { defaultAdmissionConfiguration } from './config.js';
import { goSortedMap, handleReview, parseAdmissionReview, requestAttributes } from './review.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';

const request = {
  uid: 'u1',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  name: 'p',
  namespace: 'ns',
  operation: 'CREATE',
};

describe('parseAdmissionReview', () => {
  it.each([
    // a CREATE without oldObject, as hand-written reviews and some clients send it
    {
      name: 'no oldObject',
      extra: { object: { metadata: { name: 'p' } } },
      object: { metadata: { name: 'p' } },
      old: null,
    },
    // a DELETE carries only the old object
    { name: 'no object', extra: { oldObject: { metadata: {} } }, object: null, old: { metadata: {} } },
    // the API server sends null for the object it does not have
    { name: 'null objects', extra: { object: null, oldObject: null }, object: null, old: null },
  ])('accepts a review with $name', ({ extra, object, old }) => {
    const req = parseAdmissionReview({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: { ...request, ...extra },
    });
    const attrs = requestAttributes(req);
    expect(attrs.object).toEqual(object);
    expect(attrs.oldObject).toEqual(old);
  });
});

describe('goSortedMap', () => {
  it('orders keys by code point (UTF-8 bytes), whatever the insertion order', () => {
    const m = { b: '1', 'a-b': '2', a: '3', '\u{10000}': '4', '\uffff': '5', B: '6' };
    expect(Object.keys(goSortedMap(m))).toEqual(['B', 'a', 'a-b', 'b', '\uffff', '\u{10000}']);
    expect(goSortedMap(m)).toEqual(m);
  });
});

describe('the response review', () => {
  // enforce baseline, audit restricted and an invalid warn label: admission adds the annotations
  // error, enforce-policy, audit-violations in that order; Go writes them sorted.
  const admission = new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator: newEvaluator(defaultChecks),
    metrics: new MemoryRecorder(),
    namespaceGetter: new StaticNamespaceGetter([
      {
        metadata: {
          name: 'ns',
          labels: {
            'pod-security.kubernetes.io/enforce': 'baseline',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'bogus',
          },
        },
      },
    ]),
    podLister: new StaticPodLister([]),
  });
  const review = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      ...request,
      object: { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  };
  const sorted = ['audit-violations', 'enforce-policy', 'error'];

  it('is built from annotations whose insertion order is not sorted', async () => {
    const r = await admission.validate(requestAttributes(parseAdmissionReview(review)));
    const keys = Object.keys(r.auditAnnotations ?? {});
    expect([...keys].sort()).toEqual(sorted);
    expect(keys).not.toEqual(sorted);
  });

  it('writes auditAnnotations with sorted keys, as Go encodes a map', async () => {
    const body = goJSON(await handleReview(admission, review)) ?? '';
    const annotations = /"auditAnnotations":(\{[^}]*\})/.exec(body)?.[1] ?? '';
    expect(Object.keys(JSON.parse(annotations) as object)).toEqual(sorted);
    const violations = [
      'allowPrivilegeEscalation != false (container \\"c\\" must set securityContext.allowPrivilegeEscalation=false)',
      'unrestricted capabilities (container \\"c\\" must set securityContext.capabilities.drop=[\\"ALL\\"])',
      'runAsNonRoot != true (pod or container \\"c\\" must set securityContext.runAsNonRoot=true)',
      'seccompProfile (pod or container \\"c\\" must set securityContext.seccompProfile.type to \\"RuntimeDefault\\" or \\"Localhost\\")',
    ].join(', ');
    const error =
      'Failed to parse policy: metadata.labels[pod-security.kubernetes.io/warn]: Invalid value: \\"bogus\\": must be one of privileged, baseline, restricted';
    expect(body).toBe(
      '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u1","allowed":true,' +
        `"auditAnnotations":{"audit-violations":"would violate PodSecurity \\"restricted:latest\\": ${violations}",` +
        `"enforce-policy":"baseline:latest","error":"${error}"}}}\n`,
    );
  });
});
