// Fixtures for the "seLinuxOptions" check (upstream test/fixtures_seLinuxOptions.go).
import { LevelBaseline, MajorMinorVersion, type SELinuxOptions } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import {
  container,
  ensureSELinuxOptions,
  initContainer,
  podSC,
  sc,
  tweak,
  type FixturePod,
} from './helpers.js';

function podOptions(p: FixturePod): SELinuxOptions {
  const o = podSC(p).seLinuxOptions;
  if (!o) throw new Error('fixture pod has no spec.securityContext.seLinuxOptions');
  return o;
}

function containerOptions(p: FixturePod, which: 'container' | 'initContainer'): SELinuxOptions {
  const o = sc(which === 'container' ? container(p) : initContainer(p)).seLinuxOptions;
  if (!o) throw new Error(`fixture ${which} has no securityContext.seLinuxOptions`);
  return o;
}

export const seLinuxOptionsFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'seLinuxOptions' },
    generator: {
      expectErrorSubstring: 'seLinuxOptions',
      generatePass: (pod) => {
        const p = ensureSELinuxOptions(pod);
        return [
          // security context with no seLinuxOptions
          tweak(p, (p) => {
            // no pod-level
            delete podSC(p).seLinuxOptions;
            // no container-level
            delete sc(container(p)).seLinuxOptions;
            // empty container-level
            sc(initContainer(p)).seLinuxOptions = {};
          }),
          tweak(p, (p) => {
            // seLinuxOptions with all valid types
            podOptions(p).type = 'container_t';
            containerOptions(p, 'container').type = 'container_init_t';
            containerOptions(p, 'initContainer').type = 'container_kvm_t';
            // with empty level and arbitrary level
            podOptions(p).level = '';
            containerOptions(p, 'container').level = 'somevalue';
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureSELinuxOptions(pod);
        return [
          // seLinuxOptions with out of bounds type: pod-level, container, initContainer
          tweak(p, (p) => {
            podOptions(p).type = 'somevalue';
          }),
          tweak(p, (p) => {
            containerOptions(p, 'container').type = 'somevalue';
          }),
          tweak(p, (p) => {
            containerOptions(p, 'initContainer').type = 'somevalue';
          }),
          // seLinuxOptions with out of bounds user
          tweak(p, (p) => {
            podOptions(p).user = 'somevalue';
          }),
          // seLinuxOptions with out of bounds role
          tweak(p, (p) => {
            podOptions(p).role = 'somevalue';
          }),
        ];
      },
    },
  },
];
