// The backward-compatibility invariant of docs/design.md (section 2): with no ephemeral-* label and no
// ephemeral-* config key, every response and every metric equals upstream Pod Security Admission's. The
// reference below is a direct port of upstream's Validate (admission/admission.go), with no split and
// no ephemeral policy, over the same evaluator; random namespaces, configs, exemptions, pods and
// operations are judged by both.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PoliciesToEvaluate,
  PolicyToEvaluate,
  type Attributes,
  type Container,
  type EphemeralDefaults,
  type FieldError,
  type GroupVersionKind,
  type Labels,
  type Level,
  type LevelVersion,
  type ObjectMeta,
  type Pod,
  type PodSpec,
  type Policy,
  type Version,
} from '../api/index.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator, type Evaluator } from '../policy/registry.js';
import { Admission } from './admission.js';
import type { FeatureGates } from './features.js';
import type { Exemptions } from './config.js';
import type { Namespace } from './ports.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';

const evaluator = newEvaluator(defaultChecks);

// ---------------------------------------------------------------------------------------------------
// The reference: upstream's admission.go, ported line by line (no ephemeral policy, no views).
// ---------------------------------------------------------------------------------------------------

interface RefResponse {
  allowed: boolean;
  status?: Record<string, unknown>;
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

interface RefCluster {
  readonly defaults: Policy;
  readonly exemptions: Exemptions;
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  readonly evaluator: Evaluator;
  readonly metrics: MemoryRecorder;
}

function lvString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version.latest ? 'latest' : `v${lv.version.major}.${lv.version.minor}`}`;
}

function lvEqual(a: LevelVersion, b: LevelVersion): boolean {
  return lvString(a) === lvString(b);
}

function strictness(l: Level): number {
  return l === 'privileged' ? 0 : l === 'baseline' ? 1 : 2;
}

function errorsAggregate(errs: readonly FieldError[]): string {
  const msgs = errs.map((e) => `${e.field}: Invalid value: ${JSON.stringify(e.badValue)}: ${e.detail}`);
  const unique = [...new Set(msgs)];
  return msgs.length === 1 || unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/** policy.AggregateCheckResults, ForbiddenReason and ForbiddenDetail. */
function judge(lv: LevelVersion, meta: ObjectMeta | null | undefined, spec: PodSpec) {
  const failed = evaluator.evaluatePod(lv, meta, spec).filter((c) => !c.result.allowed);
  const reasons = failed.map((c) => c.result.forbiddenReason || 'unknown forbidden reason');
  const details = failed.map((c) => c.result.forbiddenDetail ?? '');
  return {
    allowed: failed.length === 0,
    reason: reasons.join(', '),
    detail: reasons.map((r, i) => (details[i] === '' ? r : `${r} (${details[i]})`)).join(', '),
  };
}

const allowed = (): RefResponse => ({ allowed: true });

function badRequest(message: string, cause?: string): RefResponse {
  return {
    allowed: false,
    status: { metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 },
    auditAnnotations: { error: cause === undefined ? message : `${message}: ${cause}` },
  };
}

class Reference {
  constructor(private readonly c: RefCluster) {}

  validate(a: Attributes): RefResponse {
    if (a.resource.group === '' && a.resource.resource === 'namespaces') return this.validateNamespace(a);
    if (a.resource.group === '' && a.resource.resource === 'pods') return this.validatePod(a);
    return this.validatePodController(a);
  }

  private exemptNamespace = (ns: string) => ns !== '' && this.c.exemptions.namespaces.includes(ns);
  private exemptUser = (u: string) => u !== '' && this.c.exemptions.usernames.includes(u);
  private exemptRuntimeClass = (rc: string | null | undefined) =>
    typeof rc === 'string' && rc !== '' && this.c.exemptions.runtimeClasses.includes(rc);

  private policyFor(labels: Labels | null | undefined) {
    return PolicyToEvaluate(labels, this.c.defaults);
  }

  private namespace(name: string): Namespace | undefined {
    return this.c.namespaces.find((n) => n.metadata?.name === name);
  }

  private validateNamespace(a: Attributes): RefResponse {
    if (a.subresource !== '') return allowed();
    const ns = a.object as Namespace;
    const labels = ns.metadata?.labels ?? {};
    const name = ns.metadata?.name ?? '';
    const { policy: next, errors: nextErrs } = this.policyFor(labels);
    const exemptWarning = (): RefResponse => {
      const w = this.exemptNamespaceWarning(name, next, labels);
      return w === '' ? allowed() : { allowed: true, warnings: [w] };
    };
    if (a.operation === 'CREATE') {
      if (nextErrs.length > 0) return this.invalid(a, nextErrs);
      return this.exemptNamespace(a.namespace) ? exemptWarning() : allowed();
    }
    if (a.operation !== 'UPDATE') return allowed();
    const old = a.oldObject as Namespace;
    const { policy: prev, errors: prevErrs } = this.policyFor(old.metadata?.labels ?? {});
    if (
      nextErrs.length > 0 &&
      (prevErrs.length === 0 || JSON.stringify(nextErrs) !== JSON.stringify(prevErrs))
    ) {
      return this.invalid(a, nextErrs);
    }
    if (lvEqual(next.enforce, prev.enforce)) return allowed();
    if (next.enforce.level === 'privileged') return allowed();
    const sameVersion =
      lvString({ ...next.enforce, level: 'privileged' }) ===
      lvString({ ...prev.enforce, level: 'privileged' });
    if (sameVersion && strictness(next.enforce.level) <= strictness(prev.enforce.level)) return allowed();
    if (this.exemptNamespace(a.namespace)) return exemptWarning();
    return { allowed: true, warnings: this.evaluatePodsInNamespace(name, next.enforce) };
  }

  private invalid(a: Attributes, errs: readonly FieldError[]): RefResponse {
    const details: Record<string, unknown> = { name: a.name, kind: a.kind.kind };
    details['causes'] = errs.map((e) => ({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(e.badValue)}: ${e.detail}`,
      field: e.field,
    }));
    return {
      allowed: false,
      status: {
        metadata: {},
        status: 'Failure',
        message: `${a.kind.kind} ${JSON.stringify(a.name)} is invalid: ${errorsAggregate(errs)}`,
        reason: 'Invalid',
        details,
        code: 422,
      },
    };
  }

  private exemptNamespaceWarning(name: string, p: Policy, labels: Labels): string {
    const privileged = (lv: LevelVersion) => lv.level === 'privileged';
    const equivalent = (x: LevelVersion, y: LevelVersion) =>
      (privileged(x) && privileged(y)) || lvEqual(x, y);
    const d = this.c.defaults;
    if (
      (privileged(p.enforce) && privileged(p.audit) && privileged(p.warn)) ||
      (equivalent(p.enforce, d.enforce) && equivalent(p.audit, d.audit) && equivalent(p.warn, d.warn))
    ) {
      return '';
    }
    const parts: string[] = [];
    for (const mode of ['enforce', 'audit', 'warn'] as const) {
      const set =
        `pod-security.kubernetes.io/${mode}` in labels ||
        `pod-security.kubernetes.io/${mode}-version` in labels;
      if (!privileged(p[mode]) && set) parts.push(`${mode}=${lvString(p[mode])}`);
    }
    return `namespace ${JSON.stringify(name)} is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`;
  }

  private evaluatePodsInNamespace(namespace: string, enforce: LevelVersion): string[] {
    const pods = this.c.pods.filter((p) => p.metadata?.namespace === namespace);
    const prioritized: Pod[] = [];
    const duplicates: Pod[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      if (this.exemptRuntimeClass(pod.spec?.runtimeClassName)) continue;
      const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
      if (ref === undefined) prioritized.push(pod);
      else if (seen.has(ref.uid ?? '')) duplicates.push(pod);
      else {
        prioritized.push(pod);
        seen.add(ref.uid ?? '');
      }
    }
    const order: string[] = [];
    const counts = new Map<string, { name: string; n: number }>();
    for (const pod of [...prioritized, ...duplicates].slice(0, 3000)) {
      const r = judge(enforce, pod.metadata, pod.spec ?? {});
      if (r.allowed) continue;
      const name = pod.metadata?.name ?? '';
      const c = counts.get(r.reason);
      if (c === undefined) {
        order.push(r.reason);
        counts.set(r.reason, { name, n: 1 });
      } else {
        if (name < c.name) c.name = name;
        c.n++;
      }
    }
    const warnings: string[] = [];
    if (order.length > 0) {
      warnings.push(
        `existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level ${JSON.stringify(lvString(enforce))}`,
      );
    }
    const decorated = order.map((w) => {
      const c = counts.get(w) as { name: string; n: number };
      if (c.n === 1) return `${c.name}: ${w}`;
      if (c.n === 2) return `${c.name} (and 1 other pod): ${w}`;
      return `${c.name} (and ${c.n - 1} other pods): ${w}`;
    });
    return [...warnings, ...decorated.sort()];
  }

  private validatePod(a: Attributes): RefResponse {
    if (
      ['exec', 'attach', 'binding', 'eviction', 'log', 'portforward', 'proxy', 'status'].includes(
        a.subresource,
      )
    ) {
      return allowed();
    }
    if (this.exemptNamespace(a.namespace)) {
      this.c.metrics.recordExemption(a);
      return { allowed: true, auditAnnotations: { exempt: 'namespace' } };
    }
    if (this.exemptUser(a.username)) {
      this.c.metrics.recordExemption(a);
      return { allowed: true, auditAnnotations: { exempt: 'user' } };
    }
    const ns = this.namespace(a.namespace);
    if (ns === undefined) {
      this.c.metrics.recordError(true, a);
      const err = `failed to lookup namespace ${JSON.stringify(a.namespace)}`;
      return {
        allowed: false,
        status: {
          metadata: {},
          status: 'Failure',
          message: `Internal error occurred: ${err}`,
          reason: 'InternalError',
          details: { causes: [{ message: err }] },
          code: 500,
        },
        auditAnnotations: {
          error: `Internal error occurred: ${err}: namespaces ${JSON.stringify(a.namespace)} not found`,
        },
      };
    }
    const { policy, errors } = this.policyFor(ns.metadata?.labels);
    if (
      errors.length === 0 &&
      [policy.enforce, policy.audit, policy.warn].every((lv) => lv.level === 'privileged')
    ) {
      this.c.metrics.recordEvaluation('allow', policy.enforce, 'enforce', a);
      return { allowed: true, auditAnnotations: { 'enforce-policy': 'privileged:latest' } };
    }
    const pod = a.object as Pod | null;
    if (pod === null) {
      this.c.metrics.recordError(true, a);
      return badRequest('failed to decode pod');
    }
    if (a.operation === 'UPDATE') {
      const old = a.oldObject as Pod | null;
      if (old === null) {
        this.c.metrics.recordError(true, a);
        return badRequest('failed to decode old pod');
      }
      if (!isSignificantPodUpdate(pod.spec ?? {}, old.spec ?? {})) return allowed();
    }
    return this.evaluatePod(policy, errors, pod.metadata ?? {}, pod.spec ?? {}, a, true);
  }

  private validatePodController(a: Attributes): RefResponse {
    if (a.subresource !== '') return allowed();
    if (this.exemptNamespace(a.namespace)) {
      this.c.metrics.recordExemption(a);
      return { allowed: true, auditAnnotations: { exempt: 'namespace' } };
    }
    if (this.exemptUser(a.username)) {
      this.c.metrics.recordExemption(a);
      return { allowed: true, auditAnnotations: { exempt: 'user' } };
    }
    const ns = this.namespace(a.namespace);
    if (ns === undefined) {
      this.c.metrics.recordError(true, a);
      const q = JSON.stringify(a.namespace);
      return {
        allowed: true,
        auditAnnotations: { error: `failed to lookup namespace ${q}: namespaces ${q} not found` },
      };
    }
    const { policy, errors } = this.policyFor(ns.metadata?.labels);
    if (errors.length === 0 && policy.warn.level === 'privileged' && policy.audit.level === 'privileged') {
      return allowed();
    }
    const template = extractTemplate(a.object as Record<string, unknown>);
    if (template === undefined) return allowed();
    return this.evaluatePod(policy, errors, template.metadata ?? {}, template.spec ?? {}, a, false);
  }

  private evaluatePod(
    p: Policy,
    errors: readonly FieldError[],
    meta: ObjectMeta,
    spec: PodSpec,
    a: Attributes,
    enforce: boolean,
  ): RefResponse {
    if (this.exemptRuntimeClass(spec.runtimeClassName)) {
      this.c.metrics.recordExemption(a);
      return { allowed: true, auditAnnotations: { exempt: 'runtimeClass' } };
    }
    const annotations: Record<string, string> = {};
    if (errors.length > 0) {
      annotations['error'] = `Failed to parse policy: ${errorsAggregate(errors)}`;
      this.c.metrics.recordError(false, a);
    }
    let response: RefResponse = allowed();
    if (enforce) {
      annotations['enforce-policy'] = lvString(p.enforce);
      const r = judge(p.enforce, meta, spec);
      if (!r.allowed) {
        const gr =
          a.resource.group === '' ? a.resource.resource : `${a.resource.resource}.${a.resource.group}`;
        const details: Record<string, string> = { kind: a.resource.resource };
        if (a.name !== '') details['name'] = a.name;
        if (a.resource.group !== '') details['group'] = a.resource.group;
        response = {
          allowed: false,
          status: {
            metadata: {},
            status: 'Failure',
            message: `${gr}${a.name === '' ? '' : ` ${JSON.stringify(a.name)}`} is forbidden: violates PodSecurity ${JSON.stringify(lvString(p.enforce))}: ${r.detail}`,
            reason: 'Forbidden',
            details,
            code: 403,
          },
        };
      }
      this.c.metrics.recordEvaluation(r.allowed ? 'allow' : 'deny', p.enforce, 'enforce', a);
    }
    const audit = judge(p.audit, meta, spec);
    if (!audit.allowed) {
      annotations['audit-violations'] =
        `would violate PodSecurity ${JSON.stringify(lvString(p.audit))}: ${audit.detail}`;
      this.c.metrics.recordEvaluation('deny', p.audit, 'audit', a);
    }
    if (response.allowed) {
      const warn = judge(p.warn, meta, spec);
      if (!warn.allowed) {
        response.warnings = [`would violate PodSecurity ${JSON.stringify(lvString(p.warn))}: ${warn.detail}`];
        this.c.metrics.recordEvaluation('deny', p.warn, 'warn', a);
      }
    }
    response.auditAnnotations = annotations;
    return response;
  }
}

