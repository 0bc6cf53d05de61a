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

/** Orders strings as Go compares them: by UTF-8 bytes, which is code point order (not UTF-16 units). */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf16ToCodePointOrder(x) - utf16ToCodePointOrder(y);
  }
  return a.length - b.length;
}

/** Surrogates (U+D800..DFFF, astral code points) sort after U+E000..FFFF in code point order. */
function utf16ToCodePointOrder(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;
}

/** Go's sort.Strings on a copy. */
export function goSorted(items: Iterable<string>): string[] {
  if (isEmpty(items)) return [];
  return [...items].sort(compareGoStrings);
}

/** Go's sets.List(): distinct strings, sorted. */
export function goSortedSet(items: Iterable<string>): string[] {
  if (isEmpty(items)) return [];
  return [...new Set(items)].sort(compareGoStrings);
}

/** True for an empty array or set (the common case of a passing check), without iterating. */
function isEmpty(items: Iterable<string>): boolean {
  return (Array.isArray(items) && items.length === 0) || (items instanceof Set && items.size === 0);
}
