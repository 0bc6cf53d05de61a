// ValidateNamespace (upstream admission/admission.go): label validation on create and update, and
// the dry-run of existing pods when the enforce policy (or, extension, the ephemeral enforce policy) tightens.
import {
  CompareLevels,
  fieldErrorsEqual,
  goQuote,
  LevelPrivileged,
  levelVersionEqual,
  levelVersionString,
  modeLabels,
  modes,
  policyEquivalent,
  policyFullyPrivileged,
  getLabel,
  versionEqual,
  type Attributes,
  type GroupVersionKind,
  type Labels,
  type LevelVersion,
  type NamespacePolicies,
  type Policy,
} from '../api/index.js';
import { decodeNamespace, namespaceKind, notOfKind } from './decode.js';
import { evaluatePodsInNamespace, type DryRun, type DryRunDeps } from './dryrun.js';
import type { Namespace, RequestContext } from './ports.js';
import {
  allowedResponse,
  errorResponse,
  invalidResponse,
  sharedAllowedResponse,
  type AdmissionResponse,
} from './response.js';
import { badRequestStatus } from './status.js';

/** What namespace validation needs from admission (Admission satisfies it). */
export interface NamespaceValidationDeps extends DryRunDeps {
  /** The policies of a namespace without labels. */
  readonly defaultPolicies: NamespacePolicies;
  policyLabels(labels: Labels | null | undefined): Labels;
  policiesToEvaluate(labels: Labels | null | undefined): NamespacePolicies;
  exemptNamespace(namespace: string): boolean;
}

function decode(
  raw: unknown,
  requestKind: GroupVersionKind,
  message: string,
  typeMessage: string,
): Namespace | AdmissionResponse {
  // No object, or an object of another kind: upstream's type assertion fails, with no cause.
  if (notOfKind(raw, requestKind, namespaceKind))
    return errorResponse(undefined, badRequestStatus(typeMessage));
  try {
    return decodeNamespace(raw);
  } catch (err) {
    return errorResponse(err instanceof Error ? err.message : String(err), badRequestStatus(message));
  }
}

function isResponse(v: Namespace | AdmissionResponse): v is AdmissionResponse {
  return typeof (v as AdmissionResponse).allowed === 'boolean';
}

/**
 * Whether a change of enforce policy needs a dry-run: skipped when unchanged, when the new policy is
 * privileged, and when the level was relaxed at the same version.
 */
function tightened(next: LevelVersion, prev: LevelVersion): boolean {
  if (levelVersionEqual(next, prev)) return false;
  if (next.level === LevelPrivileged) return false;
  return !(versionEqual(next.version, prev.version) && CompareLevels(next.level, prev.level) < 1);
}

function isSplit(p: NamespacePolicies): boolean {
  return !levelVersionEqual(p.policy.enforce, p.ephemeral.enforce);
}

/** The dry-runs a namespace update needs: upstream's, plus the ephemeral one when a policy is split. */
export function dryRunsFor(next: NamespacePolicies, prev: NamespacePolicies): DryRun[] {
  const runs: DryRun[] = [];
  if (tightened(next.policy.enforce, prev.policy.enforce)) {
    runs.push({ lv: next.policy.enforce, view: isSplit(next) ? 'regular' : 'whole', mode: 'enforce' });
  }
  // A whole-pod dry-run already judges ephemeral containers at the (unsplit) new policy.
  const wholeRun = runs.some((r) => r.view === 'whole');
  if (
    (isSplit(next) || isSplit(prev)) &&
    !wholeRun &&
    tightened(next.ephemeral.enforce, prev.ephemeral.enforce)
  ) {
    runs.push({ lv: next.ephemeral.enforce, view: 'ephemeral', mode: 'ephemeral-enforce' });
  }
  return runs;
}

export async function validateNamespace(
  a: NamespaceValidationDeps,
  attrs: Attributes,
  ctx: RequestContext,
): Promise<Readonly<AdmissionResponse>> {
  if (attrs.subresource !== '') return sharedAllowedResponse;
  const namespace = decode(attrs.object, attrs.kind, 'failed to decode object', 'failed to decode namespace');
  if (isResponse(namespace)) return namespace;
  const labels = a.policyLabels(namespace.metadata?.labels);
  const name = namespace.metadata?.name ?? '';
  const next = a.policiesToEvaluate(labels);
  const exemptWarning = () => {
    const warning = a.exemptNamespace(attrs.namespace) ? exemptNamespaceWarning(a, name, next, labels) : '';
    if (warning === '') return sharedAllowedResponse;
    return { ...allowedResponse(), warnings: [warning] };
  };

  if (attrs.operation === 'CREATE') {
    if (next.errors.length > 0) return invalidResponse(attrs, next.errors);
    return exemptWarning();
  }
  if (attrs.operation !== 'UPDATE') return sharedAllowedResponse;

  const old = decode(
    attrs.oldObject,
    attrs.kind,
    'failed to decode  old object',
    'failed to decode  old namespace',
  );
  if (isResponse(old)) return old;
  const prev = a.policiesToEvaluate(old.metadata?.labels ?? {});
  // Require valid labels on update only if the errors changed.
  if (next.errors.length > 0 && (prev.errors.length === 0 || !fieldErrorsEqual(next.errors, prev.errors))) {
    return invalidResponse(attrs, next.errors);
  }
  const runs = dryRunsFor(next, prev);
  if (runs.length === 0) return sharedAllowedResponse;
  if (a.exemptNamespace(attrs.namespace)) return exemptWarning();
  const response = allowedResponse();
  response.warnings = await evaluatePodsInNamespace(a, name, runs, ctx);
  return response;
}

function explicitModes(policy: Policy, labels: Labels, ephemeral: boolean): string[] {
  const parts: string[] = [];
  for (const mode of modes) {
    const keys = modeLabels[mode];
    const [levelKey, versionKey] = ephemeral
      ? [keys.ephemeralLevel, keys.ephemeralVersion]
      : [keys.level, keys.version];
    const set = getLabel(labels, levelKey) !== undefined || getLabel(labels, versionKey) !== undefined;
    if (policy[mode].level !== LevelPrivileged && set) {
      parts.push(`${ephemeral ? 'ephemeral-' : ''}${mode}=${levelVersionString(policy[mode])}`);
    }
  }
  return parts;
}

/**
 * A warning when an exempt namespace sets a non-privileged policy: only modes set explicitly by labels
 * are printed, regular ones first, then (extension) ephemeral ones.
 */
export function exemptNamespaceWarning(
  a: NamespaceValidationDeps,
  name: string,
  p: NamespacePolicies,
  labels: Labels,
): string {
  const defaults = a.defaultPolicies;
  const regularQuiet = policyFullyPrivileged(p.policy) || policyEquivalent(p.policy, defaults.policy);
  const ephemeralQuiet =
    policyFullyPrivileged(p.ephemeral) || policyEquivalent(p.ephemeral, defaults.ephemeral);
  if (regularQuiet && ephemeralQuiet) return '';
  const parts = [...explicitModes(p.policy, labels, false), ...explicitModes(p.ephemeral, labels, true)];
  return `namespace ${goQuote(name)} is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`;
}
