// Check "sysctls" (baseline): only the "safe", namespaced sysctls of each policy version are allowed
// (upstream policy/check_sysctls.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, forbidden, podFinding } from '../helpers.js';

/**
 * Sysctls can disable security mechanisms or affect all containers on a host,
 * and should be disallowed except for an allowed "safe" subset.
 *
 * A sysctl is considered safe if it is namespaced in the container or the Pod,
 * and it is isolated from other Pods or processes on the same Node.
 *
 * Restricted Fields:
 *   spec.securityContext.sysctls[*].name
 *   (pod-level only: sysctls apply to every container, ephemeral containers included)
 *
 * Allowed Values:
 *   'kernel.shm_rmid_forced'
 *   'net.ipv4.ip_local_port_range'
 *   'net.ipv4.tcp_syncookies'
 *   'net.ipv4.ping_group_range'
 *   'net.ipv4.ip_unprivileged_port_start'
 *   'net.ipv4.ip_local_reserved_ports' (v1.27+)
 *   'net.ipv4.tcp_keepalive_time' (v1.29+)
 *   'net.ipv4.tcp_fin_timeout' (v1.29+)
 *   'net.ipv4.tcp_keepalive_intvl' (v1.29+)
 *   'net.ipv4.tcp_keepalive_probes' (v1.29+)
 *   'net.ipv4.tcp_rmem' (v1.32+)
 *   'net.ipv4.tcp_wmem' (v1.32+)
 *   'net.ipv4.tcp_slow_start_after_idle' (v1.37+)
 *   'net.ipv4.tcp_notsent_lowat' (v1.37+)
 */
export const sysctls = defineCheck({
  id: 'sysctls',
  level: LevelBaseline,
  versions: [
    { minimumVersion: MajorMinorVersion(1, 0), checkPod: sysctls_1_0 },
    { minimumVersion: MajorMinorVersion(1, 27), checkPod: sysctls_1_27 },
    { minimumVersion: MajorMinorVersion(1, 29), checkPod: sysctls_1_29 },
    { minimumVersion: MajorMinorVersion(1, 32), checkPod: sysctls_1_32 },
    { minimumVersion: MajorMinorVersion(1, 37), checkPod: sysctls_1_37 },
  ],
});

const allowed_1_0: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]);
const allowed_1_27: ReadonlySet<string> = new Set([...allowed_1_0, 'net.ipv4.ip_local_reserved_ports']);
const allowed_1_29: ReadonlySet<string> = new Set([
  ...allowed_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const allowed_1_32: ReadonlySet<string> = new Set([
  ...allowed_1_29,
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const allowed_1_37: ReadonlySet<string> = new Set([
  ...allowed_1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

export function sysctls_1_0(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  return checkSysctls(podMetadata, podSpec, allowed_1_0);
}

/** Adds net.ipv4.ip_local_reserved_ports. */
export function sysctls_1_27(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  return checkSysctls(podMetadata, podSpec, allowed_1_27);
}

/** Adds the TCP keepalive sysctls and net.ipv4.tcp_fin_timeout. */
export function sysctls_1_29(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  return checkSysctls(podMetadata, podSpec, allowed_1_29);
}

/** Adds net.ipv4.tcp_rmem and net.ipv4.tcp_wmem. */
export function sysctls_1_32(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  return checkSysctls(podMetadata, podSpec, allowed_1_32);
}

/** Adds net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat. */
export function sysctls_1_37(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  return checkSysctls(podMetadata, podSpec, allowed_1_37);
}

/** Lists forbidden names in spec order, unquoted and with repeats, as upstream does. */
function checkSysctls(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
  allowed: ReadonlySet<string>,
): CheckResult {
  const names: string[] = [];
  const findings: Finding[] = [];
  (podSpec.securityContext?.sysctls ?? []).forEach((sysctl, i) => {
    const name = sysctl?.name ?? '';
    if (allowed.has(name)) return;
    names.push(name);
    findings.push(podFinding(`spec.securityContext.sysctls[${i}].name`));
  });
  if (names.length === 0) return ALLOWED;
  return forbidden('forbidden sysctls', names.join(', '), findings);
}
