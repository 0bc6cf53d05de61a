// The Check descriptor, check results and their aggregation into upstream's message grammar
// (upstream policy/checks.go), plus structured findings that say which container and field failed.
import type { Level, ObjectMeta, PodSpec, Version } from '../api/index.js';
import type { ContainerKind } from './visitor.js';

export type CheckID = string;

/** Where a check found a violation: the container (if any) and the field path. */
export interface Finding {
  readonly container?: { readonly name: string; readonly kind: ContainerKind };
  readonly path: string;
}

export interface CheckResult {
  readonly allowed: boolean;
  /** Succinct reason, always output when forbidden, e.g. "host ports". */
  readonly forbiddenReason?: string;
  /** Optional specifics, e.g. "8080, 9090". */
  readonly forbiddenDetail?: string;
  /** Extension: every offending field, in visiting order. */
  readonly findings?: readonly Finding[];
}

export type CheckPodFn = (podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec) => CheckResult;

export interface VersionedCheck {
  /** The first policy version this behaviour applies to; never latest. */
  readonly minimumVersion: Version;
  readonly checkPod: CheckPodFn;
  /** Baseline checks skipped when this (restricted) check runs. */
  readonly overrideCheckIDs?: readonly CheckID[];
}

export interface Check {
  readonly id: CheckID;
  /** Baseline checks run for baseline and restricted; restricted checks only for restricted. */
  readonly level: Level;
  /** Strictly increasing minimum versions. */
  readonly versions: readonly VersionedCheck[];
}

export function defineCheck(check: Check): Check {
  return Object.freeze({ ...check, versions: Object.freeze(check.versions.map((v) => Object.freeze(v))) });
}

/** A check's result tagged with the check's ID, as the evaluator returns it. */
export interface EvaluatedCheck {
  readonly id: CheckID;
  readonly result: CheckResult;
}

export interface AggregateFinding extends Finding {
  readonly checkId: CheckID;
}

export interface AggregateCheckResult {
  readonly allowed: boolean;
  readonly forbiddenReasons: readonly string[];
  readonly forbiddenDetails: readonly string[];
  /** IDs of the checks that forbade the pod, in evaluation order. */
  readonly failedChecks: readonly CheckID[];
  readonly findings: readonly AggregateFinding[];
}

/** Placeholder reason for checks that disallow without providing one. */
export const UnknownForbiddenReason = 'unknown forbidden reason';

export function aggregateCheckResults(results: readonly EvaluatedCheck[]): AggregateCheckResult {
  const reasons: string[] = [];
  const details: string[] = [];
  const failed: CheckID[] = [];
  const findings: AggregateFinding[] = [];
  for (const { id, result } of results) {
    if (result.allowed) continue;
    reasons.push(result.forbiddenReason || UnknownForbiddenReason);
    details.push(result.forbiddenDetail ?? '');
    failed.push(id);
    for (const f of result.findings ?? []) findings.push({ checkId: id, ...f });
  }
  return {
    allowed: reasons.length === 0,
    forbiddenReasons: reasons,
    forbiddenDetails: details,
    failedChecks: failed,
    findings,
  };
}

/** "host ports, privileged" */
export function forbiddenReason(a: AggregateCheckResult): string {
  return a.forbiddenReasons.join(', ');
}

/** "host ports (8080, 9090), privileged (container "a" must not ...)" */
export function forbiddenDetail(a: AggregateCheckResult): string {
  return a.forbiddenReasons
    .map((reason, i) => {
      const detail = a.forbiddenDetails[i] ?? '';
      return detail === '' ? reason : `${reason} (${detail})`;
    })
    .join(', ');
}
