// Fixtures for the "allowPrivilegeEscalation" check (upstream test/fixtures_allowPrivilegeEscalation.go).
import { LevelRestricted, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, initContainer, sc, tweak } from './helpers.js';

export const allowPrivilegeEscalationFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 8), check: 'allowPrivilegeEscalation' },
    generator: {
      // minimal valid pod already captures all valid combinations
      generatePass: () => [],
      generateFail: (p) => {
        if (p.spec.os?.name === 'windows') return [];
        return [
          // explicit true
          tweak(p, (p) => {
            sc(container(p)).allowPrivilegeEscalation = true;
          }),
          // ensure initContainers are checked
          tweak(p, (p) => {
            sc(initContainer(p)).allowPrivilegeEscalation = true;
          }),
          // nil allowPrivilegeEscalation
          tweak(p, (p) => {
            delete sc(container(p)).allowPrivilegeEscalation;
          }),
          // nil security context
          tweak(p, (p) => {
            delete container(p).securityContext;
          }),
        ];
      },
    },
  },
];
