import { describe, expect, it } from 'vitest';
import { LevelBaseline, MajorMinorVersion, type PodSpec, type Sysctl } from '../../api/index.js';
import type { CheckPodFn } from '../check.js';
import { sysctls, sysctls_1_0, sysctls_1_27, sysctls_1_29, sysctls_1_32, sysctls_1_37 } from './sysctls.js';

const withSysctls = (list: Sysctl[]): PodSpec => ({ securityContext: { sysctls: list } });

const versions: [string, CheckPodFn][] = [
  ['1.0', sysctls_1_0],
  ['1.27', sysctls_1_27],
  ['1.29', sysctls_1_29],
  ['1.32', sysctls_1_32],
  ['1.37', sysctls_1_37],
];

// Each sysctl, the first version whose allowed set holds it, and a sample value.
const allowedSince: [name: string, since: string, value: string][] = [
  ['kernel.shm_rmid_forced', '1.0', '1'],
  ['net.ipv4.ip_local_port_range', '1.0', '1024 65535'],
  ['net.ipv4.tcp_syncookies', '1.0', '1'],
  ['net.ipv4.ping_group_range', '1.0', '0 2147483647'],
  ['net.ipv4.ip_unprivileged_port_start', '1.0', '0'],
  ['net.ipv4.ip_local_reserved_ports', '1.27', '1024-4999'],
  ['net.ipv4.tcp_keepalive_time', '1.29', '7200'],
  ['net.ipv4.tcp_fin_timeout', '1.29', '60'],
  ['net.ipv4.tcp_keepalive_intvl', '1.29', '75'],
  ['net.ipv4.tcp_keepalive_probes', '1.29', '9'],
  ['net.ipv4.tcp_rmem', '1.32', '4096 87380 16777216'],
  ['net.ipv4.tcp_wmem', '1.32', '4096 65536 16777216'],
  ['net.ipv4.tcp_slow_start_after_idle', '1.37', '0'],
  ['net.ipv4.tcp_notsent_lowat', '1.37', '16384'],
];

const minor = (v: string) => Number(v.split('.')[1]);

describe('sysctls descriptor', () => {
  it('is baseline with versions 1.0, 1.27, 1.29, 1.32 and 1.37', () => {
    expect(sysctls.id).toBe('sysctls');
    expect(sysctls.level).toBe(LevelBaseline);
    expect(sysctls.versions.map((v) => [v.minimumVersion, v.checkPod, v.overrideCheckIDs])).toEqual(
      versions.map(([v, fn]) => [MajorMinorVersion(1, minor(v)), fn, undefined]),
    );
  });
});

describe.each(versions)('sysctls_%s', (version, check) => {
  // upstream: "forbidden sysctls" in every version's table
  it('forbids unknown sysctls, listed in spec order', () => {
    const result = check(undefined, withSysctls([{ name: 'a' }, { name: 'b' }]));
    expect(result).toMatchObject({
      allowed: false,
      forbiddenReason: 'forbidden sysctls',
      forbiddenDetail: 'a, b',
    });
  });

  // upstream: the "new supported sysctls" (allowed) and "... not supported" (1.0, forbidden) cases
  it.each(allowedSince)('%s (allowed since v%s)', (name, since, value) => {
    const result = check(undefined, withSysctls([{ name, value }]));
    if (minor(version) >= minor(since)) {
      expect(result.allowed).toBe(true);
    } else {
      expect(result).toMatchObject({
        allowed: false,
        forbiddenReason: 'forbidden sysctls',
        forbiddenDetail: name,
      });
    }
  });

  it.each([
    // no securityContext, no sysctls, an empty list
    { name: 'unset', spec: { containers: [{ name: 'a' }] } },
    { name: 'null sysctls', spec: { securityContext: { sysctls: null } } },
    { name: 'empty list', spec: withSysctls([]) },
    // sysctls are pod-level: ephemeral containers change nothing
    {
      name: 'allowed sysctl with an ephemeral container',
      spec: {
        ...withSysctls([{ name: 'kernel.shm_rmid_forced', value: '1' }]),
        ephemeralContainers: [{ name: 'd' }],
      },
    },
  ] as { name: string; spec: PodSpec }[])('allows $name', ({ spec }) => {
    expect(check(undefined, spec).allowed).toBe(true);
  });

  it('keeps repeats and unset names (as "") in the detail', () => {
    const result = check(
      undefined,
      withSysctls([{ name: 'x' }, { name: null }, { name: 'kernel.shm_rmid_forced' }, { name: 'x' }]),
    );
    expect(result.forbiddenDetail).toBe('x, , x');
  });
});

describe('sysctls findings', () => {
  it('reports the name field of each forbidden entry', () => {
    const result = sysctls_1_37(
      undefined,
      withSysctls([
        { name: 'kernel.shm_rmid_forced' },
        { name: 'kernel.msgmax' },
        { name: 'net.core.somaxconn' },
      ]),
    );
    expect(result.findings).toEqual([
      { path: 'spec.securityContext.sysctls[1].name' },
      { path: 'spec.securityContext.sysctls[2].name' },
    ]);
  });
});
