// Fixtures for the "procMount" (baseline) and "procMount_restricted" checks (upstream test/fixtures_procMount.go).
import { LevelBaseline, LevelRestricted, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, ensureSecurityContext, initContainer, sc, tweak, type FixturePod } from './helpers.js';

type Which = 'container' | 'initContainer' | 'both';

/** Sets procMount on the chosen containers and spec.hostUsers. */
function withProcMount(
  p: FixturePod,
  which: Which,
  procMount: 'Default' | 'Unmasked',
  hostUsers: boolean,
): FixturePod {
  return tweak(p, (copy) => {
    if (which !== 'initContainer') sc(container(copy)).procMount = procMount;
    if (which !== 'container') sc(initContainer(copy)).procMount = procMount;
    copy.spec.hostUsers = hostUsers;
  });
}

export const procMountFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'procMount' },
    generator: {
      expectErrorSubstring: 'procMount',
      generatePass: (pod) => [
        // proc mount of container and init container set to a valid value
        withProcMount(ensureSecurityContext(pod), 'both', 'Default', false),
      ],
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          // proc mount of container set to a forbidden value
          withProcMount(p, 'container', 'Unmasked', false),
          // proc mount of init container set to a forbidden value
          withProcMount(p, 'initContainer', 'Unmasked', false),
        ];
      },
    },
  },
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 35), check: 'procMount' },
    generator: {
      expectErrorSubstring: 'procMount',
      // the only combination that can fail the 1.35 baseline check also fails validation
      failRequiresError: true,
      generatePass: (pod, level) => {
        const p = ensureSecurityContext(pod);
        const pods = [withProcMount(p, 'both', 'Default', false)];
        // an unmasked user namespace pod is not expected to pass restricted
        if (level !== LevelRestricted) pods.push(withProcMount(p, 'both', 'Unmasked', false));
        return pods;
      },
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          withProcMount(p, 'container', 'Unmasked', true),
          withProcMount(p, 'initContainer', 'Unmasked', true),
        ];
      },
    },
  },
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 35), check: 'procMount_restricted' },
    generator: {
      expectErrorSubstring: 'procMount',
      generatePass: (pod) => [withProcMount(ensureSecurityContext(pod), 'both', 'Default', false)],
      generateFail: (pod) => {
        const p = ensureSecurityContext(pod);
        return [
          withProcMount(p, 'container', 'Unmasked', false),
          withProcMount(p, 'initContainer', 'Unmasked', false),
        ];
      },
    },
  },
];