function isSignificantPodUpdate(spec: PodSpec, old: PodSpec): boolean {
  const containers = spec.containers ?? [];
  const oldContainers = old.containers ?? [];
  const inits = spec.initContainers ?? [];
  const oldInits = old.initContainers ?? [];
  if (containers.length !== oldContainers.length || inits.length !== oldInits.length) return true;
  const image = (c: Container | undefined) => c?.image ?? '';
  if (containers.some((c, i) => image(c) !== image(oldContainers[i]))) return true;
  if (inits.some((c, i) => image(c) !== image(oldInits[i]))) return true;
  return (spec.ephemeralContainers ?? []).some((c) => {
    const oc = (old.ephemeralContainers ?? []).find((o) => (o.name ?? '') === (c.name ?? ''));
    return oc === undefined || image(c) !== image(oc);
  });
}

function extractTemplate(o: Record<string, unknown>): { metadata?: ObjectMeta; spec?: PodSpec } | undefined {
  type T = { metadata?: ObjectMeta; spec?: PodSpec };
  const spec = o['spec'] as Record<string, unknown> | undefined;
  switch (o['kind']) {
    case 'PodTemplate':
      return (o['template'] as T | undefined) ?? {};
    case 'ReplicationController':
      return spec?.['template'] as T | undefined;
    case 'CronJob':
      return (spec?.['jobTemplate'] as { spec?: { template?: T } } | undefined)?.spec?.template ?? {};
    default:
      return (spec?.['template'] as T | undefined) ?? {};
  }
}

