// The playground's engine and link state in Node: the answers, input errors, label validation, the
// profile matrix, exec/attach with stated authorization, pod updates, and links that round-trip, open
// as they did before fields were added, or fail in one line.
import { describe, expect, it } from 'vitest';
import { labelPrefix } from '../api/index.js';
import { stringify } from 'yaml';
import {
  buildRequest,
  containerNames,
  debugContainerFor,
  defaultState,
  evaluate,
  podWithDebugger,
  withEphemeralContainer,
  workloadFromPod,
  type PlaygroundState,
} from './engine.js';
import { decodeState, encodeState } from './state.js';

const state = (s: Partial<PlaygroundState>): PlaygroundState => ({ ...defaultState, ...s });

describe('evaluate', () => {
  it('answers the default state: a privileged debugger in a restricted/baseline namespace is denied', async () => {
    const e = await evaluate(defaultState);
    expect(e.response?.response.allowed).toBe(false);
    expect(e.response?.response.status?.message).toBe(
      'pods "app" is forbidden: violates PodSecurity "baseline:latest" for ephemeral containers: privileged (container "debugger" must not set securityContext.privileged=true)',
    );
    expect(e.matrix?.map((r) => [r.profile, r.allowed])).toEqual([
      ['legacy', true],
      ['general', false],
      ['baseline', true],
      ['restricted', true],
      ['netadmin', false],
      ['sysadmin', false],
    ]);
    expect(e.explanationText).toContain('=> split: regular containers judged at restricted:latest');
  });

  it('reports bad inputs by field and sends no request', async () => {
    const e = await evaluate(
      state({ config: 'kind: [', emulationVersion: 'latest', pod: 'a: 1\n---\nb: 2\n', request: 'pod' }),
    );
    expect(e.response).toBeUndefined();
    expect(e.inputErrors.emulationVersion).toBe('must be "v1.x", got "latest"');
    expect(e.inputErrors.config).toMatch(/^configuration: /);
    const pod = await evaluate(state({ pod: 'a: 1\n---\nb: 2\n', request: 'pod' }));
    expect(pod.inputErrors.pod).toBe('expected one pod, found 2');
  });

  it('marks an invalid label as the API server words it, and evaluates it failing closed', async () => {
    const key = `${labelPrefix}ephemeral-enforce`;
    const e = await evaluate(state({ labels: { [key]: 'bogus' } }));
    expect(e.labelErrors).toEqual({
      [key]: `metadata.labels[${key}]: Invalid value: "bogus": must be one of privileged, baseline, restricted`,
    });
    expect(e.response?.response.auditAnnotations?.['ephemeral-enforce-policy']).toBe('restricted:latest');
  });

  it('dry-runs a namespace update against the existing pods', async () => {
    const pods =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i, securityContext: {privileged: true}}]\n';
    const e = await evaluate(
      state({ request: 'namespace', labels: { [`${labelPrefix}enforce`]: 'baseline' }, pods }),
    );
    expect(e.response?.response.allowed).toBe(true);
    expect(e.response?.response.warnings).toEqual([
      'existing pods in namespace "team-a" violate the new PodSecurity enforce level "baseline:latest"',
      'p: privileged',
    ]);
  });
});

describe('the kubectl debug container', () => {
  it('targets the first container and takes a free name', () => {
    const pod = { spec: { containers: [{ name: 'web' }], ephemeralContainers: [{ name: 'debugger' }] } };
    const c = debugContainerFor(state({ debug: 'general' }), pod);
    expect(c.name).toBe('debugger-2');
    expect(c.targetContainerName).toBe('web');
    expect(c.securityContext).toEqual({ capabilities: { add: ['SYS_PTRACE'] } });
  });

  it('appends the container to the old pod as the pods/ephemeralcontainers update', () => {
    const r = buildRequest(defaultState);
    if (!('request' in r)) throw new Error('no request');
    const object = r.request['object'] as { spec: { ephemeralContainers: { name: string }[] } };
    expect(r.request['subResource']).toBe('ephemeralcontainers');
    expect(object.spec.ephemeralContainers.map((c) => c.name)).toEqual(['debugger']);
  });
});

