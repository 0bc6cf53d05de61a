import { describe, expect, it } from 'vitest';
import { droppedFields } from './dropped.js';

const sent = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'test', annotations: { 'a.b/c': 'x' } },
  spec: {
    hostUsers: false,
    securityContext: {},
    containers: [{ name: 'c', image: 'pause', securityContext: { procMount: 'Unmasked', runAsUser: 0 } }],
    volumes: [{ name: 'v', projected: { sources: [] } }],
  },
};

describe('droppedFields', () => {
  it('names the fields the answer lacks (a feature gate off)', () => {
    const answer = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'test', namespace: 'ns', uid: 'u', annotations: { 'a.b/c': 'x' } },
      spec: {
        containers: [
          { name: 'c', image: 'pause', securityContext: { runAsUser: 0 }, imagePullPolicy: 'Always' },
        ],
        volumes: [{ name: 'v', projected: { defaultMode: 420 } }],
        serviceAccountName: 'default',
      },
      status: { phase: 'Pending' },
    };
    expect(droppedFields(sent, answer)).toEqual([
      'spec.hostUsers',
      'spec.containers[0].securityContext.procMount',
    ]);
  });

  it('finds nothing when everything came back, defaulted or normalized', () => {
    const answer = structuredClone(sent) as Record<string, unknown>;
    answer['status'] = { phase: 'Pending' };
    expect(droppedFields(sent, answer)).toEqual([]);
  });

  it('names the outermost missing field: a whole map, a list item, one annotation', () => {
    const answer = { metadata: { name: 'test' }, spec: { ...sent.spec, containers: [] } };
    expect(droppedFields(sent, answer)).toEqual([
      'apiVersion',
      'kind',
      'metadata.annotations',
      'spec.containers[0]',
    ]);
    const oneAnnotation = { ...sent, metadata: { name: 'test', annotations: { other: 'y' } } };
    expect(droppedFields(sent, oneAnnotation)).toEqual(['metadata.annotations[a.b/c]']);
  });

  it('names a value the server forced back (procMount without ProcMountType), but not a normalized quantity', () => {
    const pod = {
      spec: {
        overhead: { cpu: '100m' },
        containers: [
          {
            name: 'c',
            securityContext: { procMount: 'Unmasked' },
            resources: { limits: { cpu: '1000m', 'example.com/dev': '1k' } },
          },
        ],
        volumes: [{ name: 'v', emptyDir: { sizeLimit: '1024Mi' } }],
      },
    };
    const answer = structuredClone(pod);
    answer.spec.overhead.cpu = '0.1';
    answer.spec.containers[0]!.securityContext.procMount = 'Default';
    answer.spec.containers[0]!.resources.limits = { cpu: '1', 'example.com/dev': '1000' };
    answer.spec.volumes[0]!.emptyDir.sizeLimit = '1Gi';
    expect(droppedFields(pod, answer)).toEqual([
      'spec.containers[0].securityContext.procMount ("Unmasked" → "Default")',
    ]);
  });

  it('compares nothing when the answer is not an object (a Status, a string)', () => {
    expect(droppedFields(sent, 'error')).toEqual([]);
  });
});
