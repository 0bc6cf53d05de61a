// The playground's engine, free of DOM and Node APIs: a page state becomes a cluster (namespace,
// existing pods, authorization answers, configuration) and an AdmissionReview, answered by the same
// Admission as `review`.
import { parseAllDocuments } from 'yaml';
import {
  fieldErrorString,
  labelPath,
  labelPrefix,
  modeLabels,
  modes,
  parseLabelPairs,
  ParseVersion,
  type EphemeralContainer,
  type Labels,
  type Pod,
  type Version,
} from '../api/index.js';
import { Admission } from '../admission/admission.js';
import { admissionConfiguration, defaultAdmissionConfiguration } from '../admission/config.js';
import { loadConfigFromData } from '../admission/config/data.js';
import { explain, formatExplanation, type Explanation } from '../admission/explain.js';
import { defaultFeatureGates, PodSecurityEphemeralLevels } from '../admission/features.js';
import type {
  Authorizer,
  AuthorizationDecision,
  Namespace,
  ResourceAttributes,
  UserInfo,
} from '../admission/ports.js';
import { decodeAuthorizationAnswers, StaticAuthorizer } from '../admission/static_authorizer.js';
import { StaticNamespaceGetter, StaticPodLister } from '../admission/static_ports.js';
import { handleReview, type AdmissionReviewResponse } from '../admission/review.js';
import { debugContainer, profileNames, profileUse, type ProfileName } from '../demo/profiles.js';
import { subjectAccessReview } from '../k8s/authorization.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';

/** The twelve namespace label keys the page edits, mode by mode. */
export const labelKeys: readonly string[] = modes.flatMap((m) => {
  const k = modeLabels[m];
  return [k.level, k.version, k.ephemeralLevel, k.ephemeralVersion];
});

export const requestKinds = [
  'pod',
  'debug',
  'namespace',
  'create-namespace',
  'connect',
  'update',
  'workload',
] as const;
export type RequestKind = (typeof requestKinds)[number];
export type DebugChoice = ProfileName | 'custom';
/** The CONNECT subresources that reach into one container (connect.ts judges them). */
export const connectKinds = ['exec', 'attach'] as const;
export type ConnectKind = (typeof connectKinds)[number];
/** Pod UPDATE: the pod itself, the subresource `kubectl debug` sends, and two more the API server has. */
export const updateSubresources = ['', 'ephemeralcontainers', 'resize', 'status'] as const;
export type UpdateSubresource = (typeof updateSubresources)[number];
/** The workloads whose pod template admission judges, by resource; and a Service, which has no template. */
export const workloadKinds = {
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment' },
  replicasets: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  statefulsets: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
  daemonsets: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
  jobs: { group: 'batch', version: 'v1', kind: 'Job' },
  cronjobs: { group: 'batch', version: 'v1', kind: 'CronJob' },
  replicationcontrollers: { group: '', version: 'v1', kind: 'ReplicationController' },
  podtemplates: { group: '', version: 'v1', kind: 'PodTemplate' },
  services: { group: '', version: 'v1', kind: 'Service' },
} as const;
export type WorkloadResource = keyof typeof workloadKinds;
export const workloadResources = Object.keys(workloadKinds) as [WorkloadResource, ...WorkloadResource[]];
export const workloadOperations = ['CREATE', 'UPDATE'] as const;
export type WorkloadOperation = (typeof workloadOperations)[number];

