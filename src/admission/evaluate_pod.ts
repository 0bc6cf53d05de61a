// EvaluatePod (upstream admission/admission.go) with the extension's two-view split: for each mode
// whose ephemeral policy differs from the regular one, the regular and ephemeral views are judged apart.
import {
  AuditViolationsAnnotationKey,
  EnforcedPolicyAnnotationKey,
  EphemeralAuditViolationsAnnotationKey,
  EphemeralEnforcedPolicyAnnotationKey,
  goQuote,
  levelVersionEqual,
  levelVersionString,
  type Attributes,
  type LevelVersion,
  type Mode,
  type NamespacePolicies,
  type ObjectMeta,
  type PodSpec,
} from '../api/index.js';
import type { MetricsMode, MetricsRecorder } from '../metrics/metrics.js';
import { aggregateCheckResults, forbiddenDetail, type AggregateCheckResult } from '../policy/check.js';
import type { Evaluator } from '../policy/registry.js';
import { allowedResponse, forbiddenResponse, type AdmissionResponse } from './response.js';
import { ephemeralView, hasEphemeralContainers, regularView, type View } from './views.js';

export interface EvaluatePodDeps {
  readonly evaluator: Evaluator;
  readonly metrics: MetricsRecorder;
}

/** One judged view of one mode: the policy applied and the aggregate result. */
interface ViewResult {
  readonly view: View;
  readonly lv: LevelVersion;
  readonly result: AggregateCheckResult;
}

const ephemeralSuffix = ' for ephemeral containers';

/** Evaluates views with a cache keyed by view and level:version, as upstream reuses results across modes. */
class ViewEvaluator {
  private readonly cache = new Map<string, AggregateCheckResult>();
  private regularSpec?: PodSpec;
  private ephemeralSpec?: PodSpec;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly metadata: ObjectMeta | null | undefined,
    private readonly spec: PodSpec,
  ) {}

  evaluate(view: View, lv: LevelVersion): AggregateCheckResult {
    const key = `${view}|${levelVersionString(lv)}`;
    let result = this.cache.get(key);
    if (result === undefined) {
      result = aggregateCheckResults(this.evaluator.evaluatePod(lv, this.metadata, this.specFor(view)));
      this.cache.set(key, result);
    }
    return result;
  }

  private specFor(view: View): PodSpec {
    if (view === 'regular') return (this.regularSpec ??= regularView(this.spec));
    if (view === 'ephemeral') return (this.ephemeralSpec ??= ephemeralView(this.spec));
    return this.spec;
  }
}

/** The views judged for a mode: the whole pod, or the regular view plus (if any) the ephemeral view. */
function judgeMode(
  policies: NamespacePolicies,
  mode: Mode,
  spec: PodSpec,
  views: ViewEvaluator,
): ViewResult[] {
  const regular = policies.policy[mode];
  const ephemeral = policies.ephemeral[mode];
  if (levelVersionEqual(regular, ephemeral))
    return [{ view: 'whole', lv: regular, result: views.evaluate('whole', regular) }];
  const out: ViewResult[] = [{ view: 'regular', lv: regular, result: views.evaluate('regular', regular) }];
  if (hasEphemeralContainers(spec)) {
    out.push({ view: 'ephemeral', lv: ephemeral, result: views.evaluate('ephemeral', ephemeral) });
  }
  return out;
}

function metricsMode(mode: Mode, view: View): MetricsMode {
  return view === 'ephemeral' ? `ephemeral-${mode}` : mode;
}

/** `"restricted:latest"` or `"baseline:latest" for ephemeral containers`, then the detail. */
function violation(v: ViewResult): string {
  const suffix = v.view === 'ephemeral' ? ephemeralSuffix : '';
  return `PodSecurity ${goQuote(levelVersionString(v.lv))}${suffix}: ${forbiddenDetail(v.result)}`;
}

export interface EvaluatePodInput {
  readonly policies: NamespacePolicies;
  /** The aggregated label errors, if any. */
  readonly policyError?: string;
  readonly metadata: ObjectMeta | null | undefined;
  readonly spec: PodSpec;
  readonly attrs: Attributes;
  /** Only pods are enforced; pod controllers are audited and warned. */
  readonly enforce: boolean;
}

function enforceMode(
  deps: EvaluatePodDeps,
  input: EvaluatePodInput,
  views: ViewEvaluator,
  annotations: Record<string, string>,
): AdmissionResponse {
  const { policies, attrs, spec } = input;
  annotations[EnforcedPolicyAnnotationKey] = levelVersionString(policies.policy.enforce);
  if (!levelVersionEqual(policies.policy.enforce, policies.ephemeral.enforce)) {
    annotations[EphemeralEnforcedPolicyAnnotationKey] = levelVersionString(policies.ephemeral.enforce);
  }
  const failures: string[] = [];
  for (const v of judgeMode(policies, 'enforce', spec, views)) {
    deps.metrics.recordEvaluation(
      v.result.allowed ? 'allow' : 'deny',
      v.lv,
      metricsMode('enforce', v.view),
      attrs,
    );
    if (!v.result.allowed) failures.push(`violates ${violation(v)}`);
  }
  return failures.length === 0 ? allowedResponse() : forbiddenResponse(attrs, failures.join('; '));
}

/** Evaluates the namespace policies against the pod(-like) object; enforce only when input.enforce. */
export function evaluatePod(deps: EvaluatePodDeps, input: EvaluatePodInput): AdmissionResponse {
  const { policies, attrs, spec } = input;
  const annotations: Record<string, string> = {};
  if (input.policyError !== undefined) {
    annotations['error'] = `Failed to parse policy: ${input.policyError}`;
    deps.metrics.recordError(false, attrs);
  }
  const views = new ViewEvaluator(deps.evaluator, input.metadata, spec);
  const response = input.enforce ? enforceMode(deps, input, views, annotations) : allowedResponse();

  for (const v of judgeMode(policies, 'audit', spec, views)) {
    if (v.result.allowed) continue;
    const key = v.view === 'ephemeral' ? EphemeralAuditViolationsAnnotationKey : AuditViolationsAnnotationKey;
    annotations[key] = `would violate ${violation(v)}`;
    deps.metrics.recordEvaluation('deny', v.lv, metricsMode('audit', v.view), attrs);
  }
  // Avoid adding warnings to a request that is already rejected.
  if (response.allowed) {
    for (const v of judgeMode(policies, 'warn', spec, views)) {
      if (v.result.allowed) continue;
      (response.warnings ??= []).push(`would violate ${violation(v)}`);
      deps.metrics.recordEvaluation('deny', v.lv, metricsMode('warn', v.view), attrs);
    }
  }
  response.auditAnnotations = annotations;
  return response;
}