// ---------------------------------------------------------------------------------------------------
// Random clusters and requests, with no ephemeral-* key anywhere.
// ---------------------------------------------------------------------------------------------------

const levels = fc.constantFrom('privileged', 'baseline', 'restricted');
const versions = fc.constantFrom('latest', 'v1.0', 'v1.21', 'v1.22', 'v1.25', 'v1.35', 'v1.99');
// Valid values mostly; every key sometimes invalid.
const labelLevels = fc.oneof(
  { weight: 8, arbitrary: levels },
  { weight: 1, arbitrary: fc.constantFrom('Baseline', '', 'unknown') },
);
const labelVersions = fc.oneof(
  { weight: 8, arbitrary: versions },
  { weight: 1, arbitrary: fc.constantFrom('v1', '1.22', 'v1.02', 'Latest') },
);
const modeKeys = ['enforce', 'audit', 'warn'] as const;

const labelsArb: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'pod-security.kubernetes.io/enforce': labelLevels,
    'pod-security.kubernetes.io/enforce-version': labelVersions,
    'pod-security.kubernetes.io/audit': labelLevels,
    'pod-security.kubernetes.io/audit-version': labelVersions,
    'pod-security.kubernetes.io/warn': labelLevels,
    'pod-security.kubernetes.io/warn-version': labelVersions,
    team: fc.constantFrom('a', 'b'),
  },
  { requiredKeys: [] },
);

