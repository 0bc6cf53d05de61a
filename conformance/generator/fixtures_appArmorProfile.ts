// Fixtures for the "appArmorProfile" check (upstream test/fixtures_appArmorProfile.go).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { annotations, container, ensureAnnotation, initContainer, tweak } from './helpers.js';

/** corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix */
const appArmorAnnotationKeyPrefix = 'container.apparmor.security.beta.kubernetes.io/';

export const appArmorProfileFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'appArmorProfile' },
    generator: {
      expectErrorSubstring: 'forbidden AppArmor profile',
      generatePass: (pod) => {
        const p = ensureAnnotation(pod);
        return [
          // container with runtime/default annotation, then localhost/foo: upstream takes the "init
          // container" name from containers[0] too, so the second value replaces the first.
          tweak(p, (p) => {
            const containerName = container(p).name ?? '';
            annotations(p)[appArmorAnnotationKeyPrefix + containerName] = 'runtime/default';
            const initContainerName = container(p).name ?? '';
            annotations(p)[appArmorAnnotationKeyPrefix + initContainerName] = 'localhost/foo';
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureAnnotation(pod);
        return [
          // container with unconfined annotation
          tweak(p, (p) => {
            annotations(p)[appArmorAnnotationKeyPrefix + (container(p).name ?? '')] = 'unconfined';
          }),
          // initContainer with unconfined annotation
          tweak(p, (p) => {
            annotations(p)[appArmorAnnotationKeyPrefix + (initContainer(p).name ?? '')] = 'unconfined';
          }),
        ];
      },
    },
  },
];