describe('links', () => {
  it('round-trip the whole state', async () => {
    const s = state({
      config: 'x: 1',
      labels: { [`${labelPrefix}warn-version`]: 'v1.30' },
      request: 'namespace',
    });
    const fragment = await encodeState(s);
    expect(fragment).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(await decodeState(fragment)).toEqual(s);
  });

  it.each([
    ['#results', 'the link holds no playground state'],
    ['#s=!!!', 'the link is damaged: its state cannot be read'],
  ])('%s fails in one line', async (fragment, message) => {
    await expect(decodeState(fragment)).rejects.toThrow(message);
  });

  it('refuses a state with an unknown label key', async () => {
    const bad = await encodeState(state({ labels: { [`${labelPrefix}bogus`]: 'x' } }));
    await expect(decodeState(bad)).rejects.toThrow(/^the link's state is invalid: labels/);
  });
});

const split = {
  [`${labelPrefix}enforce`]: 'restricted',
  [`${labelPrefix}ephemeral-enforce`]: 'privileged',
};
const appPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'registry.k8s.io/pause:3.10',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
};
const sysadminPod = withEphemeralContainer(appPod, {
  name: 'debugger',
  image: 'busybox:1.36',
  securityContext: { privileged: true },
});
const execState = (s: Partial<PlaygroundState>): PlaygroundState =>
  state({
    labels: split,
    request: 'connect',
    pod: stringify(sysadminPod),
    username: 'alice',
    groups: 'tenants, system:authenticated',
    authorization: 'allow:\n- group: sre\n',
    ...s,
  });
const deniedExec =
  'pods "web" is forbidden: exec into ephemeral container "debugger" requires permission to update or patch pods/ephemeralcontainers: ephemeral containers in namespace "team-a" are held to PodSecurity "privileged:latest" and this one violates PodSecurity "restricted:latest": privileged (container "debugger" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "debugger" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "debugger" must set securityContext.capabilities.drop=["ALL"])';

describe('exec and attach (CONNECT)', () => {
  it('denies a tenant exec into a privileged debugger and shows both questions asked', async () => {
    const e = await evaluate(execState({}));
    expect(e.review).toMatchObject({
      request: {
        kind: { kind: 'PodExecOptions' },
        subResource: 'exec',
        name: 'web',
        operation: 'CONNECT',
        userInfo: { username: 'alice', groups: ['tenants', 'system:authenticated'] },
        object: { kind: 'PodExecOptions', container: 'debugger', command: ['sh'] },
      },
    });
    expect(e.response?.response.status?.message).toBe(deniedExec);
    expect(e.response?.response.auditAnnotations).toEqual({
      'enforce-policy': 'restricted:latest',
      'ephemeral-enforce-policy': 'privileged:latest',
    });
    expect(e.authorizationChecks?.map((c) => [c.allowed, c.review])).toEqual(
      ['update', 'patch'].map((verb) => [
        false,
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace: 'team-a',
              verb,
              group: '',
              resource: 'pods',
              subresource: 'ephemeralcontainers',
              name: 'web',
            },
            user: 'alice',
            groups: ['tenants', 'system:authenticated'],
          },
        },
      ]),
    );
  });

  it('admits attach by a user whose group may patch, with the audit annotation', async () => {
    const e = await evaluate(
      execState({
        connect: 'attach',
        groups: 'sre',
        authorization: '{"allow": [{"group": "sre", "verbs": ["patch"]}]}',
      }),
    );
    expect(e.response?.response.allowed).toBe(true);
    expect(e.response?.response.auditAnnotations?.['ephemeral-exec-authorized']).toBe(
      'attach to ephemeral container "debugger", which violates PodSecurity "restricted:latest": allowed because the user may patch pods/ephemeralcontainers',
    );
    expect(e.authorizationChecks?.map((c) => c.allowed)).toEqual([false, true]);
    expect((e.review as { request: { object: unknown } }).request.object).toEqual({
      apiVersion: 'v1',
      kind: 'PodAttachOptions',
      stdin: true,
      stdout: true,
      stderr: true,
      tty: true,
      container: 'debugger',
    });
  });

  it('fails closed when the authorizer cannot answer, and records the failed question', async () => {
    const e = await evaluate(execState({ authorization: 'error: connection refused' }));
    expect(e.response?.response.status?.code).toBe(500);
    expect(e.authorizationChecks).toHaveLength(1);
    expect(e.authorizationChecks?.[0]?.error).toBe('connection refused');
  });

  it('asks nothing for the app container, and fails closed for a pod that does not exist', async () => {
    const app = await evaluate(execState({ connectContainer: 'app' }));
    expect(app.response?.response).toEqual({ uid: 'playground', allowed: true });
    expect(app.authorizationChecks).toEqual([]);
    const missing = await evaluate(execState({ pod: '', podName: 'web' }));
    expect(missing.response?.response.status?.message).toBe(
      'Internal error occurred: failed to lookup pod "web"',
    );
    expect(missing.response?.response.auditAnnotations?.['error']).toBe(
      'Internal error occurred: failed to lookup pod "web": pods "web" not found',
    );
  });

  it('reports bad authorization answers and a missing pod name in one line each', async () => {
    const both = await evaluate(execState({ authorization: 'allow: [{user: a, group: b}]' }));
    expect(both.response).toBeUndefined();
    expect(both.inputErrors.authorization).toBe('allow.0: exactly one of user and group must be set');
    const yaml = await evaluate(execState({ authorization: 'allow: [' }));
    expect(yaml.inputErrors.authorization).toMatch(/^invalid YAML\/JSON: /);
    const verbs = await evaluate(execState({ authorization: 'allow: [{user: a, verbs: [get]}]' }));
    expect(verbs.inputErrors.authorization).toMatch(/^allow\.0\.verbs\.0: /);
    const brokenConfig = await evaluate(execState({ pod: '', config: 'kind: [' }));
    expect(Object.keys(brokenConfig.inputErrors).sort()).toEqual(['config', 'podName']);
    const noName = await evaluate(execState({ pod: '' }));
    expect(noName.inputErrors.podName).toBe(
      'a name is required: type one, or give the object a metadata.name',
    );
  });

  it('ignores the authorization editor for other requests', async () => {
    const e = await evaluate(state({ authorization: 'allow: [', request: 'pod' }));
    expect(e.inputErrors).toEqual({});
  });

  it('leaves exec untouched in a namespace that does not exist', async () => {
    const e = await evaluate(execState({ namespaceMissing: true }));
    expect(e.response?.response).toEqual({ uid: 'playground', allowed: true });
  });
});

