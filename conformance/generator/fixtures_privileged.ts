// Fixtures for the "privileged" check (upstream test/fixtures_privileged.go).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, ensureSecurityContext, initContainer, sc, tweak } from './helpers.js';

export const privilegedFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'privileged' },
    generator: {
      generatePass: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // privileged explicitly set to false
          tweak(p, (p) => {
            sc(container(p)).privileged = false;
            sc(initContainer(p)).privileged = false;
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // privileged set to true in container
          tweak(p, (p) => {
            sc(container(p)).privileged = true;
            delete sc(container(p)).allowPrivilegeEscalation;
          }),
          // privileged set to true in init container
          tweak(p, (p) => {
            sc(initContainer(p)).privileged = true;
            delete sc(initContainer(p)).allowPrivilegeEscalation;
          }),
        ];
      },
    },
  },
];
