// Fixtures for the "capabilities_restricted" check (upstream test/fixtures_capabilities_restricted.go).
import { LevelRestricted, MajorMinorVersion } from '../../src/api/index.js';
import { allowedBaselineCapabilities } from './fixtures_capabilities_baseline.js';
import type { FixtureRegistration } from './fixtures.js';
import { caps, container, ensureCapabilities, initContainer, tweak } from './helpers.js';

// prettier-ignore
/** Dropping every capability one by one (SYS_TIME twice, as upstream) is not dropping ALL. */
const individualCapabilities: readonly string[] = Object.freeze([
  'SYS_TIME', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'AUDIT_WRITE',
  'AUDIT_CONTROL', 'MAC_OVERRIDE', 'MAC_ADMIN', 'NET_ADMIN', 'SYSLOG',
  'CHOWN', 'NET_RAW', 'DAC_OVERRIDE', 'FOWNER', 'DAC_READ_SEARCH',
  'FSETID', 'KILL', 'SETGID', 'SETUID', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE',
  'NET_BROADCAST', 'IPC_LOCK', 'IPC_OWNER', 'SYS_CHROOT', 'SYS_PTRACE',
  'SYS_BOOT', 'LEASE', 'SETFCAP', 'WAKE_ALARM', 'BLOCK_SUSPEND',
]);

export const capabilitiesRestrictedFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 22), check: 'capabilities_restricted' },
    generator: {
      expectErrorSubstring: 'unrestricted capabilities',
      generatePass: (pod) => {
        const p = ensureCapabilities(pod);
        return [
          tweak(p, (p) => {
            caps(container(p)).drop = ['ALL'];
            caps(initContainer(p)).drop = ['ALL'];
            caps(container(p)).add = ['NET_BIND_SERVICE'];
            caps(initContainer(p)).add = ['NET_BIND_SERVICE'];
          }),
        ];
      },
      generateFail: (pod) => {
        const p = ensureCapabilities(pod);
        return [
          // test container
          tweak(p, (p) => {
            caps(container(p)).drop = [];
          }),
          // test initContainer
          tweak(p, (p) => {
            caps(initContainer(p)).drop = [];
          }),
          // dropping all individual capabilities is not sufficient
          tweak(p, (p) => {
            caps(container(p)).drop = [...individualCapabilities];
            caps(initContainer(p)).drop = [...individualCapabilities];
          }),
          // adding back capabilities other than NET_BIND_SERVICE is forbidden
          tweak(p, (p) => {
            caps(container(p)).drop = ['ALL'];
            caps(initContainer(p)).drop = ['ALL'];
            caps(container(p)).add = [...allowedBaselineCapabilities];
            caps(initContainer(p)).add = [...allowedBaselineCapabilities];
          }),
        ];
      },
    },
  },
];
