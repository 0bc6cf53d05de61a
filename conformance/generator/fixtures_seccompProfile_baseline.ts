// Fixtures for the "seccompProfile_baseline" check (upstream test/fixtures_seccompProfile_baseline.go):
// the alpha annotations before 1.19, the securityContext.seccompProfile field from 1.19.
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import {
  annotations,
  container,
  ensureAnnotation,
  ensureSecurityContext,
  initContainer,
  podSC,
  sc,
  tweak,
} from './helpers.js';
import {
  annotationKeyContainer,
  annotationKeyPod,
  seccompLocalhostProfileNamePrefix,
  seccompProfileNameUnconfined,
  seccompProfileRuntimeDefault,
  seccompProfileRuntimeDefaultValue,
  seccompProfileUnconfined,
} from './helpers_seccomp.js';

export const seccompProfileBaselineFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'seccompProfile_baseline' },
    generator: {
      expectErrorSubstring: 'seccompProfile',
      generatePass: (pod) => {
        // don't generate fixtures if minimal valid pod already has seccomp config
        if (pod.metadata.annotations?.[annotationKeyPod] === seccompProfileRuntimeDefaultValue) return [];
        const p = ensureAnnotation(pod);
        return [
          tweak(p, (p) => {
            // pod-level default
            annotations(p)[annotationKeyPod] = seccompProfileRuntimeDefaultValue;
            // container-level localhost
            annotations(p)[annotationKeyContainer(container(p))] =
              `${seccompLocalhostProfileNamePrefix}testing`;
            // init-container unset
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureAnnotation(pod);
        return [
          tweak(p, (p) => {
            annotations(p)[annotationKeyPod] = seccompProfileNameUnconfined;
          }),
          tweak(p, (p) => {
            annotations(p)[annotationKeyContainer(container(p))] = seccompProfileNameUnconfined;
          }),
          tweak(p, (p) => {
            annotations(p)[annotationKeyContainer(initContainer(p))] = seccompProfileNameUnconfined;
          }),
        ];
      },
    },
  },
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 19), check: 'seccompProfile_baseline' },
    generator: {
      expectErrorSubstring: 'seccompProfile',
      generatePass: (pod) => {
        // don't generate fixtures if minimal valid pod already has seccomp config
        if (pod.spec.securityContext?.seccompProfile?.type === 'RuntimeDefault') return [];
        return [
          tweak(ensureSecurityContext(pod), (p) => {
            // pod-level default
            podSC(p).seccompProfile = seccompProfileRuntimeDefault();
            // container-level default
            sc(container(p)).seccompProfile = seccompProfileRuntimeDefault();
            // init-container unset
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          tweak(p, (p) => {
            podSC(p).seccompProfile = seccompProfileUnconfined();
          }),
          tweak(p, (p) => {
            sc(container(p)).seccompProfile = seccompProfileUnconfined();
          }),
          tweak(p, (p) => {
            sc(initContainer(p)).seccompProfile = seccompProfileUnconfined();
          }),
        ];
      },
    },
  },
];