function toVersion(v: string): Version {
  return v === 'latest'
    ? { latest: true, major: 0, minor: 0 }
    : { latest: false, major: 1, minor: Number(v.slice(3)) };
}

const lvArb = fc
  .record({ level: levels, version: versions })
  .map(({ level, version }): LevelVersion => ({ level: level as Level, version: toVersion(version) }));
const privilegedLatest: LevelVersion = { level: 'privileged', version: toVersion('latest') };
// Mostly upstream's default (privileged:latest), sometimes set.
const defaultLvArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(privilegedLatest) },
  { weight: 1, arbitrary: lvArb },
);
const defaultsArb = fc.record({ enforce: defaultLvArb, audit: defaultLvArb, warn: defaultLvArb });

const exemptionsArb = fc.record({
  usernames: fc.subarray(['system:serviceaccount:ops:bot']),
  namespaces: fc.subarray(['ns-c']),
  runtimeClasses: fc.subarray(['kata']),
});

const seccompArb = fc.oneof(
  fc.constant({ type: 'RuntimeDefault' }),
  fc.constant({ type: 'Unconfined' }),
  fc.constant({ type: 'Localhost', localhostProfile: 'p.json' }),
);

const securityContextArb = fc.record(
  {
    privileged: fc.boolean(),
    allowPrivilegeEscalation: fc.boolean(),
    runAsNonRoot: fc.boolean(),
    runAsUser: fc.constantFrom(0, 1000),
    capabilities: fc.record(
      {
        add: fc.subarray(['NET_BIND_SERVICE', 'CHOWN', 'NET_ADMIN', 'SYS_ADMIN']),
        drop: fc.subarray(['ALL', 'NET_RAW']),
      },
      { requiredKeys: [] },
    ),
    seccompProfile: seccompArb,
    procMount: fc.constantFrom('Default', 'Unmasked'),
    seLinuxOptions: fc.record({ type: fc.constantFrom('container_t', 'spc_t') }),
    windowsOptions: fc.record({ hostProcess: fc.boolean() }),
  },
  { requiredKeys: [] },
);

