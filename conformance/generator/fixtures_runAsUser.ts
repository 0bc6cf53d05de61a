// Fixtures for the "runAsUser" check (upstream test/fixtures_runAsUser.go).
import { LevelRestricted, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, ensureSecurityContext, initContainer, podSC, sc, tweak } from './helpers.js';

export const runAsUserFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 23), check: 'runAsUser' },
    generator: {
      generatePass: (pod) => [
        tweak(ensureSecurityContext(pod), (p) => {
          podSC(p).runAsUser = 1000;
          sc(container(p)).runAsUser = 1000;
          sc(initContainer(p)).runAsUser = 1000;
        }),
      ],
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // explicit 0 on pod
          tweak(p, (p) => {
            podSC(p).runAsUser = 0;
          }),
          // explicit 0 on containers
          tweak(p, (p) => {
            sc(container(p)).runAsUser = 0;
          }),
          tweak(p, (p) => {
            sc(initContainer(p)).runAsUser = 0;
          }),
        ];
      },
    },
  },
];
