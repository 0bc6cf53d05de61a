// Fixtures for the "hostProbesAndHostLifecycle" check (upstream test/fixtures_hostProbesAndHostLifecycle.go).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { container, initContainer, tweak } from './helpers.js';

export const hostProbesAndHostLifecycleFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 34), check: 'hostProbesAndHostLifecycle' },
    generator: {
      expectErrorSubstring: 'probe or lifecycle host',
      generatePass: (p) => [
        // a pod with no probes
        p,
        tweak(p, (p) => {
          container(p).livenessProbe = { httpGet: { port: 8080 } };
        }),
        tweak(p, (p) => {
          container(p).readinessProbe = { tcpSocket: { port: 8080 } };
        }),
      ],
      generateFail: (p) => [
        tweak(p, (p) => {
          container(p).livenessProbe = { httpGet: { host: 'bad.host', port: 8080 } };
        }),
        // a restartable init container (sidecar) is checked too
        tweak(p, (p) => {
          initContainer(p).restartPolicy = 'Always';
          initContainer(p).readinessProbe = { tcpSocket: { host: '8.8.8.8', port: 8080 } };
        }),
        tweak(p, (p) => {
          container(p).lifecycle = { postStart: { httpGet: { host: 'bad.host', port: 8080 } } };
        }),
        tweak(p, (p) => {
          container(p).livenessProbe = { httpGet: { host: '127.0.0.1', port: 8080 } };
        }),
        tweak(p, (p) => {
          container(p).readinessProbe = { tcpSocket: { host: '::1', port: 8080 } };
        }),
      ],
    },
  },
];
