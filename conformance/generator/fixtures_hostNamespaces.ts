// Fixtures for the "hostNamespaces" check (upstream test/fixtures_hostNamespaces.go).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { tweak } from './helpers.js';

export const hostNamespacesFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'hostNamespaces' },
    generator: {
      expectErrorSubstring: 'host namespaces',
      // minimal valid pod already captures all valid combinations
      generatePass: () => [],
      generateFail: (p) => [
        tweak(p, (p) => {
          p.spec.hostIPC = true;
        }),
        tweak(p, (p) => {
          p.spec.hostNetwork = true;
        }),
        tweak(p, (p) => {
          p.spec.hostPID = true;
        }),
      ],
    },
  },
];
