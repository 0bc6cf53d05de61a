// Check "hostProbesAndHostLifecycle" (baseline, 1.34+): probes and lifecycle handlers must not target an
// explicit host (upstream policy/check_hostProbesAndhostLifecycle.go).
import {
  LevelBaseline,
  MajorMinorVersion,
  type Container,
  type Handler,
  type ObjectMeta,
  type PodSpec,
} from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, goSorted, joinQuote, pluralize } from '../helpers.js';
import { containerName, visitContainers, type ContainerRef } from '../visitor.js';

/**
 * Host field is restricted in the probes and lifecycle handlers.
 *
 * Restricted Fields (for each of spec.containers[*], spec.initContainers[*] and
 * spec.ephemeralContainers[*]):
 *   livenessProbe.httpGet.host
 *   readinessProbe.httpGet.host
 *   startupProbe.httpGet.host
 *   livenessProbe.tcpSocket.host
 *   readinessProbe.tcpSocket.host
 *   startupProbe.tcpSocket.host
 *   lifecycle.postStart.tcpSocket.host // Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility.
 *   lifecycle.preStop.tcpSocket.host // Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility.
 *   lifecycle.postStart.httpGet.host
 *   lifecycle.preStop.httpGet.host
 *
 * Allowed Values: "", undefined/null
 */
export const hostProbesAndHostLifecycle = defineCheck({
  id: 'hostProbesAndHostLifecycle',
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 34), checkPod: hostProbesAndHostLifecycleV1Dot34 }],
});

/** Adds the hosts set on one handler (httpGet, then tcpSocket) to `hosts`, with a finding for each. */
function handlerHosts(
  c: Container,
  ref: ContainerRef,
  field: string,
  handler: Handler | null | undefined,
  hosts: string[],
  findings: Finding[],
): void {
  if (handler === null || handler === undefined) return;
  for (const action of actions) {
    const host = handler[action]?.host;
    // null and absent decode to Go's "", which is allowed.
    if (typeof host !== 'string' || host === '') continue;
    hosts.push(host);
    findings.push(containerFinding(c, ref, `${field}.${action}.host`));
  }
}

const actions = ['httpGet', 'tcpSocket'] as const;

/** Hosts set on one container's handlers, in upstream's order (probes, then lifecycle handlers). */
function forbiddenHosts(c: Container, ref: ContainerRef, findings: Finding[]): string[] {
  const hosts: string[] = [];
  handlerHosts(c, ref, 'livenessProbe', c.livenessProbe, hosts, findings);
  handlerHosts(c, ref, 'readinessProbe', c.readinessProbe, hosts, findings);
  handlerHosts(c, ref, 'startupProbe', c.startupProbe, hosts, findings);
  const lifecycle = c.lifecycle;
  if (lifecycle !== null && lifecycle !== undefined) {
    handlerHosts(c, ref, 'lifecycle.postStart', lifecycle.postStart, hosts, findings);
    handlerHosts(c, ref, 'lifecycle.preStop', lifecycle.preStop, hosts, findings);
  }
  return hosts;
}

export function hostProbesAndHostLifecycleV1Dot34(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const badContainers = new Set<string>();
  const forbiddenSet = new Set<string>();
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    const hosts = forbiddenHosts(c, ref, findings);
    if (hosts.length === 0) return;
    badContainers.add(containerName(c));
    for (const h of hosts) forbiddenSet.add(h);
  });
  if (badContainers.size === 0) return ALLOWED;
  // Upstream reports both container names and hosts as sorted sets.
  return forbidden(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', badContainers.size)} ${joinQuote(goSorted(badContainers))} ` +
      `${pluralize('uses', 'use', badContainers.size)} ` +
      `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', forbiddenSet.size)} ${joinQuote(goSorted(forbiddenSet))}`,
    findings,
  );
}