/** Everything the page shows follows from this; it is what a shared link holds. */
export interface PlaygroundState {
  readonly namespace: string;
  /** The namespace's pod-security labels (the twelve keys; empty values are unset). */
  readonly labels: Readonly<Record<string, string>>;
  /** A PodSecurityConfiguration as YAML or JSON; empty means the defaults. */
  readonly config: string;
  /** `v1.N`, or empty for none. */
  readonly emulationVersion: string;
  readonly ephemeralLevelsGate: boolean;
  readonly username: string;
  readonly request: RequestKind;
  /** The pod (YAML): created, or the target of the debug container. */
  readonly pod: string;
  readonly debug: DebugChoice;
  /** The hand-written ephemeral container (YAML), for debug = custom. */
  readonly container: string;
  /** Namespace update: the labels before the update, `k=v,...` (keys without `/` get the prefix). */
  readonly oldLabels: string;
  /** Namespace update: the namespace's existing pods (YAML documents or a list). */
  readonly pods: string;
  /** No namespace of this name exists: its lookup answers NotFound. */
  readonly namespaceMissing: boolean;
  /** The requesting user's groups, comma-separated (empty: none sent). */
  readonly groups: string;
  /** CONNECT: pods/exec or pods/attach. */
  readonly connect: ConnectKind;
  /** CONNECT: the container named (`-c`); empty: none named. */
  readonly connectContainer: string;
  /** CONNECT, pod UPDATE and workloads: the name in the request; empty: the object's metadata.name. */
  readonly podName: string;
  /** CONNECT: who may update or patch pods/ephemeralcontainers (YAML/JSON as `--authorization FILE`). */
  readonly authorization: string;
  /** UPDATE: the pod after the update (YAML); `pod` holds the pod before it (empty: no oldObject). */
  readonly newPod: string;
  readonly updateSubresource: UpdateSubresource;
  /** Workload: the resource written to (its kind and group follow). */
  readonly workloadResource: WorkloadResource;
  readonly workloadOperation: WorkloadOperation;
  /** Workload: the object (YAML) and, for UPDATE, the object before it (empty: no oldObject). */
  readonly workload: string;
  readonly oldWorkload: string;
}

/** Input errors by field; an evaluation runs only when there are none. */
export type InputErrors = Partial<
  Record<
    | 'config'
    | 'emulationVersion'
    | 'pod'
    | 'container'
    | 'oldLabels'
    | 'pods'
    | 'namespace'
    | 'podName'
    | 'authorization'
    | 'newPod'
    | 'workload'
    | 'oldWorkload',
    string
  >
>;

/** One question the admission asked the authorizer, as the webhook would send it (a SubjectAccessReview). */
export interface AuthorizationCheck {
  readonly review: unknown;
  /** The answer; undefined when the question failed (`error`). */
  readonly allowed?: boolean;
  readonly error?: string;
}

export interface MatrixRow {
  readonly profile: ProfileName;
  readonly use: string;
  readonly allowed: boolean;
  readonly message: string;
  readonly warnings: readonly string[];
}

export interface Evaluation {
  readonly inputErrors: InputErrors;
  /** Per label key: the error the API server would reject the namespace with. */
  readonly labelErrors: Readonly<Record<string, string>>;
  readonly review?: unknown;
  readonly response?: AdmissionReviewResponse;
  readonly explanation?: Explanation;
  readonly explanationText?: string;
  readonly matrix?: readonly MatrixRow[];
  /** The authorization checks the request caused, in the order asked. */
  readonly authorizationChecks?: readonly AuthorizationCheck[];
}

export const playgroundUid = 'playground';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** YAML or JSON text: every document, arrays and Lists flattened. Throws a one-line message. */
export function parseObjectsText(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const flatten = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach(flatten);
    else if (
      isRecord(v) &&
      typeof v['kind'] === 'string' &&
      v['kind'].endsWith('List') &&
      Array.isArray(v['items'])
    )
      v['items'].forEach(flatten);
    else if (isRecord(v)) out.push(v);
    else throw new Error(`expected Kubernetes objects, found ${JSON.stringify(v)}`);
  };
  for (const doc of parseAllDocuments(text)) {
    const err = doc.errors[0];
    if (err) throw new Error(`invalid YAML/JSON: ${err.message.split('\n')[0] ?? ''}`);
    flatten(doc.toJS({ maxAliasCount: -1 }));
  }
  return out;
}

function one(text: string, what: string): Record<string, unknown> {
  const objects = parseObjectsText(text);
  if (objects.length !== 1) throw new Error(`expected one ${what}, found ${objects.length}`);
  return objects[0] as Record<string, unknown>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The labels the namespace has: the twelve keys with a value (an empty value is unset). */
export function namespaceLabels(state: PlaygroundState): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of labelKeys) {
    const v = state.labels[key];
    if (v !== undefined && v !== '') labels[key] = v;
  }
  return labels;
}

