// Expectation builders for plan steps: allowed (with exact or included warnings) or denied (with
// a status code and message fragments).
import type { Outcome } from './cluster.js';
import type { Expectation } from './plan.js';

export interface AllowedOptions {
  /** The exact warnings, in order. */
  readonly warnings?: readonly string[];
  /** Fragments that must each appear in some warning. */
  readonly warningsInclude?: readonly string[];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function allowed(opts: AllowedOptions = {}): Expectation {
  return (o: Outcome) => {
    if (!o.allowed) return 'expected allowed';
    if (opts.warnings && !sameList(o.warnings, opts.warnings)) {
      return `expected warnings ${JSON.stringify(opts.warnings)}`;
    }
    const missing = (opts.warningsInclude ?? []).filter((w) => !o.warnings.some((x) => x.includes(w)));
    if (missing.length > 0) return `expected a warning containing ${JSON.stringify(missing[0])}`;
    return undefined;
  };
}

export interface DeniedOptions {
  readonly code?: number;
  /** Fragments that must each appear in the message. */
  readonly includes?: readonly string[];
  /** Fragments that must not appear in the message. */
  readonly excludes?: readonly string[];
}

export function denied(opts: DeniedOptions = {}): Expectation {
  return (o: Outcome) => {
    if (o.allowed) return 'expected denied';
    if (opts.code !== undefined && o.code !== opts.code) return `expected status ${opts.code}`;
    const missing = (opts.includes ?? []).find((s) => !o.message.includes(s));
    if (missing !== undefined) return `expected the message to contain ${JSON.stringify(missing)}`;
    const unwanted = (opts.excludes ?? []).find((s) => o.message.includes(s));
    if (unwanted !== undefined) return `expected the message not to contain ${JSON.stringify(unwanted)}`;
    return undefined;
  };
}

/** A PodSecurity enforcement denial: 403 Forbidden with the given message fragments. */
export function forbidden(...includes: string[]): Expectation {
  return denied({ code: 403, includes });
}
