// Fixtures for the "sysctls" check (upstream test/fixtures_sysctls.go): one generator per version that
// widened the allowed set, each passing the newly allowed sysctls.
import { LevelBaseline, MajorMinorVersion, type Sysctl } from '../../src/api/index.js';
import type { FixtureGenerator, FixtureRegistration } from './fixtures.js';
import { podSC, tweak, type FixturePod } from './helpers.js';

function ensurePodSecurityContext(p: FixturePod): FixturePod {
  p.spec.securityContext ??= {};
  return p;
}

function sysctlsGenerator(allowed: readonly Sysctl[]): FixtureGenerator {
  return {
    expectErrorSubstring: 'forbidden sysctl',
    generatePass: (pod) => {
      const p = ensurePodSecurityContext(pod);
      return [
        // security context with no sysctls
        tweak(p, (p) => {
          delete podSC(p).sysctls;
        }),
        // the allowed sysctls
        tweak(p, (p) => {
          podSC(p).sysctls = structuredClone([...allowed]);
        }),
      ];
    },
    generateFail: (pod) => [
      // sysctl with a name out of the allowed set
      tweak(ensurePodSecurityContext(pod), (p) => {
        podSC(p).sysctls = [{ name: 'othersysctl', value: 'other' }];
      }),
    ],
  };
}

const allowed_1_0: readonly Sysctl[] = [
  { name: 'kernel.shm_rmid_forced', value: '0' },
  { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
  { name: 'net.ipv4.tcp_syncookies', value: '0' },
  { name: 'net.ipv4.ping_group_range', value: '1 0' },
  { name: 'net.ipv4.ip_unprivileged_port_start', value: '1024' },
];
const allowed_1_27: readonly Sysctl[] = [
  ...allowed_1_0,
  { name: 'net.ipv4.ip_local_reserved_ports', value: '1024-4999' },
];
const allowed_1_29: readonly Sysctl[] = [
  ...allowed_1_27,
  { name: 'net.ipv4.tcp_keepalive_time', value: '7200' },
  { name: 'net.ipv4.tcp_fin_timeout', value: '60' },
  { name: 'net.ipv4.tcp_keepalive_intvl', value: '75' },
  { name: 'net.ipv4.tcp_keepalive_probes', value: '9' },
];
const allowed_1_32: readonly Sysctl[] = [
  { name: 'net.ipv4.tcp_rmem', value: '4096 87380 16777216' },
  { name: 'net.ipv4.tcp_wmem', value: '4096 65536 16777216' },
];
const allowed_1_37: readonly Sysctl[] = [
  { name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' },
  { name: 'net.ipv4.tcp_notsent_lowat', value: '16384' },
];

export const sysctlsFixtures: readonly FixtureRegistration[] = (
  [
    [0, allowed_1_0],
    [27, allowed_1_27],
    [29, allowed_1_29],
    [32, allowed_1_32],
    [37, allowed_1_37],
  ] as const
).map(([minor, allowed]) => ({
  key: { level: LevelBaseline, version: MajorMinorVersion(1, minor), check: 'sysctls' },
  generator: sysctlsGenerator(allowed),
}));