function containersArb(prefix: string, max: number): fc.Arbitrary<Container[]> {
  return fc.integer({ min: 0, max }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record(
          {
            name: fc.constant(`${prefix}${i}`),
            image: fc.constantFrom('nginx:1', 'nginx:2'),
            securityContext: securityContextArb,
            ports: fc.subarray([{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }]),
          },
          { requiredKeys: ['name', 'image'] },
        ),
      ),
    ),
  );
}

const podSpecArb: fc.Arbitrary<PodSpec> = fc.record(
  {
    runtimeClassName: fc.constantFrom('kata', 'gvisor', 'runc'),
    hostNetwork: fc.boolean(),
    hostPID: fc.boolean(),
    hostUsers: fc.boolean(),
    os: fc.constantFrom({ name: 'linux' }, { name: 'windows' }),
    securityContext: fc.record(
      {
        runAsNonRoot: fc.boolean(),
        runAsUser: fc.constantFrom(0, 1000),
        seccompProfile: seccompArb,
        sysctls: fc.subarray([
          { name: 'kernel.shm_rmid_forced', value: '0' },
          { name: 'kernel.msgmax', value: '1' },
        ]),
      },
      { requiredKeys: [] },
    ),
    volumes: fc.subarray([
      { name: 'host', hostPath: { path: '/' } },
      { name: 'cfg', configMap: { name: 'c' } },
    ]),
    initContainers: containersArb('i', 1),
    containers: containersArb('c', 2),
    ephemeralContainers: containersArb('e', 2),
  },
  { requiredKeys: ['containers'] },
);

const namespaceNames = ['ns-a', 'ns-b', 'ns-c'];
const requestNamespaceArb = fc.constantFrom(...namespaceNames, 'ns-missing');
const usernameArb = fc.constantFrom('', 'alice', 'bob', 'system:serviceaccount:ops:bot');

function podOf(name: string, spec: PodSpec, namespace?: string): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { app: name } }, spec };
}

const podKind: GroupVersionKind = { group: '', version: 'v1', kind: 'Pod' };

function attributes(o: Omit<Attributes, 'subresource' | 'oldObject'> & Partial<Attributes>): Attributes {
  return { subresource: '', oldObject: null, ...o };
}

const podCreateArb = fc
  .record({ spec: podSpecArb, namespace: requestNamespaceArb, username: usernameArb })
  .map(({ spec, namespace, username }) =>
    attributes({
      name: 'pod',
      namespace,
      kind: podKind,
      username,
      operation: 'CREATE',
      resource: { group: '', version: 'v1', resource: 'pods' },
      object: podOf('pod', spec),
    }),
  );

