// Fixtures for the "seccompProfile_restricted" check (upstream test/fixtures_seccompProfile_restricted.go).
import { LevelRestricted, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, ensureSecurityContext, initContainer, podSC, sc, tweak } from './helpers.js';
import {
  seccompProfileLocalhost,
  seccompProfileRuntimeDefault,
  seccompProfileUnconfined,
} from './helpers_seccomp.js';

export const seccompProfileRestrictedFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 19), check: 'seccompProfile_restricted' },
    generator: {
      expectErrorSubstring: 'seccompProfile',
      generatePass: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          tweak(p, (p) => {
            podSC(p).seccompProfile = seccompProfileRuntimeDefault();
          }),
          tweak(p, (p) => {
            podSC(p).seccompProfile = seccompProfileLocalhost('testing');
          }),
          tweak(p, (p) => {
            delete podSC(p).seccompProfile;
            sc(container(p)).seccompProfile = seccompProfileRuntimeDefault();
            sc(initContainer(p)).seccompProfile = seccompProfileLocalhost('testing');
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // unset everywhere
          tweak(p, (p) => {
            delete podSC(p).seccompProfile;
          }),
          // unconfined, pod-level
          tweak(p, (p) => {
            podSC(p).seccompProfile = seccompProfileUnconfined();
          }),
          // unset initContainer
          tweak(p, (p) => {
            delete podSC(p).seccompProfile;
            sc(container(p)).seccompProfile = seccompProfileRuntimeDefault();
          }),
          // unset container
          tweak(p, (p) => {
            delete podSC(p).seccompProfile;
            sc(initContainer(p)).seccompProfile = seccompProfileRuntimeDefault();
          }),
          // unconfined, container-level
          tweak(p, (p) => {
            delete podSC(p).seccompProfile;
            sc(container(p)).seccompProfile = seccompProfileRuntimeDefault();
            sc(initContainer(p)).seccompProfile = seccompProfileUnconfined();
          }),
        ];
      },
    },
  },
];