function emulationVersion(text: string): Version | undefined {
  if (text.trim() === '') return undefined;
  const r = ParseVersion(text.trim());
  if (r.error !== undefined || r.value.latest) throw new Error(`must be "v1.x", got ${JSON.stringify(text)}`);
  return r.value;
}

interface Inputs {
  admission?: Admission;
  authorizer?: RecordingAuthorizer;
  pod?: Pod;
  container?: EphemeralContainer;
  oldLabels?: Record<string, string>;
  pods?: Pod[];
  /** UPDATE: the pod after the update. */
  newPod?: Pod;
  /** CONNECT, UPDATE and workloads: the object the request names. */
  podName?: string;
  workload?: Record<string, unknown>;
  oldWorkload?: Record<string, unknown>;
}

/** The stated answers (StaticAuthorizer), recording each question as the SubjectAccessReview it would be. */
export class RecordingAuthorizer implements Authorizer {
  readonly asked: AuthorizationCheck[] = [];

  constructor(private readonly inner: Authorizer) {}

  async authorize(
    user: UserInfo,
    a: ResourceAttributes,
    signal?: AbortSignal,
  ): Promise<AuthorizationDecision> {
    const review = subjectAccessReview(user, a);
    try {
      const decision = await this.inner.authorize(user, a, signal);
      this.asked.push({ review, allowed: decision.allowed });
      return decision;
    } catch (err) {
      this.asked.push({ review, error: message(err) });
      throw err;
    }
  }
}

function guard<T>(errors: InputErrors, field: keyof InputErrors, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    errors[field] = message(err);
    return undefined;
  }
}

/** A pod without metadata.namespace, placed in the namespace (as the API server stores it). */
function inNamespace(o: Record<string, unknown>, namespace: string): Pod {
  const meta = isRecord(o['metadata']) ? o['metadata'] : {};
  return (meta['namespace'] === undefined ? { ...o, metadata: { ...meta, namespace } } : o) as Pod;
}

/** The namespace's existing pods; a pod without metadata.namespace is placed in the namespace. */
function existingPods(state: PlaygroundState): Pod[] {
  if (state.pods.trim() === '') return [];
  return parseObjectsText(state.pods).map((o) => inNamespace(o, state.namespace));
}

/** The pods the cluster holds: a namespace update's existing pods, or the pod an exec or attach reaches. */
function clusterPods(state: PlaygroundState, inputs: Pick<Inputs, 'pod' | 'pods'>): Pod[] {
  if (state.request === 'namespace') return inputs.pods ?? [];
  if (state.request === 'connect' && inputs.pod !== undefined)
    return [inNamespace(inputs.pod as Record<string, unknown>, state.namespace)];
  return [];
}