describe('the pod editors', () => {
  it('add a profile debugger under a free name, and list every container name', () => {
    const r = podWithDebugger(stringify(sysadminPod), 'netadmin');
    expect(r.container).toBe('debugger-2');
    expect(r.pod.spec?.ephemeralContainers?.map((c) => [c.name, c.targetContainerName])).toEqual([
      ['debugger', undefined],
      ['debugger-2', 'app'],
    ]);
    expect(containerNames(stringify(r.pod))).toEqual(['app', 'debugger', 'debugger-2']);
    expect(() => podWithDebugger('a: [', 'general')).toThrow(/^invalid YAML\/JSON: /);
  });

  it('list no names for text that is not one pod, whatever its shape', () => {
    expect(containerNames('kind: [')).toEqual([]);
    expect(containerNames('spec: {containers: {name: app}, initContainers: [7, {name: init}]}')).toEqual([
      'init',
    ]);
  });
});

describe('pod updates', () => {
  const oldPod = stringify(appPod);
  const newImage = stringify({
    ...appPod,
    spec: { ...appPod.spec, containers: [{ ...appPod.spec.containers[0], image: 'nginx:1.27' }] },
  });

  it('judges a significant update and lets a metadata-only update pass', async () => {
    const labels = { [`${labelPrefix}enforce`]: 'baseline' };
    const privileged = stringify({
      ...appPod,
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
    });
    const denied = await evaluate(state({ labels, request: 'update', pod: oldPod, newPod: privileged }));
    expect(denied.response?.response.status?.message).toBe(
      'pods "web" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)',
    );
    const oldPrivileged = privileged.replace('nginx:1.27', 'nginx:1.26');
    const relabelled = privileged.replace('name: web', 'name: web\n  labels: {a: b}');
    const insignificant = await evaluate(
      state({ labels, request: 'update', pod: privileged, newPod: relabelled }),
    );
    expect(insignificant.response?.response.allowed).toBe(true);
    const image = await evaluate(
      state({ labels, request: 'update', pod: oldPrivileged, newPod: privileged }),
    );
    expect(image.response?.response.allowed).toBe(false);
  });

  it('sends the subresource, the name field, and no oldObject for an empty old pod', async () => {
    const r = buildRequest(
      state({ request: 'update', pod: '', newPod: newImage, podName: 'other', updateSubresource: 'resize' }),
    );
    if (!('request' in r)) throw new Error(JSON.stringify(r.errors));
    expect(r.request).toMatchObject({ subResource: 'resize', requestSubResource: 'resize', name: 'other' });
    expect('oldObject' in r.request).toBe(false);
    const missing = buildRequest(state({ request: 'update', newPod: '' }));
    expect(missing).toEqual({ errors: { newPod: 'expected one pod, found 0' } });
  });

  it('judges a pods/ephemeralcontainers update written by hand', async () => {
    const e = await evaluate(
      state({
        labels: split,
        request: 'update',
        updateSubresource: 'ephemeralcontainers',
        pod: oldPod,
        newPod: stringify(sysadminPod),
      }),
    );
    expect(e.response?.response.allowed).toBe(true);
    expect(e.response?.response.auditAnnotations).toEqual({
      'enforce-policy': 'restricted:latest',
      'ephemeral-enforce-policy': 'privileged:latest',
    });
  });
});

