// The playground's engine and link state in Node: the answers, input errors, label validation, the
// profile matrix, and links that round-trip or fail in one line.
import { describe, expect, it } from 'vitest';
import { labelPrefix } from '../api/index.js';
import { buildRequest, debugContainerFor, defaultState, evaluate, type PlaygroundState } from './engine.js';
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
