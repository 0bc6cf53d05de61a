import { describe, expect, it } from 'vitest';
import type { Attributes, Container, Pod } from '../api/index.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { Admission } from './admission.js';
import { defaultAdmissionConfiguration, type AdmissionConfiguration } from './config.js';
import { parseFeatureGates } from './features.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';
import type {
  AuthorizationDecision,
  Authorizer,
  Namespace,
  PodGetter,
  ResourceAttributes,
  UserInfo,
} from './ports.js';
import { sharedAllowedResponse } from './response.js';

const split: Namespace = {
  metadata: {
    name: 'team-a',
    labels: {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/ephemeral-enforce': 'privileged',
    },
  },
};
const regularOnly: Namespace = {
  metadata: { name: 'team-a', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
};

const pod: Pod = {
  metadata: { name: 'web', namespace: 'team-a' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'app',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
    ephemeralContainers: [{ name: 'debugger', image: 'busybox', securityContext: { privileged: true } }],
  },
};

const sidecar = {
  name: 'sidecar',
  image: 'proxy',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};

/** The pod with its privileged debugger changed by `debugger` and more regular containers. */
function withDebugger(debugger_: Record<string, unknown>, more: Container[] = []): Pod {
  const spec = pod.spec ?? {};
  return {
    ...pod,
    spec: {
      ...spec,
      containers: [...(spec.containers ?? []), ...more],
      ephemeralContainers: [{ ...(spec.ephemeralContainers?.[0] ?? {}), ...debugger_ }],
    },
  };
}

const sre = {
  username: 'bob',
  uid: '2002',
  groups: ['sre', 'system:authenticated'],
  extra: { scopes: ['a', 'b'] },
};

function connect(container: string | undefined, subresource = 'exec', userInfo: unknown = sre): Attributes {
  const kind = subresource === 'attach' ? 'PodAttachOptions' : 'PodExecOptions';
  return {
    name: 'web',
    namespace: 'team-a',
    kind: { group: '', version: 'v1', kind },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subresource,
    operation: 'CONNECT',
    username: (userInfo as { username?: string } | null)?.username ?? '',
    userInfo,
    object: { apiVersion: 'v1', kind, ...(container === undefined ? {} : { container }) },
    oldObject: null,
  };
}

/** Records every question; answers from `allow` (verbs), or fails with `error`. */
class RecordingAuthorizer implements Authorizer {
  readonly calls: { user: UserInfo; attributes: ResourceAttributes; signal?: AbortSignal }[] = [];
  constructor(
    private readonly allow: readonly string[] = [],
    private readonly error?: string,
  ) {}

  authorize(
    user: UserInfo,
    attributes: ResourceAttributes,
    signal?: AbortSignal,
  ): Promise<AuthorizationDecision> {
    this.calls.push({ user, attributes, ...(signal ? { signal } : {}) });
    if (this.error !== undefined) return Promise.reject(new Error(this.error));
    return Promise.resolve({ allowed: this.allow.includes(attributes.verb) });
  }
}

class CountingPods implements PodGetter {
  calls = 0;
  private readonly pods: StaticPodLister;
  constructor(pods: Pod[]) {
    this.pods = new StaticPodLister(pods);
  }
  getPod(namespace: string, name: string, signal?: AbortSignal): Promise<Pod> {
    this.calls++;
    return this.pods.getPod(namespace, name, signal);
  }
}

interface Setup {
  namespace?: Namespace;
  pods?: Pod[];
  authorizer?: RecordingAuthorizer;
  gates?: string;
  configuration?: AdmissionConfiguration;
}

function setup(o: Setup = {}) {
  const metrics = new MemoryRecorder();
  const pods = new CountingPods(o.pods ?? [pod]);
  const authorizer = o.authorizer ?? new RecordingAuthorizer();
  let namespaceLookups = 0;
  const namespaces = new StaticNamespaceGetter([o.namespace ?? split]);
  const admission = new Admission({
    configuration: o.configuration ?? defaultAdmissionConfiguration,
    evaluator: newEvaluator(defaultChecks),
    metrics,
    namespaceGetter: {
      getNamespace: (name) => {
        namespaceLookups++;
        return namespaces.getNamespace(name);
      },
    },
    podLister: new StaticPodLister([]),
    podGetter: pods,
    authorizer,
    ...(o.gates === undefined ? {} : { features: parseFeatureGates(o.gates) }),
  });
  return { admission, metrics, pods, authorizer, lookups: () => namespaceLookups };
}

describe('exec and attach into ephemeral containers', () => {
  it('changes nothing without ephemeral labels: upstream response object, no pod GET, no SAR, no metrics', async () => {
    const s = setup({ namespace: regularOnly });
    const r = await s.admission.validate(connect('debugger'));
    expect(r).toBe(sharedAllowedResponse);
    expect(s.pods.calls).toBe(0);
    expect(s.authorizer.calls).toEqual([]);
    expect(s.metrics.records).toEqual([]);
  });

  it('changes nothing with the gate off, not even a namespace lookup', async () => {
    const s = setup({ gates: 'PodSecurityEphemeralLevels=false' });
    expect(await s.admission.validate(connect('debugger'))).toBe(sharedAllowedResponse);
    expect(s.lookups()).toBe(0);
    expect(s.pods.calls + s.authorizer.calls.length + s.metrics.records.length).toBe(0);
  });

  it('judges the only regular container when no container is named, as the API server defaults it', async () => {
    const s = setup({ pods: [withDebugger({ targetContainerName: 'app' })] });
    const r = await s.admission.validate(connect(undefined));
    expect(r.status?.message).toMatch(/^pods "web" is forbidden: exec into container "app" requires /);
    expect(s.pods.calls).toBe(1);
    const untargeted = setup();
    expect(await untargeted.admission.validate(connect(''))).toBe(sharedAllowedResponse);
    expect(untargeted.pods.calls).toBe(1);
  });

  it('leaves a request without a container alone when the pod has no single container to default to', async () => {
    const s = setup({ pods: [withDebugger({ targetContainerName: 'app' }, [sidecar])] });
    expect(await s.admission.validate(connect(''))).toBe(sharedAllowedResponse);
    expect(s.authorizer.calls).toEqual([]);
    expect(s.metrics.records).toEqual([]);
  });

  it('asks about update then patch on pods/ephemeralcontainers for the user exactly as sent', async () => {
    const s = setup();
    const r = await s.admission.validate(connect('debugger'));
    expect(r.allowed).toBe(false);
    expect(r.status?.code).toBe(403);
    const where = {
      namespace: 'team-a',
      group: '',
      resource: 'pods',
      subresource: 'ephemeralcontainers',
      name: 'web',
    };
    expect(s.authorizer.calls.map((c) => c.attributes)).toEqual([
      { ...where, verb: 'update' },
      { ...where, verb: 'patch' },
    ]);
    expect(s.authorizer.calls[0]?.user).toEqual(sre);
    expect(s.metrics.records).toEqual([
      {
        kind: 'evaluation',
        decision: 'deny',
        policy: 'restricted:latest',
        mode: 'enforce',
        resource: 'pods/exec',
        operation: 'CONNECT',
      },
    ]);
  });

  it('admits an authorized user with one question, an audit annotation and an allow metric', async () => {
    const s = setup({ authorizer: new RecordingAuthorizer(['update']) });
    const r = await s.admission.validate(connect('debugger', 'attach'));
    expect(r).toEqual({
      allowed: true,
      auditAnnotations: {
        'enforce-policy': 'restricted:latest',
        'ephemeral-enforce-policy': 'privileged:latest',
        'ephemeral-exec-authorized':
          'attach to ephemeral container "debugger", which violates PodSecurity "restricted:latest": allowed because the user may update pods/ephemeralcontainers',
      },
    });
    expect(s.authorizer.calls).toHaveLength(1);
    expect(s.metrics.records.map((m) => m.kind === 'evaluation' && m.decision)).toEqual(['allow']);
  });

  it('fails closed with the reason when the authorizer cannot answer', async () => {
    const s = setup({ authorizer: new RecordingAuthorizer([], 'connection refused') });
    const r = await s.admission.validate(connect('debugger'));
    expect(r.allowed).toBe(false);
    expect(r.status?.code).toBe(500);
    expect(r.status?.message).toMatch(/: connection refused$/);
    expect(s.metrics.records).toEqual([
      { kind: 'error', fatal: true, resource: 'pods/exec', operation: 'CONNECT' },
    ]);
  });

  it('passes the request signal to the authorizer', async () => {
    const s = setup({ authorizer: new RecordingAuthorizer(['update']) });
    const signal = new AbortController().signal;
    await s.admission.validate(connect('debugger'), { signal });
    expect(s.authorizer.calls[0]?.signal).toBe(signal);
  });

  it('answers as upstream for a namespace that does not exist, and fails closed when it cannot be read', async () => {
    const s = setup();
    const missing = { ...connect('debugger'), namespace: 'gone' };
    expect(await s.admission.validate(missing)).toBe(sharedAllowedResponse);
    expect(s.metrics.records).toEqual([]);
    const failing = new Admission({
      configuration: defaultAdmissionConfiguration,
      evaluator: newEvaluator(defaultChecks),
      metrics: s.metrics,
      namespaceGetter: { getNamespace: () => Promise.reject(new Error('connection refused')) },
      podLister: new StaticPodLister([]),
    });
    const r = await failing.validate(connect('debugger'));
    expect(r.status).toMatchObject({
      code: 500,
      message: 'Internal error occurred: failed to lookup namespace "team-a"',
    });
    expect(r.auditAnnotations).toEqual({
      error: 'Internal error occurred: failed to lookup namespace "team-a": connection refused',
    });
    expect(s.metrics.records).toEqual([
      { kind: 'error', fatal: true, resource: 'pods/exec', operation: 'CONNECT' },
    ]);
  });

  it('fails closed without an injected pod getter or authorizer', async () => {
    const admission = new Admission({
      configuration: defaultAdmissionConfiguration,
      evaluator: newEvaluator(defaultChecks),
      metrics: new MemoryRecorder(),
      namespaceGetter: new StaticNamespaceGetter([split]),
      podLister: new StaticPodLister([]),
    });
    const r = await admission.validate(connect('debugger'));
    expect(r.status).toMatchObject({
      code: 500,
      message: 'Internal error occurred: failed to lookup pod "web"',
    });
    expect(r.auditAnnotations).toEqual({
      error: 'Internal error occurred: failed to lookup pod "web": no pod getter configured',
    });
    const withPods = new Admission({
      configuration: defaultAdmissionConfiguration,
      evaluator: newEvaluator(defaultChecks),
      metrics: new MemoryRecorder(),
      namespaceGetter: new StaticNamespaceGetter([split]),
      podLister: new StaticPodLister([]),
      podGetter: new StaticPodLister([pod]),
    });
    expect((await withPods.validate(connect('debugger'))).status?.message).toMatch(
      /: no authorizer configured$/,
    );
  });

  it('judges a container that shares its process namespace with an escalated debugger (--target)', async () => {
    const s = setup({ pods: [withDebugger({ targetContainerName: 'app' }, [sidecar])] });
    const r = await s.admission.validate(connect('app', 'attach'));
    expect(r.status).toMatchObject({
      code: 403,
      message:
        'pods "web" is forbidden: attach to container "app" requires permission to update or patch ' +
        'pods/ephemeralcontainers: it shares its process namespace with ephemeral container "debugger"; ' +
        'ephemeral containers in namespace "team-a" are held to PodSecurity "privileged:latest" and that ' +
        'one violates PodSecurity "restricted:latest": privileged (container "debugger" must not set ' +
        'securityContext.privileged=true), allowPrivilegeEscalation != false (container "debugger" must set ' +
        'securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "debugger" ' +
        'must set securityContext.capabilities.drop=["ALL"])',
    });
    expect(s.authorizer.calls.map((c) => c.attributes.verb)).toEqual(['update', 'patch']);
    // The sidecar runs in its own process namespace: upstream's answer, no question asked.
    expect(await s.admission.validate(connect('sidecar'))).toBe(sharedAllowedResponse);
    expect(s.authorizer.calls).toHaveLength(2);
  });

  it('admits a user who may add debuggers into the shared container, saying why', async () => {
    const s = setup({
      pods: [withDebugger({ targetContainerName: 'app' })],
      authorizer: new RecordingAuthorizer(['patch']),
    });
    const r = await s.admission.validate(connect('app'));
    expect(r.auditAnnotations?.['ephemeral-exec-authorized']).toBe(
      'exec into container "app", which shares its process namespace with ephemeral container "debugger" ' +
        'that violates PodSecurity "restricted:latest": allowed because the user may patch pods/ephemeralcontainers',
    );
  });

  it('treats every container of a pod with shareProcessNamespace as sharing with every debugger', async () => {
    const shared = withDebugger({}, [sidecar]);
    const s = setup({ pods: [{ ...shared, spec: { ...shared.spec, shareProcessNamespace: true } }] });
    for (const c of ['app', 'sidecar']) {
      expect((await s.admission.validate(connect(c))).status?.code).toBe(403);
    }
    // Not when the field is anything but true.
    const off = setup({ pods: [{ ...shared, spec: { ...shared.spec, shareProcessNamespace: false } }] });
    expect(await off.admission.validate(connect('app'))).toBe(sharedAllowedResponse);
  });

  it('judges a conforming debugger that shares a process namespace with an escalated one', async () => {
    const restricted = {
      name: 'tools',
      image: 'busybox',
      targetContainerName: 'app',
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    };
    const escalated = withDebugger({ targetContainerName: 'app' });
    const spec = escalated.spec ?? {};
    const both = {
      ...escalated,
      spec: { ...spec, ephemeralContainers: [restricted, ...(spec.ephemeralContainers ?? [])] },
    };
    const s = setup({ pods: [both] });
    const r = await s.admission.validate(connect('tools'));
    expect(r.status?.message).toMatch(
      /exec into ephemeral container "tools" requires permission .*: it shares its process namespace with ephemeral container "debugger";/,
    );
    // Alone, the conforming debugger is upstream's.
    const alone = setup({ pods: [{ ...both, spec: { ...spec, ephemeralContainers: [restricted] } }] });
    expect(await alone.admission.validate(connect('tools'))).toBe(sharedAllowedResponse);
    expect(await alone.admission.validate(connect('app'))).toBe(sharedAllowedResponse);
  });

  it('reads targetContainerName only on ephemeral containers', async () => {
    const odd = withDebugger({ targetContainerName: 'app' });
    const spec = odd.spec ?? {};
    const app = { ...(spec.containers?.[0] ?? {}), targetContainerName: 'elsewhere' };
    const s = setup({ pods: [{ ...odd, spec: { ...spec, containers: [app] } }] });
    expect((await s.admission.validate(connect('app'))).status?.code).toBe(403);
  });

  it('leaves the app container alone, after reading the pod', async () => {
    const s = setup();
    expect(await s.admission.validate(connect('app'))).toBe(sharedAllowedResponse);
    expect(s.pods.calls).toBe(1);
    expect(s.authorizer.calls).toEqual([]);
  });

  it('refuses a user whose userInfo cannot be read, rather than asking about someone else', async () => {
    const s = setup({ authorizer: new RecordingAuthorizer(['update']) });
    const r = await s.admission.validate(connect('debugger', 'exec', { username: 'bob', groups: 'sre' }));
    expect(r.status).toMatchObject({ code: 400, message: 'failed to decode userInfo' });
    expect(s.authorizer.calls).toEqual([]);
  });

  it('does not judge other CONNECT subresources or other operations on exec', async () => {
    const s = setup();
    expect(await s.admission.validate({ ...connect('debugger'), subresource: 'portforward' })).toBe(
      sharedAllowedResponse,
    );
    expect(await s.admission.validate({ ...connect('debugger'), operation: 'CREATE' })).toBe(
      sharedAllowedResponse,
    );
    expect(s.lookups()).toBe(0);
  });
});