/** `a, b` as the user's groups: trimmed, empty entries dropped. */
export function groupsOf(text: string): string[] {
  return text
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

function authorizer(state: PlaygroundState): RecordingAuthorizer {
  if (state.request !== 'connect' || state.authorization.trim() === '')
    return new RecordingAuthorizer(new StaticAuthorizer());
  const r = decodeAuthorizationAnswers(one(state.authorization, 'authorization document'));
  if ('problem' in r) throw new Error(r.problem);
  return new RecordingAuthorizer(new StaticAuthorizer(r.answers));
}

function metadataName(pod: Pod | undefined): string {
  const name = pod?.metadata?.name;
  return typeof name === 'string' ? name : '';
}

/** The object a CONNECT, UPDATE or workload request names: the name field, else the object's metadata.name. */
function podNameOf(state: PlaygroundState, inputs: Inputs): string {
  if (state.podName.trim() !== '') return state.podName.trim();
  if (state.request === 'workload') return metadataName(inputs.workload as Pod | undefined);
  return metadataName(inputs.newPod) || metadataName(inputs.pod);
}

function requireName(state: PlaygroundState, inputs: Inputs, errors: InputErrors): void {
  const name = podNameOf(state, inputs);
  // An object that cannot be read has no name to take: its own error says enough.
  const unread = (['pod', 'newPod', 'workload', 'oldWorkload'] as const).some((f) => f in errors);
  if (name === '' && !unread)
    errors.podName = 'a name is required: type one, or give the object a metadata.name';
  inputs.podName = name;
}

function parseWorkload(state: PlaygroundState, inputs: Inputs, errors: InputErrors): void {
  inputs.workload = guard(errors, 'workload', () => one(state.workload, 'object'));
  if (state.workloadOperation === 'UPDATE' && state.oldWorkload.trim() !== '')
    inputs.oldWorkload = guard(errors, 'oldWorkload', () => one(state.oldWorkload, 'object'));
  requireName(state, inputs, errors);
}

/** CONNECT and UPDATE: the existing (or old) pod is optional; an empty editor means none. */
function parsePodRequest(state: PlaygroundState, inputs: Inputs, errors: InputErrors): void {
  if (state.pod.trim() !== '') inputs.pod = guard(errors, 'pod', () => one(state.pod, 'pod') as Pod);
  if (state.request === 'update')
    inputs.newPod = guard(errors, 'newPod', () => one(state.newPod, 'pod') as Pod);
  requireName(state, inputs, errors);
}

function parseInputs(state: PlaygroundState, errors: InputErrors): Inputs {
  const inputs: Inputs = {};
  if (state.namespace.trim() === '') errors.namespace = 'a namespace name is required';
  const config = guard(errors, 'config', () =>
    state.config.trim() === ''
      ? defaultAdmissionConfiguration
      : admissionConfiguration(loadConfigFromData(state.config, 'configuration')),
  );
  const version = guard(errors, 'emulationVersion', () => emulationVersion(state.emulationVersion));
  if (state.request === 'connect' || state.request === 'update') parsePodRequest(state, inputs, errors);
  else if (state.request === 'workload') parseWorkload(state, inputs, errors);
  else if (!isNamespaceRequest(state)) inputs.pod = guard(errors, 'pod', () => one(state.pod, 'pod') as Pod);
  if (state.request === 'debug' && state.debug === 'custom')
    inputs.container = guard(
      errors,
      'container',
      () => one(state.container, 'ephemeral container') as EphemeralContainer,
    );
  if (state.request === 'namespace') {
    const r = parseLabelPairs(state.oldLabels);
    if ('error' in r) errors.oldLabels = r.error;
    else inputs.oldLabels = r.labels;
    inputs.pods = guard(errors, 'pods', () => existingPods(state));
  }
  inputs.authorizer = guard(errors, 'authorization', () => authorizer(state));
  if (config !== undefined && !('emulationVersion' in errors)) {
    const pods = new StaticPodLister(clusterPods(state, inputs));
    inputs.admission = new Admission({
      configuration: config,
      evaluator: newEvaluator(defaultChecks, version),
      metrics: new MemoryRecorder(),
      namespaceGetter: new StaticNamespaceGetter(clusterFor(state).namespaces),
      podLister: pods,
      podGetter: pods,
      authorizer: inputs.authorizer ?? new RecordingAuthorizer(new StaticAuthorizer()),
      features: { ...defaultFeatureGates, [PodSecurityEphemeralLevels]: state.ephemeralLevelsGate },
    });
  }
  return inputs;
}

/** The ephemeral container a profile (or the hand-written YAML) adds, aimed at the pod's first container. */
export function debugContainerFor(
  state: PlaygroundState,
  pod: Pod,
  custom?: EphemeralContainer,
): EphemeralContainer {
  if (state.debug === 'custom' && custom !== undefined) return custom;
  return profileDebugger(pod, state.debug === 'custom' ? 'baseline' : state.debug);
}

/** The container `kubectl debug --profile=P` adds: a free name, aimed at the pod's first container. */
export function profileDebugger(pod: Pod, profile: ProfileName): EphemeralContainer {
  const taken = new Set((pod.spec?.ephemeralContainers ?? []).map((c) => c?.name));
  let name = 'debugger';
  for (let i = 2; taken.has(name); i++) name = `debugger-${i}`;
  const target = pod.spec?.containers?.[0]?.name;
  const c = debugContainer(profile, name);
  return typeof target === 'string' ? { ...c, targetContainerName: target } : c;
}

/** The pod after `kubectl debug`: the same pod with the container appended to ephemeralContainers. */
export function withEphemeralContainer(pod: Pod, c: EphemeralContainer): Pod {
  const spec = pod.spec ?? {};
  return { ...pod, spec: { ...spec, ephemeralContainers: [...(spec.ephemeralContainers ?? []), c] } };
}

/** A pod's text after `kubectl debug --profile=P`, and the name of the container it added. Throws one line. */
export function podWithDebugger(podText: string, profile: ProfileName): { pod: Pod; container: string } {
  const pod = one(podText, 'pod') as Pod;
  const c = profileDebugger(pod, profile);
  return { pod: withEphemeralContainer(pod, c), container: c.name ?? '' };
}

/** The names of a pod's containers, init and ephemeral ones included; none when the text is not one pod. */
export function containerNames(podText: string): string[] {
  let pod: Pod;
  try {
    pod = one(podText, 'pod') as Pod;
  } catch {
    return [];
  }
  const spec: Record<string, unknown> = isRecord(pod.spec) ? pod.spec : {};
  const lists = [spec['containers'], spec['initContainers'], spec['ephemeralContainers']];
  return lists
    .flatMap((l) => (Array.isArray(l) ? (l as unknown[]) : []))
    .map((c) => (isRecord(c) ? c['name'] : undefined))
    .filter((n): n is string => typeof n === 'string' && n !== '');
}

function isNamespaceRequest(state: PlaygroundState): boolean {
  return state.request === 'namespace' || state.request === 'create-namespace';
}

function namespaceObject(name: string, labels: Labels): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

const podGVK = { group: '', version: 'v1', kind: 'Pod' };
const podGVR = { group: '', version: 'v1', resource: 'pods' };

/** PodExecOptions or PodAttachOptions as the API server builds them for `kubectl exec|attach -it -c NAME`. */
export function connectOptions(kind: ConnectKind, container: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: kind === 'exec' ? 'PodExecOptions' : 'PodAttachOptions',
    stdin: true,
    stdout: true,
    stderr: true,
    tty: true,
    ...(container === '' ? {} : { container }),
    ...(kind === 'exec' ? { command: ['sh'] } : {}),
  };
}

