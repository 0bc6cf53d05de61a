// Fixtures for the "capabilities_baseline" check (upstream test/fixtures_capabilities_baseline.go;
// its ensureCapabilities helper lives in helpers.ts).
import { LevelBaseline, MajorMinorVersion } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { caps, container, ensureCapabilities, initContainer, tweak } from './helpers.js';

/** The capabilities the baseline level allows adding. */
export const allowedBaselineCapabilities: readonly string[] = Object.freeze([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaselineFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'capabilities_baseline' },
    generator: {
      expectErrorSubstring: 'capabilities',
      generatePass: (pod) => {
        // don't generate fixtures if minimal valid pod drops ALL
        if ((container(pod).securityContext?.capabilities?.drop ?? []).includes('ALL')) return [];
        const p = ensureCapabilities(pod);
        return [
          // all allowed capabilities
          tweak(p, (p) => {
            caps(container(p)).add = [...allowedBaselineCapabilities];
            caps(initContainer(p)).add = [...allowedBaselineCapabilities];
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureCapabilities(pod);
        return [
          // NET_RAW
          tweak(p, (p) => {
            caps(container(p)).add = ['NET_RAW'];
          }),
          // ensure init container is enforced
          tweak(p, (p) => {
            caps(initContainer(p)).add = ['NET_RAW'];
          }),
          // case-difference
          tweak(p, (p) => {
            caps(container(p)).add = ['chown'];
          }),
          // CAP_ prefix
          tweak(p, (p) => {
            caps(container(p)).add = ['CAP_CHOWN'];
          }),
        ];
      },
    },
  },
];
