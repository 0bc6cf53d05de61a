import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { Admission } from './admission.js';
import { defaultAdmissionConfiguration } from './config.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';

const admission = (ephemeral: boolean) =>
  new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator: newEvaluator(defaultChecks),
    metrics: new MemoryRecorder(),
    namespaceGetter: new StaticNamespaceGetter([]),
    podLister: new StaticPodLister([]),
    features: { PodSecurityEphemeralLevels: ephemeral },
  });

const key = fc.constantFrom(
  ...['enforce', 'audit', 'warn'].flatMap((m) => [
    m,
    `${m}-version`,
    `ephemeral-${m}`,
    `ephemeral-${m}-version`,
  ]),
);
const value = fc.constantFrom(
  'privileged',
  'baseline',
  'restricted',
  'latest',
  'v1.22',
  'v1.99',
  'bogus',
  '',
);
const labels = fc.dictionary(
  key.map((k) => `pod-security.kubernetes.io/${k}`),
  value,
);

describe('Admission.policiesToEvaluate', () => {
  it('resolves a frozen label set once, to what resolving it afresh gives, and freezes the result', () => {
    for (const gate of [true, false]) {
      const a = admission(gate);
      fc.assert(
        fc.property(labels, (l) => {
          const fresh = a.policiesToEvaluate({ ...l });
          const frozen = Object.freeze({ ...l });
          const cached = a.policiesToEvaluate(frozen);
          expect(cached).toEqual(fresh);
          expect(a.policiesToEvaluate(frozen)).toBe(cached);
          expect(Object.isFrozen(cached) && Object.isFrozen(cached.policy.enforce)).toBe(true);
          expect(a.policiesToEvaluate({ ...l })).not.toBe(fresh);
        }),
        { numRuns: 300 },
      );
    }
  });
});