/** An update of an existing pod: unchanged, relabelled, new image, new container or new ephemeral container. */
const podUpdateArb = fc
  .record({
    spec: podSpecArb,
    change: fc.constantFrom('none', 'labels', 'image', 'container', 'ephemeral', 'ephemeral-image'),
    subresource: fc.constantFrom('', '', 'ephemeralcontainers', 'status', 'exec', 'resize'),
    namespace: requestNamespaceArb,
    username: usernameArb,
  })
  .map(({ spec, change, subresource, namespace, username }) => {
    const old = podOf('pod', spec);
    const next: Pod = JSON.parse(JSON.stringify(old)) as Pod;
    const s = next.spec as PodSpec;
    if (change === 'labels') (next.metadata as ObjectMeta).labels = { app: 'other' };
    if (change === 'image' && (s.containers ?? []).length > 0)
      (s.containers as Container[])[0] = { ...s.containers?.[0], image: 'nginx:3' };
    if (change === 'container') s.containers = [...(s.containers ?? []), { name: 'extra', image: 'busybox' }];
    if (change === 'ephemeral')
      s.ephemeralContainers = [
        ...(s.ephemeralContainers ?? []),
        { name: 'debug', image: 'busybox', securityContext: { privileged: true } },
      ];
    if (change === 'ephemeral-image' && (s.ephemeralContainers ?? []).length > 0)
      (s.ephemeralContainers as Container[])[0] = { ...s.ephemeralContainers?.[0], image: 'busybox:2' };
    return attributes({
      name: 'pod',
      namespace,
      kind: podKind,
      username,
      operation: 'UPDATE',
      subresource,
      resource: { group: '', version: 'v1', resource: 'pods' },
      object: next,
      oldObject: old,
    });
  });

/** `kubectl exec`/`attach` as the API server sends them: CONNECT with the options, maybe a container. */
const connectArb = fc
  .record({
    subresource: fc.constantFrom('exec', 'attach'),
    container: fc.constantFrom(undefined, '', 'c0', 'i0', 'e0', 'e1', 'nope'),
    namespace: requestNamespaceArb,
    username: usernameArb,
  })
  .map(({ subresource, container, namespace, username }) => {
    const kind = subresource === 'exec' ? 'PodExecOptions' : 'PodAttachOptions';
    return attributes({
      name: 'pod',
      namespace,
      kind: { group: '', version: 'v1', kind },
      username,
      userInfo: { username, groups: ['system:authenticated'] },
      operation: 'CONNECT',
      subresource,
      resource: { group: '', version: 'v1', resource: 'pods' },
      object: { apiVersion: 'v1', kind, ...(container === undefined ? {} : { container }) },
    });
  });

const controllerArb = fc
  .record({
    spec: podSpecArb,
    kind: fc.constantFrom(
      'Deployment',
      'Job',
      'CronJob',
      'ReplicationController',
      'PodTemplate',
      'EmptyReplicationController',
    ),
    operation: fc.constantFrom('CREATE', 'UPDATE'),
    subresource: fc.constantFrom('', '', '', 'status'),
    namespace: requestNamespaceArb,
    username: usernameArb,
  })
  .map(({ spec, kind, operation, subresource, namespace, username }) => {
    const template = { metadata: { labels: { app: 'x' } }, spec };
    const table: Record<string, [string, string, string, Record<string, unknown>]> = {
      Deployment: ['apps', 'deployments', 'Deployment', { spec: { template } }],
      Job: ['batch', 'jobs', 'Job', { spec: { template } }],
      CronJob: ['batch', 'cronjobs', 'CronJob', { spec: { jobTemplate: { spec: { template } } } }],
      ReplicationController: ['', 'replicationcontrollers', 'ReplicationController', { spec: { template } }],
      EmptyReplicationController: ['', 'replicationcontrollers', 'ReplicationController', { spec: {} }],
      PodTemplate: ['', 'podtemplates', 'PodTemplate', { template }],
    };
    const [group, resource, k, body] = table[kind] as [string, string, string, Record<string, unknown>];
    const object = {
      apiVersion: group === '' ? 'v1' : `${group}/v1`,
      kind: k,
      metadata: { name: 'ctl' },
      ...body,
    };
    return attributes({
      name: 'ctl',
      namespace,
      username,
      operation,
      subresource,
      kind: { group, version: 'v1', kind: k },
      resource: { group, version: 'v1', resource },
      object,
      oldObject: operation === 'UPDATE' ? object : null,
    });
  });

const namespaceRequestArb = fc
  .record({
    name: fc.constantFrom('ns-a', 'ns-a', 'ns-c'),
    labels: labelsArb,
    oldLabels: fc.oneof(fc.constant({}), labelsArb),
    operation: fc.constantFrom('CREATE', 'UPDATE', 'UPDATE'),
  })
  .map(({ name, labels, oldLabels, operation }) =>
    attributes({
      name,
      namespace: name,
      username: 'admin',
      operation,
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
      oldObject:
        operation === 'UPDATE'
          ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: oldLabels } }
          : null,
    }),
  );

const existingPodsArb = fc
  .array(
    fc.record({
      spec: podSpecArb,
      namespace: fc.constantFrom('ns-a', 'ns-a', 'ns-b'),
      name: fc.constantFrom('p1', 'p2', 'p3'),
      owner: fc.constantFrom(undefined, 'rs-1', 'rs-2'),
    }),
    { maxLength: 6 },
  )
  .map((list) =>
    list.map(({ spec, namespace, name, owner }) => {
      const pod = podOf(name, spec, namespace);
      if (owner !== undefined)
        (pod.metadata as ObjectMeta).ownerReferences = [{ uid: owner, controller: true }];
      return pod;
    }),
  );

