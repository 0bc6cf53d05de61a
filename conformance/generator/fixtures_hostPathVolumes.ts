// Fixtures for the "hostPathVolumes" check (upstream test/fixtures_hostPathVolumes.go).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { tweak } from './helpers.js';

export const hostPathVolumesFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'hostPathVolumes' },
    generator: {
      expectErrorSubstring: 'hostPath',
      // minimal valid pod already captures all valid combinations
      generatePass: () => [],
      generateFail: (p) => [
        // mix of hostPath and non-hostPath volumes
        tweak(p, (p) => {
          p.spec.volumes = [
            { name: 'volume-emptydir', emptyDir: {} },
            { name: 'volume-hostpath', hostPath: { path: '/a' } },
          ];
        }),
        // just hostPath volumes
        tweak(p, (p) => {
          p.spec.volumes = [
            { name: 'volume-hostpath-a', hostPath: { path: '/a' } },
            { name: 'volume-hostpath-b', hostPath: { path: '/b' } },
          ];
        }),
      ],
    },
  },
];
