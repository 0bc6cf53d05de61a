// Extension: exec and attach into an ephemeral container (KEP "Exec and attach into an ephemeral
// container"). A debugger that violates the namespace's regular enforce policy, and any container that
// shares its process namespace, is reachable only by a user who may add ephemeral containers to the
// pod; everything else about exec/attach is upstream's.
import { z } from 'zod';
import {
  EnforcedPolicyAnnotationKey,
  EphemeralEnforcedPolicyAnnotationKey,
  goQuote,
  levelVersionEqual,
  levelVersionString,
  type Attributes,
  type Labels,
  type LevelVersion,
  type NamespacePolicies,
  type Container,
  type Pod,
  type PodSpec,
} from '../api/index.js';
import type { MetricsRecorder } from '../metrics/metrics.js';
import { aggregateCheckResults, forbiddenDetail } from '../policy/check.js';
import type { Evaluator } from '../policy/registry.js';
import { decodePod } from './decode.js';
import type { Authorizer, NamespaceGetter, PodGetter, RequestContext, UserInfo } from './ports.js';
import {
  allowedResponse,
  errorResponse,
  forbiddenResponse,
  sharedAllowedByRuntimeClassExemptionResponse,
  sharedAllowedByUserExemptionResponse,
  sharedAllowedResponse,
  type AdmissionResponse,
} from './response.js';
import { badRequestStatus, internalErrorStatus } from './status.js';
import { debuggerView } from './views.js';

/** The pod subresources whose CONNECT reaches into one container. */
export const containerConnectSubresources: ReadonlySet<string> = new Set(['exec', 'attach']);

/** Audit annotation of an exec/attach allowed only because the user may add ephemeral containers. */
export const EphemeralExecAuthorizedAnnotationKey = 'ephemeral-exec-authorized';

/** The permission that lets a user reach a debugger the regular policy forbids: the right to add one. */
const permissionVerbs = ['update', 'patch'] as const;
const permission = 'update or patch pods/ephemeralcontainers';

/** What the exec/attach judgement needs from Admission. */
export interface ConnectDeps {
  readonly evaluator: Evaluator;
  readonly metrics: MetricsRecorder;
  readonly namespaceGetter: NamespaceGetter;
  readonly podGetter: PodGetter;
  readonly authorizer: Authorizer;
  policiesToEvaluate(labels: Labels | null | undefined): NamespacePolicies;
  exemptNamespace(namespace: string): boolean;
  exemptUser(username: string): boolean;
  exemptRuntimeClass(runtimeClass: string | null | undefined): boolean;
}

/** PodExecOptions / PodAttachOptions: only the target container matters. */
const connectOptionsSchema = z.looseObject({ container: z.string().nullish() });

const userInfoSchema = z.looseObject({
  username: z.string().nullish(),
  uid: z.string().nullish(),
  groups: z.array(z.string()).nullish(),
  extra: z.record(z.string(), z.array(z.string())).nullish(),
});

/** The target container named by the request ('' when none), or undefined when it cannot be read. */
function targetContainer(object: unknown): string | undefined {
  const r = connectOptionsSchema.safeParse(object);
  return r.success ? (r.data.container ?? '') : undefined;
}

function requestUser(raw: unknown): UserInfo | undefined {
  const r = userInfoSchema.safeParse(raw ?? {});
  if (!r.success) return undefined;
  const u = r.data;
  return {
    username: u.username ?? '',
    ...(u.uid ? { uid: u.uid } : {}),
    ...(u.groups ? { groups: u.groups } : {}),
    ...(u.extra ? { extra: u.extra } : {}),
  };
}

/** A NotFound answer (static getters' NotFoundError, the API client's 404 ApiError). */
function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 404;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `exec into ephemeral container "d"`, `attach to container "app"`. */
function action(j: Pick<Judged, 'attrs' | 'container' | 'ephemeralTarget'>): string {
  const verb = j.attrs.subresource === 'attach' ? 'attach to' : 'exec into';
  return `${verb} ${j.ephemeralTarget ? 'ephemeral container' : 'container'} ${goQuote(j.container)}`;
}

interface Judged {
  readonly attrs: Attributes;
  /** The container the request reaches. */
  readonly container: string;
  readonly ephemeralTarget: boolean;
  /** The debugger that fails the regular enforce policy, when it is not the target but shares its process namespace. */
  readonly sharedWith: string | undefined;
  readonly policies: NamespacePolicies;
  /** Why the debugger fails the regular enforce policy. */
  readonly detail: string;
}