function connectRequest(state: PlaygroundState, name: string, userInfo: unknown): Record<string, unknown> {
  const options = connectOptions(state.connect, state.connectContainer.trim());
  return {
    uid: playgroundUid,
    kind: { group: '', version: 'v1', kind: options['kind'] },
    resource: podGVR,
    subResource: state.connect,
    requestSubResource: state.connect,
    name,
    namespace: state.namespace,
    operation: 'CONNECT',
    userInfo,
    object: options,
  };
}

function updateRequest(
  state: PlaygroundState,
  inputs: Pick<Inputs, 'pod' | 'newPod' | 'podName'>,
  userInfo: unknown,
): Record<string, unknown> {
  const sub = state.updateSubresource;
  return {
    uid: playgroundUid,
    kind: podGVK,
    resource: podGVR,
    ...(sub === '' ? {} : { subResource: sub, requestSubResource: sub }),
    name: inputs.podName ?? '',
    namespace: state.namespace,
    operation: 'UPDATE',
    userInfo,
    object: inputs.newPod ?? {},
    ...(inputs.pod === undefined ? {} : { oldObject: inputs.pod }),
  };
}

function workloadRequest(
  state: PlaygroundState,
  inputs: Pick<Inputs, 'workload' | 'oldWorkload' | 'podName'>,
  userInfo: unknown,
): Record<string, unknown> {
  const { group, version, kind } = workloadKinds[state.workloadResource];
  return {
    uid: playgroundUid,
    kind: { group, version, kind },
    resource: { group, version, resource: state.workloadResource },
    name: inputs.podName ?? '',
    namespace: state.namespace,
    operation: state.workloadOperation,
    userInfo,
    object: inputs.workload ?? {},
    ...(inputs.oldWorkload === undefined ? {} : { oldObject: inputs.oldWorkload }),
  };
}