describe('workloads', () => {
  const privilegedPod = {
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
  };

  it('warns about a privileged pod template and never denies it; a Service has no template', async () => {
    const labels = { [`${labelPrefix}enforce`]: 'restricted', [`${labelPrefix}warn`]: 'baseline' };
    const workload = stringify(workloadFromPod('deployments', privilegedPod));
    const e = await evaluate(state({ labels, request: 'workload', workload }));
    expect(e.response?.response.allowed).toBe(true);
    expect(e.response?.response.warnings).toEqual([
      'would violate PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)',
    ]);
    const service = stringify(workloadFromPod('services', privilegedPod));
    const noTemplate = await evaluate(
      state({ labels, request: 'workload', workloadResource: 'services', workload: service }),
    );
    expect(noTemplate.response?.response).toEqual({
      uid: 'playground',
      allowed: true,
      auditAnnotations: {
        error: 'failed to extract pod template: unexpected object type: /v1, Kind=Service',
      },
    });
  });

  it('sends the resource, kind and operation chosen, with the old object only on UPDATE', () => {
    const workload = stringify(workloadFromPod('cronjobs', privilegedPod));
    const old = stringify(workloadFromPod('cronjobs', { ...privilegedPod, metadata: { name: 'old' } }));
    const base = state({ request: 'workload', workloadResource: 'cronjobs', workload, oldWorkload: old });
    const create = buildRequest(base);
    if (!('request' in create)) throw new Error(JSON.stringify(create.errors));
    expect(create.request).toMatchObject({
      kind: { group: 'batch', version: 'v1', kind: 'CronJob' },
      resource: { group: 'batch', version: 'v1', resource: 'cronjobs' },
      name: 'web-cronjob',
      operation: 'CREATE',
      object: { spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never' } } } } } },
    });
    expect('oldObject' in create.request).toBe(false);
    const update = buildRequest({ ...base, workloadOperation: 'UPDATE', podName: 'named' });
    if (!('request' in update)) throw new Error(JSON.stringify(update.errors));
    expect(update.request).toMatchObject({
      operation: 'UPDATE',
      name: 'named',
      oldObject: { metadata: { name: 'old-cronjob' } },
    });
    expect(buildRequest({ ...base, workload: 'a: [' })).toEqual({
      errors: { workload: expect.stringMatching(/^invalid YAML\/JSON: /) as unknown },
    });
  });
});

describe('links made before the CONNECT and UPDATE requests', () => {
  const oldLink =
    '#s=bZJBaxsxEIX_ipjz2q0JlDI3k4RScI0JpZdsKLPSeCuiHanSyI0x_u9l1-s0hdzEm6c3H086gdDAJZFlQFCmYUHQQKCOQwE8Acs-5mmYuWj2VtlBA5x-8cCZwuKfoaPCwQvDuQEbZe97QBi9Qw2kPsoPzsVHmdVrwoYPHMoXUgbUXLmBWjiPWIBAwVuGBjL_rlwUEBx3tYcGUnTjPPk5Fc1h1cqzF4dmF10rAys5UsJWjBnj0FBKrZTEdtIK25q9Hm-jKL_opBmTq6zLNspDjIpmBLroha2NQ9rluPeB0Zz0mBjNQxX1A9_xnmrQ8-i1UZS8cC5T5OLt8jHJD9Qzmsy9L5qPy-fPZenjh0S1MN4sVx9fF76DZwyFEP_ssj_4wD3fF0uXdtHsKRS-2iwl6nzw6rmgObkcE5rH9WbzdG4FmrlHBBlrGvwovYKP8sQ8mXrOrczQXS3HLr7gannzqRWl3LPeXq9t35T8Dvx_RBdMcg7N4_b--8_13bev26eJLAa3mf8fXB56Op3_Ag';

  it('open exactly as they did', async () => {
    const s = await decodeState(oldLink);
    expect(s).toEqual({ ...defaultState, debug: 'netadmin', username: 'alice' });
    const e = await evaluate(s);
    expect((e.review as { request: { userInfo: unknown } }).request.userInfo).toEqual({ username: 'alice' });
    expect(e.response?.response.status?.message).toBe(
      'pods "app" is forbidden: violates PodSecurity "baseline:latest" for ephemeral containers: non-default capabilities (container "debugger" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)',
    );
  });

  it('refuse an unknown connect kind in one line', async () => {
    const bad = await encodeState(state({ connect: 'portforward' as PlaygroundState['connect'] }));
    await expect(decodeState(bad)).rejects.toThrow(/^the link's state is invalid: connect: /);
  });
});
