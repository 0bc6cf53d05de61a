// Fixtures for the "hostPorts" check (upstream test/fixtures_hostPorts.go).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, initContainer, tweak } from './helpers.js';

export const hostPortsFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'hostPorts' },
    generator: {
      expectErrorSubstring: 'hostPort',
      generatePass: (p) => [
        // no host ports
        tweak(p, (p) => {
          container(p).ports = [{ containerPort: 12345 }];
          initContainer(p).ports = [{ containerPort: 12346 }];
        }),
      ],
      generateFail: (p) => [
        // host port present
        tweak(p, (p) => {
          container(p).ports = [{ containerPort: 12345, hostPort: 12345 }];
        }),
        // check initContainer
        tweak(p, (p) => {
          initContainer(p).ports = [{ containerPort: 12346, hostPort: 12346 }];
        }),
        // mix of hostPorts and regular ports
        tweak(p, (p) => {
          container(p).ports = [{ containerPort: 12345, hostPort: 12345 }, { containerPort: 12347 }];
          initContainer(p).ports = [{ containerPort: 12346, hostPort: 12346 }, { containerPort: 12348 }];
        }),
      ],
    },
  },
];
