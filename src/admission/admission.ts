// The admission decision logic (upstream admission/admission.go Admission): routes namespaces, pods and
// pod controllers, applies exemptions and the privileged short-cut, then evaluates pods.
import {
  fieldErrorsAggregate,
  goQuote,
  modeLabels,
  modes,
  PoliciesToEvaluate,
  policiesFullyPrivileged,
  type Attributes,
  type Labels,
  type NamespacePolicies,
  type Pod,
} from '../api/index.js';
import type { MetricsRecorder } from '../metrics/metrics.js';
import type { Evaluator } from '../policy/registry.js';
import type { AdmissionConfiguration } from './config.js';
import { containerConnectSubresources, validateConnect } from './connect.js';
import { DecodeError, decodePod, notOfKind, objectKind, podKind } from './decode.js';
import { evaluatePod } from './evaluate_pod.js';
import { defaultFeatureGates, PodSecurityEphemeralLevels, type FeatureGates } from './features.js';
import { defaultPodSpecExtractor, type PodSpecExtractor } from './podspec.js';
import {
  noAuthorizer,
  noPodGetter,
  systemClock,
  type Authorizer,
  type Clock,
  type NamespaceGetter,
  type PodGetter,
  type PodLister,
  type RequestContext,
} from './ports.js';
import {
  allowedResponse,
  errorResponse,
  sharedAllowedByNamespaceExemptionResponse,
  sharedAllowedByRuntimeClassExemptionResponse,
  sharedAllowedByUserExemptionResponse,
  sharedAllowedPrivilegedResponse,
  sharedAllowedResponse,
  type AdmissionResponse,
} from './response.js';
import { badRequestStatus, internalErrorStatus } from './status.js';
import { isSignificantPodUpdate } from './significant.js';
import { validateNamespace } from './validate_namespace.js';

const ephemeralLabelKeys: ReadonlySet<string> = new Set(
  modes.flatMap((m) => [modeLabels[m].ephemeralLevel, modeLabels[m].ephemeralVersion]),
);

export interface AdmissionOptions {
  readonly configuration: AdmissionConfiguration;
  readonly evaluator: Evaluator;
  readonly metrics: MetricsRecorder;
  readonly namespaceGetter: NamespaceGetter;
  readonly podLister: PodLister;
  readonly podSpecExtractor?: PodSpecExtractor;
  readonly clock?: Clock;
  /** Namespace dry-run limits; upstream's 3000 pods and 1 s by default. */
  readonly namespaceMaxPodsToCheck?: number;
  readonly namespacePodCheckTimeoutMs?: number;
  /** Feature gates; default all on (`defaultFeatureGates`). */
  readonly features?: FeatureGates;
  /** The live pod for exec/attach into an ephemeral container; default: none (fails closed). */
  readonly podGetter?: PodGetter;
  /** Who may update pods/ephemeralcontainers; default: none (fails closed). */
  readonly authorizer?: Authorizer;
}

/** Pod subresources that never change the pod spec; any other subresource is evaluated. */
const ignoredPodSubresources = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A resolved policy shared between requests: frozen, so that no request can change another's. */
function freezePolicies(p: NamespacePolicies): NamespacePolicies {
  for (const policy of [p.policy, p.ephemeral]) {
    Object.freeze(policy.enforce);
    Object.freeze(policy.audit);
    Object.freeze(policy.warn);
    Object.freeze(policy);
  }
  Object.freeze(p.errors);
  return Object.freeze(p);
}

export class Admission {
  readonly configuration: AdmissionConfiguration;
  readonly evaluator: Evaluator;
  readonly metrics: MetricsRecorder;
  readonly namespaceGetter: NamespaceGetter;
  readonly podLister: PodLister;
  readonly podSpecExtractor: PodSpecExtractor;
  readonly clock: Clock;
  readonly namespaceMaxPodsToCheck: number;
  readonly namespacePodCheckTimeoutMs: number;
  readonly features: FeatureGates;
  readonly podGetter: PodGetter;
  readonly authorizer: Authorizer;
  /** The policies of a namespace without labels (upstream's defaultPolicy), resolved once. */
  readonly defaultPolicies: NamespacePolicies;
  private readonly exemptNamespaces: ReadonlySet<string>;
  private readonly exemptUsers: ReadonlySet<string>;
  private readonly exemptRuntimeClasses: ReadonlySet<string>;
  private readonly resolvedPolicies = new WeakMap<Labels, NamespacePolicies>();

