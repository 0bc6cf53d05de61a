// Message helpers shared by the checks (upstream policy/helpers.go) and result builders.
import type { PodSpec } from '../api/index.js';
import type { CheckResult, Finding } from './check.js';
import { containerName, type ContainerRef } from './visitor.js';
import type { Container } from '../api/index.js';

/** `"a", "b"`; empty string for no items. */
export function joinQuote(items: readonly string[]): string {
  if (items.length === 0) return '';
  return `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** True if the pod opts out of host user namespaces (hostUsers: false), which relaxes some checks. */
export function relaxPolicyForUserNamespacePod(podSpec: PodSpec | null | undefined): boolean {
  return podSpec?.hostUsers === false;
}

export const ALLOWED: CheckResult = Object.freeze({ allowed: true });

export function forbidden(reason: string, detail: string, findings: readonly Finding[]): CheckResult {
  return { allowed: false, forbiddenReason: reason, forbiddenDetail: detail, findings };
}

/** A finding for a field of a container. */
export function containerFinding(c: Container, ref: ContainerRef, field: string): Finding {
  return { container: { name: containerName(c), kind: ref.kind }, path: `${ref.path}.${field}` };
}

/** A finding for a pod-level field. */
export function podFinding(path: string): Finding {
  return { path };
}
