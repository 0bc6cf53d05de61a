// Fixtures for the "runAsNonRoot" check (upstream test/fixtures_runAsNonRoot.go).
import { LevelRestricted, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, ensureSecurityContext, initContainer, podSC, sc, tweak } from './helpers.js';

export const runAsNonRootFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 0), check: 'runAsNonRoot' },
    generator: {
      generatePass: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // set at pod level
          tweak(p, (p) => {
            podSC(p).runAsNonRoot = true;
            delete sc(container(p)).runAsNonRoot;
            delete sc(initContainer(p)).runAsNonRoot;
          }),
          // set on all containers
          tweak(p, (p) => {
            delete podSC(p).runAsNonRoot;
            sc(container(p)).runAsNonRoot = true;
            sc(initContainer(p)).runAsNonRoot = true;
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // unset everywhere
          tweak(p, (p) => {
            delete podSC(p).runAsNonRoot;
            delete sc(container(p)).runAsNonRoot;
            delete sc(initContainer(p)).runAsNonRoot;
          }),
          // explicit false on pod
          tweak(p, (p) => {
            podSC(p).runAsNonRoot = false;
          }),
          // explicit false on containers
          tweak(p, (p) => {
            sc(container(p)).runAsNonRoot = false;
          }),
          tweak(p, (p) => {
            sc(initContainer(p)).runAsNonRoot = false;
          }),
        ];
      },
    },
  },
];