  constructor(o: AdmissionOptions) {
    this.configuration = o.configuration;
    this.evaluator = o.evaluator;
    this.metrics = o.metrics;
    this.namespaceGetter = o.namespaceGetter;
    this.podLister = o.podLister;
    this.podSpecExtractor = o.podSpecExtractor ?? defaultPodSpecExtractor;
    this.clock = o.clock ?? systemClock;
    this.namespaceMaxPodsToCheck = o.namespaceMaxPodsToCheck ?? 3000;
    this.namespacePodCheckTimeoutMs = o.namespacePodCheckTimeoutMs ?? 1000;
    this.features = o.features ?? defaultFeatureGates;
    this.podGetter = o.podGetter ?? noPodGetter;
    this.authorizer = o.authorizer ?? noAuthorizer;
    this.defaultPolicies = this.policiesToEvaluate({});
    this.exemptNamespaces = new Set(o.configuration.exemptions.namespaces);
    this.exemptUsers = new Set(o.configuration.exemptions.usernames);
    this.exemptRuntimeClasses = new Set(o.configuration.exemptions.runtimeClasses);
  }

  /** Admits an API request. The returned response may be shared and must not be mutated. */
  validate(attrs: Attributes, ctx: RequestContext = {}): Promise<Readonly<AdmissionResponse>> {
    const { group, resource } = attrs.resource;
    if (group === '' && resource === 'namespaces') return validateNamespace(this, attrs, ctx);
    if (group === '' && resource === 'pods') return this.validatePod(attrs, ctx);
    return this.validatePodController(attrs, ctx);
  }

  /**
   * The namespace's regular and ephemeral policies. With PodSecurityEphemeralLevels off, resolution
   * sees no ephemeral-* labels and no ephemeral defaults, so the ephemeral policy is the regular one
   * and every response is upstream's.
   */
  policiesToEvaluate(labels: Labels | null | undefined): NamespacePolicies {
    // Frozen label sets (the namespace cache's interned ones) cannot change: resolve each once.
    if (labels === null || labels === undefined || !Object.isFrozen(labels))
      return this.resolvePolicies(labels);
    let policies = this.resolvedPolicies.get(labels);
    if (policies === undefined) {
      policies = freezePolicies(this.resolvePolicies(labels));
      this.resolvedPolicies.set(labels, policies);
    }
    return policies;
  }

  private resolvePolicies(labels: Labels | null | undefined): NamespacePolicies {
    const c = this.configuration;
    if (this.features[PodSecurityEphemeralLevels]) {
      return PoliciesToEvaluate(labels, c.defaults, c.ephemeralDefaults);
    }
    return PoliciesToEvaluate(this.policyLabels(labels), c.defaults, {});
  }

  /** The labels policy resolution reads: all of them, or without ephemeral-* ones when the gate is off. */
  policyLabels(labels: Labels | null | undefined): Labels {
    if (labels === null || labels === undefined) return {};
    if (this.features[PodSecurityEphemeralLevels]) return labels;
    return Object.fromEntries(Object.entries(labels).filter(([k]) => !ephemeralLabelKeys.has(k)));
  }

  exemptNamespace(namespace: string): boolean {
    return namespace !== '' && this.exemptNamespaces.has(namespace);
  }

  exemptUser(username: string): boolean {
    return username !== '' && this.exemptUsers.has(username);
  }

  exemptRuntimeClass(runtimeClass: string | null | undefined): boolean {
    return (
      typeof runtimeClass === 'string' && runtimeClass !== '' && this.exemptRuntimeClasses.has(runtimeClass)
    );
  }

  private exemption(attrs: Attributes): Readonly<AdmissionResponse> | undefined {
    if (this.exemptNamespace(attrs.namespace)) {
      this.metrics.recordExemption(attrs);
      return sharedAllowedByNamespaceExemptionResponse;
    }
    if (this.exemptUser(attrs.username)) {
      this.metrics.recordExemption(attrs);
      return sharedAllowedByUserExemptionResponse;
    }
    return undefined;
  }