const scenarioArb = fc.record({
  defaults: defaultsArb,
  exemptions: exemptionsArb,
  namespaceLabels: fc.tuple(labelsArb, labelsArb, labelsArb),
  pods: existingPodsArb,
  request: fc.oneof(podCreateArb, podUpdateArb, controllerArb, namespaceRequestArb, connectArb),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

interface AnyResponse {
  readonly allowed: boolean;
  readonly status?: object;
  readonly warnings?: readonly string[];
  readonly auditAnnotations?: Readonly<Record<string, string>>;
}

/** Both sides as the review would carry them: no warnings is [], no annotations is {}. */
function normalize(r: AnyResponse): RefResponse {
  const out: RefResponse = { allowed: r.allowed };
  if (r.status !== undefined) out.status = JSON.parse(JSON.stringify(r.status)) as Record<string, unknown>;
  out.warnings = [...(r.warnings ?? [])];
  out.auditAnnotations = { ...(r.auditAnnotations ?? {}) };
  return out;
}

/** The implementation and the reference port judge one request: responses and metrics must be equal. */
async function expectUpstreamAnswer(
  s: Scenario,
  namespaces: readonly Namespace[],
  attrs: Attributes,
  extra: { ephemeralDefaults?: EphemeralDefaults; features?: FeatureGates } = {},
): Promise<void> {
  const implMetrics = new MemoryRecorder();
  const admission = new Admission({
    configuration: {
      defaults: s.defaults,
      ephemeralDefaults: extra.ephemeralDefaults ?? {},
      exemptions: s.exemptions,
    },
    evaluator,
    metrics: implMetrics,
    namespaceGetter: new StaticNamespaceGetter(namespaces),
    podLister: new StaticPodLister(s.pods),
    ...(extra.features === undefined ? {} : { features: extra.features }),
  });
  const refMetrics = new MemoryRecorder();
  const reference = new Reference({
    defaults: s.defaults,
    exemptions: s.exemptions,
    namespaces,
    pods: s.pods,
    evaluator,
    metrics: refMetrics,
  });
  expect(normalize(await admission.validate(attrs))).toEqual(normalize(reference.validate(attrs)));
  expect(implMetrics.records).toEqual(refMetrics.records);
}

async function judgeBoth(s: Scenario): Promise<void> {
  const namespaces: Namespace[] = namespaceNames.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: s.namespaceLabels[i] },
  }));
  await expectUpstreamAnswer(s, namespaces, s.request);

  for (const labels of [
    ...s.namespaceLabels,
    (s.request.object as Namespace | null)?.metadata?.labels ?? {},
  ]) {
    const both = PoliciesToEvaluate(labels, s.defaults, {});
    const upstream = PolicyToEvaluate(labels, s.defaults);
    expect(both.ephemeral).toEqual(both.policy);
    expect(both.policy).toEqual(upstream.policy);
    expect(both.errors).toEqual(upstream.errors);
  }
}