/** A workload of the resource whose pod template is the pod (a Service selects it instead). */
export function workloadFromPod(resource: WorkloadResource, pod: Pod): Record<string, unknown> {
  const { group, kind } = workloadKinds[resource];
  const app = metadataName(pod) || 'app';
  const template = { metadata: { labels: { app } }, spec: pod.spec ?? {} };
  const head = {
    apiVersion: group === '' ? 'v1' : `${group}/v1`,
    kind,
    metadata: { name: `${app}-${kind.toLowerCase()}` },
  };
  const selector = { matchLabels: { app } };
  const jobTemplate = { ...template, spec: { ...template.spec, restartPolicy: 'Never' } };
  switch (resource) {
    case 'podtemplates':
      return { ...head, template };
    case 'services':
      return { ...head, spec: { selector: { app }, ports: [{ port: 80 }] } };
    case 'replicationcontrollers':
      return { ...head, spec: { selector: { app }, template } };
    case 'jobs':
      return { ...head, spec: { template: jobTemplate } };
    case 'cronjobs':
      return { ...head, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: jobTemplate } } } };
    default:
      return { ...head, spec: { selector, template } };
  }
}

/** The AdmissionRequest the state describes, as the API server would send it. */
export function requestFor(
  state: PlaygroundState,
  inputs: Pick<Inputs, 'pod' | 'container' | 'oldLabels' | 'newPod' | 'podName' | 'workload' | 'oldWorkload'>,
): Record<string, unknown> {
  const groups = groupsOf(state.groups);
  const userInfo = { username: state.username, ...(groups.length > 0 ? { groups } : {}) };
  if (state.request === 'connect') return connectRequest(state, inputs.podName ?? '', userInfo);
  if (state.request === 'update') return updateRequest(state, inputs, userInfo);
  if (state.request === 'workload') return workloadRequest(state, inputs, userInfo);
  if (isNamespaceRequest(state)) {
    const create = state.request === 'create-namespace';
    return {
      uid: playgroundUid,
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      name: state.namespace,
      namespace: state.namespace,
      operation: create ? 'CREATE' : 'UPDATE',
      userInfo,
      object: namespaceObject(state.namespace, namespaceLabels(state)),
      ...(create ? {} : { oldObject: namespaceObject(state.namespace, inputs.oldLabels ?? {}) }),
    };
  }
  const pod = inputs.pod ?? {};
  const name = typeof pod.metadata?.name === 'string' ? pod.metadata.name : '';
  if (state.request === 'pod') {
    return {
      uid: playgroundUid,
      kind: podGVK,
      resource: podGVR,
      name,
      namespace: state.namespace,
      operation: 'CREATE',
      userInfo,
      object: pod,
    };
  }
  return {
    uid: playgroundUid,
    kind: podGVK,
    resource: podGVR,
    subResource: 'ephemeralcontainers',
    requestSubResource: 'ephemeralcontainers',
    name,
    namespace: state.namespace,
    operation: 'UPDATE',
    userInfo,
    object: withEphemeralContainer(pod, debugContainerFor(state, pod, inputs.container)),
    oldObject: pod,
  };
}

/** The AdmissionRequest of a state, or the input errors that keep the page from sending one. */
export function buildRequest(
  state: PlaygroundState,
): { request: Record<string, unknown> } | { errors: InputErrors } {
  const errors: InputErrors = {};
  const inputs = parseInputs(state, errors);
  return Object.keys(errors).length > 0 ? { errors } : { request: requestFor(state, inputs) };
}

