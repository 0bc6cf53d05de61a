// Tests for AdmissionReview parsing: reviews without object or oldObject are valid, as in Go.
import { describe, expect, it } from 'vitest';
import { parseAdmissionReview, requestAttributes } from './review.js';

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