  /** Evaluates a pod create or update (or an evaluated subresource) against the namespace policies. */
  async validatePod(attrs: Attributes, ctx: RequestContext): Promise<Readonly<AdmissionResponse>> {
    if (
      attrs.operation === 'CONNECT' &&
      containerConnectSubresources.has(attrs.subresource) &&
      this.features[PodSecurityEphemeralLevels]
    ) {
      return validateConnect(this, attrs, ctx);
    }
    if (ignoredPodSubresources.has(attrs.subresource)) return sharedAllowedResponse;
    const exempt = this.exemption(attrs);
    if (exempt) return exempt;

    let labels: Labels | null | undefined;
    try {
      labels = (await this.namespaceGetter.getNamespace(attrs.namespace, ctx)).metadata?.labels;
    } catch (err) {
      this.metrics.recordError(true, attrs);
      const status = internalErrorStatus(`failed to lookup namespace ${goQuote(attrs.namespace)}`);
      return errorResponse(errorMessage(err), status);
    }
    const policies = this.policiesToEvaluate(labels);
    if (policies.errors.length === 0 && policiesFullyPrivileged(policies)) {
      this.metrics.recordEvaluation('allow', policies.policy.enforce, 'enforce', attrs);
      return sharedAllowedPrivilegedResponse;
    }
    const decoded = this.decodePods(attrs);
    if ('response' in decoded) return decoded.response;
    if (decoded.oldPod !== undefined && !isSignificantPodUpdate(decoded.pod, decoded.oldPod)) {
      return sharedAllowedResponse; // Nothing we care about changed.
    }
    const spec = decoded.pod.spec ?? {};
    if (this.exemptRuntimeClass(spec.runtimeClassName)) {
      this.metrics.recordExemption(attrs);
      return sharedAllowedByRuntimeClassExemptionResponse;
    }
    return evaluatePod(this, {
      policies,
      policyError: policies.errors.length > 0 ? fieldErrorsAggregate(policies.errors) : undefined,
      metadata: decoded.pod.metadata ?? {},
      spec,
      attrs,
      enforce: true,
    });
  }

  private decodePods(attrs: Attributes): { pod: Pod; oldPod?: Pod } | { response: AdmissionResponse } {
    const fail = (message: string, err: unknown) => {
      this.metrics.recordError(true, attrs);
      return {
        response: errorResponse(err === undefined ? undefined : errorMessage(err), badRequestStatus(message)),
      };
    };
    // No object, or an object of another kind: upstream's type assertion fails, with no cause.
    if (notOfKind(attrs.object, attrs.kind, podKind)) return fail('failed to decode pod', undefined);
    let pod: Pod;
    try {
      pod = decodePod(attrs.object);
    } catch (err) {
      return fail('failed to decode object', err);
    }
    if (attrs.operation !== 'UPDATE') return { pod };
    if (notOfKind(attrs.oldObject, attrs.kind, podKind)) return fail('failed to decode old pod', undefined);
    try {
      return { pod, oldPod: decodePod(attrs.oldObject) };
    } catch (err) {
      return fail('failed to decode old object', err);
    }
  }

  /** Evaluates a pod controller create or update: audit and warn only, failing open on errors. */
  async validatePodController(attrs: Attributes, ctx: RequestContext): Promise<Readonly<AdmissionResponse>> {
    if (attrs.subresource !== '') return sharedAllowedResponse;
    const exempt = this.exemption(attrs);
    if (exempt) return exempt;
    const failOpen = (error: string) => {
      this.metrics.recordError(true, attrs);
      const response = allowedResponse();
      response.auditAnnotations = { error };
      return response;
    };
    let labels: Labels | null | undefined;
    try {
      labels = (await this.namespaceGetter.getNamespace(attrs.namespace, ctx)).metadata?.labels;
    } catch (err) {
      return failOpen(`failed to lookup namespace ${goQuote(attrs.namespace)}: ${errorMessage(err)}`);
    }
    const nsPolicies = this.policiesToEvaluate(labels);
    // Templates cannot hold ephemeral containers: controllers are judged by the regular policy only.
    const policies: NamespacePolicies = { ...nsPolicies, ephemeral: nsPolicies.policy };
    const p = policies.policy;
    if (policies.errors.length === 0 && p.warn.level === 'privileged' && p.audit.level === 'privileged') {
      return sharedAllowedResponse;
    }
    let template;
    try {
      // The object's own kind, as Go's decoder types it, picks the template to extract.
      template = this.podSpecExtractor.extractPodSpec(objectKind(attrs.object, attrs.kind), attrs.object);
    } catch (err) {
      const what = err instanceof DecodeError ? 'decode object' : 'extract pod template';
      return failOpen(`failed to ${what}: ${errorMessage(err)}`);
    }
    if (template === undefined) return sharedAllowedResponse;
    if (this.exemptRuntimeClass(template.spec.runtimeClassName)) {
      this.metrics.recordExemption(attrs);
      return sharedAllowedByRuntimeClassExemptionResponse;
    }
    return evaluatePod(this, {
      policies,
      policyError: policies.errors.length > 0 ? fieldErrorsAggregate(policies.errors) : undefined,
      metadata: template.metadata,
      spec: template.spec,
      attrs,
      enforce: false,
    });
  }
}