/** The cluster the state describes: what `review --namespaces --pods --config` would be given. */
export function clusterFor(state: PlaygroundState): { namespaces: Namespace[]; pods: Pod[] } {
  const errors: InputErrors = {};
  const inputs: Inputs = {};
  if (state.request === 'namespace') inputs.pods = guard(errors, 'pods', () => existingPods(state));
  if (state.request === 'connect' && state.pod.trim() !== '')
    inputs.pod = guard(errors, 'pod', () => one(state.pod, 'pod') as Pod);
  const namespaces = state.namespaceMissing
    ? []
    : [{ metadata: { name: state.namespace, labels: namespaceLabels(state) } }];
  return { namespaces, pods: clusterPods(state, inputs) };
}

export function reviewOf(request: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

/** Label errors by key, as namespace validation reports them (`metadata.labels[key]: Invalid value: ...`). */
function labelErrors(admission: Admission, labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const err of admission.policiesToEvaluate(labels).errors) {
    const key = labelKeys.find((k) => err.field === labelPath(k));
    if (key !== undefined) out[key] = fieldErrorString(err);
  }
  return out;
}

async function matrix(admission: Admission, state: PlaygroundState, pod: Pod): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  for (const profile of profileNames) {
    const request = requestFor({ ...state, request: 'debug', debug: profile }, { pod });
    const r = (await handleReview(admission, reviewOf(request))).response;
    rows.push({
      profile,
      use: profileUse[profile],
      allowed: r.allowed,
      message: r.status?.message ?? '',
      warnings: r.warnings ?? [],
    });
  }
  return rows;
}

/** A restricted application pod, the matrix's target when the page's pod cannot be used. */
export const fallbackPodYaml = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
  - name: app
    image: registry.k8s.io/pause:3.10
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
`;

/** The same application as a Deployment, the workload editor's starting point. */
export const fallbackDeploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: registry.k8s.io/pause:3.10
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
`;

/** Evaluates the state: the request's response, the explanation and the profile matrix. */
export async function evaluate(state: PlaygroundState): Promise<Evaluation> {
  const inputErrors: InputErrors = {};
  const inputs = parseInputs(state, inputErrors);
  const admission = inputs.admission;
  if (admission === undefined) return { inputErrors, labelErrors: {} };
  const labels = namespaceLabels(state);
  const result = {
    inputErrors,
    labelErrors: labelErrors(admission, labels),
    explanation: explain(admission, labels),
  };
  const explanationText = formatExplanation(result.explanation);
  const matrixPod = inputs.pod ?? (one(fallbackPodYaml, 'pod') as Pod);
  const rows = await matrix(admission, state, matrixPod);
  if (Object.keys(inputErrors).length > 0) return { ...result, explanationText, matrix: rows };
  const review = reviewOf(requestFor(state, inputs));
  inputs.authorizer?.asked.splice(0);
  const response = await handleReview(admission, review);
  const authorizationChecks = [...(inputs.authorizer?.asked ?? [])];
  return { ...result, explanationText, matrix: rows, review, response, authorizationChecks };
}

/** The starting state: restricted workloads, baseline debugging. */
export const defaultState: PlaygroundState = Object.freeze({
  namespace: 'team-a',
  labels: Object.freeze({
    [`${labelPrefix}enforce`]: 'restricted',
    [`${labelPrefix}ephemeral-enforce`]: 'baseline',
  }),
  config: '',
  emulationVersion: '',
  ephemeralLevelsGate: true,
  username: 'developer@example.com',
  request: 'debug',
  pod: fallbackPodYaml,
  debug: 'sysadmin',
  container:
    'name: debugger\nimage: busybox:1.36\ntargetContainerName: app\nsecurityContext:\n  capabilities:\n    add: [NET_ADMIN]\n',
  oldLabels: '',
  pods: '',
  namespaceMissing: false,
  groups: '',
  connect: 'exec',
  connectContainer: 'debugger',
  podName: '',
  authorization: '',
  newPod: fallbackPodYaml,
  updateSubresource: '',
  workloadResource: 'deployments',
  workloadOperation: 'CREATE',
  workload: fallbackDeploymentYaml,
  oldWorkload: '',
});