describe('backward compatibility without ephemeral keys', () => {
  it('answers exactly as upstream Pod Security Admission, metrics included', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, judgeBoth), { seed: 20240611, numRuns: 2500 });
  }, 120_000);

  it('generates every kind of request and outcome', () => {
    const samples = fc.sample(scenarioArb, { seed: 20240611, numRuns: 2500 });
    const resources = new Set(samples.map((s) => `${s.request.resource.resource}/${s.request.operation}`));
    expect(resources).toEqual(
      new Set([
        'pods/CREATE',
        'pods/UPDATE',
        'pods/CONNECT',
        'namespaces/CREATE',
        'namespaces/UPDATE',
        ...['deployments', 'jobs', 'cronjobs', 'replicationcontrollers', 'podtemplates'].flatMap((r) => [
          `${r}/CREATE`,
          `${r}/UPDATE`,
        ]),
      ]),
    );
    expect(samples.some((s) => (s.request.object as Pod).spec?.ephemeralContainers?.length)).toBe(true);
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    for (const s of samples) {
      const namespaces = namespaceNames.map((name, i) => ({
        metadata: { name, labels: s.namespaceLabels[i] },
      }));
      const r = new Reference({ ...s, namespaces, evaluator, metrics: new MemoryRecorder() }).validate(
        s.request,
      );
      count(r.allowed ? 'allowed' : `denied ${String(r.status?.['code'])}`);
      for (const w of r.warnings ?? [])
        count(w.startsWith('existing pods') ? 'dry-run' : (w.split(' ')[0] ?? ''));
      for (const k of Object.keys(r.auditAnnotations ?? {})) count(k);
    }
    for (const k of ['allowed', 'denied 403', 'denied 422', 'denied 500', 'would', 'namespace', 'dry-run']) {
      expect(outcomes.get(k) ?? 0, k).toBeGreaterThan(10);
    }
    for (const k of ['enforce-policy', 'audit-violations', 'error', 'exempt']) {
      expect(outcomes.get(k) ?? 0, k).toBeGreaterThan(10);
    }
    expect(
      samples.filter((s) =>
        modeKeys.some((m) => (s.namespaceLabels[0][`pod-security.kubernetes.io/${m}`] ?? 'x') === 'unknown'),
      ).length,
    ).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// The feature gate off: ephemeral-* labels and defaults everywhere, answers still upstream's.
// ---------------------------------------------------------------------------------------------------

const ephemeralLabelsArb = fc.record(
  Object.fromEntries(
    modeKeys.flatMap((m) => [
      [`pod-security.kubernetes.io/ephemeral-${m}`, labelLevels],
      [`pod-security.kubernetes.io/ephemeral-${m}-version`, labelVersions],
    ]),
  ) as Record<string, fc.Arbitrary<string>>,
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, string>>;

const ephemeralDefaultsArb = fc.record(
  {
    enforce: levels,
    enforceVersion: versions.map(toVersion),
    audit: levels,
    auditVersion: versions.map(toVersion),
    warn: levels,
    warnVersion: versions.map(toVersion),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EphemeralDefaults>;

const gateOffScenarioArb = fc.record({
  base: scenarioArb,
  namespaceExtra: fc.tuple(ephemeralLabelsArb, ephemeralLabelsArb, ephemeralLabelsArb),
  requestExtra: ephemeralLabelsArb,
  oldRequestExtra: ephemeralLabelsArb,
  ephemeralDefaults: ephemeralDefaultsArb,
});

/** A namespace object of a request with extra labels merged in; anything else unchanged. */
function withLabels(o: unknown, extra: Record<string, string>): unknown {
  const ns = o as Namespace | null;
  if (ns?.kind !== 'Namespace') return o;
  return { ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata?.labels, ...extra } } };
}

type GateOffScenario = typeof gateOffScenarioArb extends fc.Arbitrary<infer G> ? G : never;

/** The scenario's namespaces and request with the ephemeral-* labels added. */
function gateOffInputs(g: GateOffScenario): { namespaces: Namespace[]; attrs: Attributes } {
  const namespaces: Namespace[] = namespaceNames.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...g.base.namespaceLabels[i], ...g.namespaceExtra[i] } },
  }));
  const attrs: Attributes = {
    ...g.base.request,
    object: withLabels(g.base.request.object, g.requestExtra),
    oldObject: withLabels(g.base.request.oldObject, g.oldRequestExtra),
  };
  return { namespaces, attrs };
}

async function judgeGateOff(g: GateOffScenario): Promise<void> {
  const { namespaces, attrs } = gateOffInputs(g);
  await expectUpstreamAnswer(g.base, namespaces, attrs, {
    ephemeralDefaults: g.ephemeralDefaults,
    features: { PodSecurityEphemeralLevels: false },
  });
}

describe('PodSecurityEphemeralLevels off', () => {
  it('answers exactly as upstream with ephemeral-* labels and defaults present, metrics included', async () => {
    await fc.assert(fc.asyncProperty(gateOffScenarioArb, judgeGateOff), { seed: 20261127, numRuns: 1500 });
  }, 120_000);

  it('would answer differently with the gate on for some of those scenarios', async () => {
    const samples = fc.sample(gateOffScenarioArb, { seed: 20261127, numRuns: 300 });
    let differ = 0;
    for (const g of samples) {
      const { namespaces, attrs } = gateOffInputs(g);
      const options = {
        evaluator,
        metrics: new MemoryRecorder(),
        namespaceGetter: new StaticNamespaceGetter(namespaces),
        podLister: new StaticPodLister(g.base.pods),
        configuration: {
          defaults: g.base.defaults,
          ephemeralDefaults: g.ephemeralDefaults,
          exemptions: g.base.exemptions,
        },
      };
      const gateOn = normalize(await new Admission(options).validate(attrs));
      const gateOff = normalize(
        await new Admission({ ...options, features: { PodSecurityEphemeralLevels: false } }).validate(attrs),
      );
      if (JSON.stringify(gateOn) !== JSON.stringify(gateOff)) differ++;
    }
    expect(differ).toBeGreaterThan(30);
  });
});