/** What is reached and why it matters, for the audit annotation and the error text. */
function reached(j: Judged): string {
  const regular = goQuote(levelVersionString(j.policies.policy.enforce));
  if (j.sharedWith === undefined) return `${action(j)}, which violates PodSecurity ${regular}`;
  return (
    `${action(j)}, which shares its process namespace with ephemeral container ${goQuote(j.sharedWith)} ` +
    `that violates PodSecurity ${regular}`
  );
}

function policyAnnotations(p: NamespacePolicies): Record<string, string> {
  return {
    [EnforcedPolicyAnnotationKey]: levelVersionString(p.policy.enforce),
    [EphemeralEnforcedPolicyAnnotationKey]: levelVersionString(p.ephemeral.enforce),
  };
}

/**
 * `exec into ephemeral container "d" requires permission ...: ephemeral containers in namespace "n"
 * are held to PodSecurity "privileged:latest" and this one violates PodSecurity "restricted:latest": <detail>`;
 * for a container sharing a debugger's process namespace, `...: it shares its process namespace with
 * ephemeral container "d"; ephemeral containers ... and that one violates ...`.
 */
export function deniedConnectMessage(j: Judged): string {
  const regular: LevelVersion = j.policies.policy.enforce;
  const ephemeral: LevelVersion = j.policies.ephemeral.enforce;
  const shared = j.sharedWith !== undefined;
  const which = shared
    ? `it shares its process namespace with ephemeral container ${goQuote(j.sharedWith)}; ephemeral containers`
    : 'ephemeral containers';
  return (
    `${action(j)} requires permission to ${permission}: ${which} in ` +
    `namespace ${goQuote(j.attrs.namespace)} are held to PodSecurity ${goQuote(levelVersionString(ephemeral))} ` +
    `and ${shared ? 'that' : 'this'} one violates PodSecurity ${goQuote(levelVersionString(regular))}: ${j.detail}`
  );
}

/**
 * The process namespace a container runs in: the pod's when it shares one, else an ephemeral
 * container's target's (targetContainerName, which only ephemeral containers have), else its own.
 * Containers with the same key see each other's processes.
 */
function processNamespace(spec: PodSpec, c: Container, ephemeral: boolean): string {
  if (spec.shareProcessNamespace === true) return '';
  const target = ephemeral ? c['targetContainerName'] : undefined;
  return `container:${typeof target === 'string' && target !== '' ? target : c.name}`;
}

/** The container the API server will connect to: the named one, or the only regular container. */
function resolveTarget(
  spec: PodSpec,
  name: string,
): { container: Container; ephemeral: boolean } | undefined {
  const regular = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  if (name === '') {
    const only = spec.containers?.length === 1 ? spec.containers[0] : undefined;
    return only ? { container: only, ephemeral: false } : undefined;
  }
  const debugger_ = (spec.ephemeralContainers ?? []).find((c) => c.name === name);
  if (debugger_) return { container: debugger_, ephemeral: true };
  const c = regular.find((r) => r.name === name);
  return c ? { container: c, ephemeral: false } : undefined;
}

/** The debuggers sharing the target's process namespace, the target itself first when it is one. */
function debuggersReached(spec: PodSpec, target: { container: Container; ephemeral: boolean }): Container[] {
  const ns = processNamespace(spec, target.container, target.ephemeral);
  const others = (spec.ephemeralContainers ?? []).filter(
    (d) => d !== target.container && processNamespace(spec, d, true) === ns,
  );
  return target.ephemeral ? [target.container, ...others] : others;
}

/**
 * Judges a CONNECT to pods/exec or pods/attach. Untouched (upstream's shared allowed response, no pod
 * lookup, no metrics) unless the namespace's ephemeral enforce policy differs from its regular one and
 * the container reached shares its process namespace with an ephemeral container.
 */
export async function validateConnect(
  deps: ConnectDeps,
  attrs: Attributes,
  ctx: RequestContext,
): Promise<Readonly<AdmissionResponse>> {
  const container = targetContainer(attrs.object);
  if (deps.exemptNamespace(attrs.namespace)) return sharedAllowedResponse;
  let labels: Labels | null | undefined;
  try {
    labels = (await deps.namespaceGetter.getNamespace(attrs.namespace, ctx)).metadata?.labels;
  } catch (err) {
    // No namespace, no pod in it to reach: upstream's answer. Any other failure leaves the policies
    // unknown, so the request is refused as upstream refuses pods then.
    if (isNotFound(err)) return sharedAllowedResponse;
    deps.metrics.recordError(true, attrs);
    const status = internalErrorStatus(`failed to lookup namespace ${goQuote(attrs.namespace)}`);
    return errorResponse(errorMessage(err), status);
  }
  const policies = deps.policiesToEvaluate(labels);
  if (levelVersionEqual(policies.policy.enforce, policies.ephemeral.enforce)) return sharedAllowedResponse;
  if (container === undefined) {
    deps.metrics.recordError(true, attrs);
    return errorResponse(undefined, badRequestStatus(`failed to decode ${attrs.kind.kind || 'object'}`));
  }
  if (deps.exemptUser(attrs.username)) {
    deps.metrics.recordExemption(attrs);
    return sharedAllowedByUserExemptionResponse;
  }
  return judgeContainer(deps, attrs, ctx, container, policies);
}

async function judgeContainer(
  deps: ConnectDeps,
  attrs: Attributes,
  ctx: RequestContext,
  container: string,
  policies: NamespacePolicies,
): Promise<Readonly<AdmissionResponse>> {
  let pod: Pod;
  try {
    pod = decodePod(await deps.podGetter.getPod(attrs.namespace, attrs.name, ctx.signal));
  } catch (err) {
    deps.metrics.recordError(true, attrs);
    return errorResponse(
      errorMessage(err),
      internalErrorStatus(`failed to lookup pod ${goQuote(attrs.name)}`),
    );
  }
  const spec = pod.spec ?? {};
  const target = resolveTarget(spec, container);
  if (target === undefined) {
    // No container named and no single one to default to: the API server refuses it itself.
    if (container === '') return sharedAllowedResponse;
    // Not in the pod we read: the API server's own answer, never a guess that it is harmless.
    return {
      allowed: false,
      status: badRequestStatus(`container ${container} is not valid for pod ${attrs.name}`),
    };
  }
  const debuggers = debuggersReached(spec, target);
  if (debuggers.length === 0) return sharedAllowedResponse;
  if (deps.exemptRuntimeClass(spec.runtimeClassName)) {
    deps.metrics.recordExemption(attrs);
    return sharedAllowedByRuntimeClassExemptionResponse;
  }
  const regular = policies.policy.enforce;
  for (const d of debuggers) {
    const result = aggregateCheckResults(
      deps.evaluator.evaluatePod(regular, pod.metadata, debuggerView(spec, d)),
    );
    if (result.allowed) continue;
    const judged: Judged = {
      attrs,
      container: target.container.name ?? '',
      ephemeralTarget: target.ephemeral,
      sharedWith: d === target.container ? undefined : (d.name ?? ''),
      policies,
      detail: forbiddenDetail(result),
    };
    return authorize(deps, judged, ctx);
  }
  return sharedAllowedResponse;
}

async function authorize(deps: ConnectDeps, j: Judged, ctx: RequestContext): Promise<AdmissionResponse> {
  const { attrs } = j;
  const user = requestUser(attrs.userInfo);
  if (user === undefined) {
    deps.metrics.recordError(true, attrs);
    return errorResponse(undefined, badRequestStatus('failed to decode userInfo'));
  }
  let granted: string | undefined;
  try {
    for (const verb of permissionVerbs) {
      const decision = await deps.authorizer.authorize(
        user,
        {
          namespace: attrs.namespace,
          verb,
          group: '',
          resource: 'pods',
          subresource: 'ephemeralcontainers',
          name: attrs.name,
        },
        ctx.signal,
      );
      if (decision.allowed) {
        granted = verb;
        break;
      }
    }
  } catch (err) {
    deps.metrics.recordError(true, attrs);
    const status = internalErrorStatus(
      `cannot check permission to ${permission} for ${reached(j)}: ${errorMessage(err)}`,
    );
    return errorResponse(undefined, status);
  }
  const annotations = policyAnnotations(j.policies);
  if (granted === undefined) {
    deps.metrics.recordEvaluation('deny', j.policies.policy.enforce, 'enforce', attrs);
    const response = forbiddenResponse(attrs, deniedConnectMessage(j));
    response.auditAnnotations = annotations;
    return response;
  }
  deps.metrics.recordEvaluation('allow', j.policies.policy.enforce, 'enforce', attrs);
  const response = allowedResponse();
  annotations[EphemeralExecAuthorizedAnnotationKey] =
    `${reached(j)}: allowed because the user may ${granted} pods/ephemeralcontainers`;
  response.auditAnnotations = annotations;
  return response;
}
