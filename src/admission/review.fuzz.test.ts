// Fuzzing of the review handler (handleReview over a real Admission): generated reviews for pods,
// pods/ephemeralcontainers, controllers and namespaces, then mutated: keys shuffled, unknown fields
// (prototype-like names included), nulls, wrong types, huge strings, deep nesting, thousands of
// containers, bodies that are not reviews. Fixed seeds and bounded runs, so every failure replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelPrefix } from '../api/index.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { goJSON } from '../webhook/body.js';
import { Admission } from './admission.js';
import { defaultAdmissionConfiguration, type AdmissionConfiguration } from './config.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';
import { handleReview, InvalidReviewError, type AdmissionReviewResponse } from './review.js';

const seed = 7_000_003;
const evaluator = newEvaluator(defaultChecks);
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// Generators: namespaces, configurations, pods, controllers and the reviews that carry them.
// ---------------------------------------------------------------------------------------------------

const triBool = fc.constantFrom(undefined, null, true, false);
const levelValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('privileged', 'baseline', 'restricted') },
  { weight: 1, arbitrary: fc.constantFrom('Baseline', '', 'bogus') },
);
const versionValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('latest', 'v1.0', 'v1.22', 'v1.25', 'v1.35') },
  { weight: 1, arbitrary: fc.constantFrom('v1', 'v1.02', 'Latest') },
);
const labelsArb: fc.Arbitrary<Record<string, string>> = fc
  .record(
    Object.fromEntries(
      ['enforce', 'audit', 'warn', 'ephemeral-enforce', 'ephemeral-audit', 'ephemeral-warn'].flatMap((m) => [
        [`${labelPrefix}${m}`, levelValue],
        [`${labelPrefix}${m}-version`, versionValue],
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
    { requiredKeys: [] },
  )
  .map((l) => ({ 'kubernetes.io/metadata.name': 'team-a', ...l }));

const splitConfiguration: AdmissionConfiguration = {
  defaults: {
    enforce: { level: 'baseline', version: { latest: true, major: 0, minor: 0 } },
    audit: { level: 'restricted', version: { latest: true, major: 0, minor: 0 } },
    warn: { level: 'restricted', version: { latest: true, major: 0, minor: 0 } },
  },
  ephemeralDefaults: { enforce: 'privileged' },
  exemptions: { usernames: ['exempt-user'], namespaces: ['exempt-ns'], runtimeClasses: ['exempt-rc'] },
};
const configurationArb = fc.constantFrom(defaultAdmissionConfiguration, splitConfiguration);

const securityContextArb = fc.record(
  {
    privileged: triBool,
    allowPrivilegeEscalation: triBool,
    runAsNonRoot: triBool,
    runAsUser: fc.constantFrom(undefined, null, 0, 1000),
    capabilities: fc.record(
      { add: fc.subarray(['NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN']), drop: fc.subarray(['ALL', 'NET_RAW']) },
      { requiredKeys: [] },
    ),
    seccompProfile: fc.constantFrom(
      null,
      { type: 'RuntimeDefault' },
      { type: 'Unconfined' },
      { type: 'Localhost', localhostProfile: 'p.json' },
    ),
    procMount: fc.constantFrom('Default', 'Unmasked'),
    seLinuxOptions: fc.constantFrom({ type: 'container_t' }, { type: 'spc_t' }, { user: 'u' }),
    appArmorProfile: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }),
    windowsOptions: fc.record({ hostProcess: triBool }),
  },
  { requiredKeys: [] },
);

function containersArb(prefix: string, max: number): fc.Arbitrary<Obj[]> {
  return fc.integer({ min: 0, max }).chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record(
          {
            name: fc.constant(`${prefix}${i}`),
            image: fc.constantFrom('nginx:1', 'busybox'),
            securityContext: fc.oneof(securityContextArb, fc.constant(null)),
            ports: fc.subarray([{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }]),
            livenessProbe: fc.constantFrom(
              { httpGet: { host: 'evil.example', port: 80 } },
              { tcpSocket: { port: 1 } },
            ),
          },
          { requiredKeys: ['name', 'image'] },
        ),
      ),
    ),
  );
}

const podSpecArb = fc.record(
  {
    containers: containersArb('app', 2),
    initContainers: containersArb('init', 1),
    ephemeralContainers: containersArb('debugger', 2),
    hostNetwork: triBool,
    hostPID: triBool,
    hostUsers: triBool,
    runtimeClassName: fc.constantFrom('runc', 'exempt-rc'),
    os: fc.constantFrom({ name: 'linux' }, { name: 'windows' }),
    securityContext: fc.record(
      {
        runAsNonRoot: triBool,
        runAsUser: fc.constantFrom(0, 1000),
        seccompProfile: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }),
        sysctls: fc.subarray([
          { name: 'kernel.shm_rmid_forced', value: '0' },
          { name: 'net.core.somaxconn', value: '1' },
        ]),
      },
      { requiredKeys: [] },
    ),
    volumes: fc.subarray([
      { name: 'data', emptyDir: {} },
      { name: 'host', hostPath: { path: '/' } },
      { name: 'cm', configMap: { name: 'c' } },
      { name: 'share', nfs: { server: 's', path: '/' } },
      { name: 'odd' },
    ]),
  },
  { requiredKeys: ['containers'] },
);

const annotationsArb = fc.record(
  {
    'container.apparmor.security.beta.kubernetes.io/app0': fc.constantFrom('unconfined', 'runtime/default'),
    'seccomp.security.alpha.kubernetes.io/pod': fc.constantFrom('unconfined', 'runtime/default'),
    'example.com/owner': fc.constant('team-a'),
  },
  { requiredKeys: [] },
);

const podArb = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('Pod'),
  metadata: fc.record(
    {
      name: fc.constant('p'),
      namespace: fc.constant('team-a'),
      labels: fc.constant({ app: 'x' }),
      annotations: annotationsArb,
    },
    { requiredKeys: ['name'] },
  ),
  spec: podSpecArb,
});

const userInfoArb = fc.record({
  username: fc.constantFrom('alice', 'exempt-user', 'system:serviceaccount:ns:sa'),
  uid: fc.constant('u-1'),
  groups: fc.constant(['system:authenticated']),
  extra: fc.constant({ 'scopes.example.com': ['a'] }),
});

const commonArb = fc.record({
  uid: fc.oneof(fc.uuid(), fc.string({ maxLength: 8 })),
  namespace: fc.constantFrom('team-a', 'team-a', 'team-a', 'exempt-ns', 'missing'),
  userInfo: userInfoArb,
  dryRun: fc.boolean(),
});

const podKind = { group: '', version: 'v1', kind: 'Pod' };
const podsResource = { group: '', version: 'v1', resource: 'pods' };

/** A pod CREATE or UPDATE, or a pods/ephemeralcontainers UPDATE whose old pod lacks the last debugger. */
const podRequestArb = fc
  .tuple(commonArb, podArb, fc.constantFrom('CREATE', 'UPDATE', 'ephemeralcontainers'), fc.boolean())
  .map(([common, pod, op, newImage]) => {
    const request: Obj = { ...common, kind: podKind, resource: podsResource, name: 'p', object: pod };
    if (op === 'CREATE') return { ...request, operation: 'CREATE' };
    const spec = pod.spec as Obj;
    const old = structuredClone(pod) as Obj;
    const oldSpec = old.spec as Obj;
    if (op === 'ephemeralcontainers') {
      oldSpec.ephemeralContainers = ((spec.ephemeralContainers as Obj[] | undefined) ?? []).slice(0, -1);
      return { ...request, operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: old };
    }
    if (newImage) for (const c of (oldSpec.containers as Obj[]) ?? []) c.image = 'old:0';
    return { ...request, operation: 'UPDATE', oldObject: old };
  });

const controllerRequestArb = fc.tuple(commonArb, podArb).map(([common, pod]) => ({
  ...common,
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  resource: { group: 'apps', version: 'v1', resource: 'deployments' },
  name: 'd',
  operation: 'CREATE',
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: common.namespace },
    spec: {
      replicas: 1,
      template: { metadata: pod.metadata, spec: { ...pod.spec, ephemeralContainers: undefined } },
    },
  },
}));

const namespaceRequestArb = fc
  .tuple(commonArb, labelsArb, labelsArb, fc.constantFrom('CREATE', 'UPDATE'))
  .map(([common, labels, oldLabels, operation]) => ({
    ...common,
    namespace: 'team-a',
    kind: { group: '', version: 'v1', kind: 'Namespace' },
    resource: { group: '', version: 'v1', resource: 'namespaces' },
    name: 'team-a',
    operation,
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels } },
    oldObject:
      operation === 'UPDATE'
        ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: oldLabels } }
        : null,
  }));

/** What the webhook receives: a JSON round trip drops the undefined values the generators leave. */
const scenarioArb = fc
  .record({
    labels: labelsArb,
    configuration: configurationArb,
    request: fc.oneof(
      { weight: 5, arbitrary: podRequestArb },
      { weight: 1, arbitrary: controllerRequestArb },
      { weight: 2, arbitrary: namespaceRequestArb },
    ),
  })
  .map((s) => ({
    ...s,
    body: JSON.parse(
      JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: s.request }),
    ) as Obj,
  }));
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

// ---------------------------------------------------------------------------------------------------
// Running a review and checking the answer.
// ---------------------------------------------------------------------------------------------------

/** Existing pods for namespace dry-runs: one with a privileged debugger, one restricted-clean. */
const existingPods = [
  {
    metadata: { name: 'old-1', namespace: 'team-a' },
    spec: {
      containers: [{ name: 'a', image: 'x' }],
      ephemeralContainers: [{ name: 'dbg', image: 'x', securityContext: { privileged: true } }],
    },
  },
  { metadata: { name: 'old-2', namespace: 'team-a' }, spec: { containers: [{ name: 'a', image: 'x' }] } },
];

type Outcome = { review: AdmissionReviewResponse; metrics: unknown[] } | { invalid: InvalidReviewError };

/** Runs one review through a fresh Admission; any throw but InvalidReviewError fails the test. */
async function run(s: Pick<Scenario, 'labels' | 'configuration'>, body: unknown): Promise<Outcome> {
  const metrics = new MemoryRecorder();
  const namespaces = ['team-a', 'exempt-ns'].map((name) => ({ metadata: { name, labels: s.labels } }));
  const admission = new Admission({
    configuration: s.configuration,
    evaluator,
    metrics,
    namespaceGetter: new StaticNamespaceGetter(namespaces),
    podLister: new StaticPodLister(existingPods),
  });
  try {
    return { review: await handleReview(admission, body), metrics: metrics.records };
  } catch (err) {
    if (err instanceof InvalidReviewError) {
      expect(err.message).toMatch(/^not an admission\.k8s\.io\/v1 AdmissionReview: /);
      return { invalid: err };
    }
    throw err;
  }
}

function expectWellFormed(out: AdmissionReviewResponse, uid: unknown): void {
  expect(Object.keys(out)).toEqual(['apiVersion', 'kind', 'response']);
  expect(out.apiVersion).toBe('admission.k8s.io/v1');
  expect(out.kind).toBe('AdmissionReview');
  const r = out.response;
  expect(r.uid).toBe(uid);
  expect(typeof r.allowed).toBe('boolean');
  if (r.allowed) expect(r.status).toBeUndefined();
  else {
    expect([400, 403, 422, 500]).toContain(r.status?.code);
    expect(r.status?.status).toBe('Failure');
    expect(r.status?.message).toMatch(/\S/);
  }
  for (const w of r.warnings ?? []) expect(w).toMatch(/\S/);
  for (const v of Object.values(r.auditAnnotations ?? {})) expect(typeof v).toBe('string');
  expect(JSON.parse(goJSON(out) ?? 'null')).toEqual(out);
}

function uidOf(body: unknown): unknown {
  return ((body as Obj | null)?.request as Obj | undefined)?.uid;
}

// ---------------------------------------------------------------------------------------------------
// Mutations.
// ---------------------------------------------------------------------------------------------------

/** mulberry32: a small seeded generator, so mutations replay with the fast-check seed. */
function rng(s: number): () => number {
  let state = s >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sets an own data property, as JSON.parse does: `__proto__` stays a plain key. */
function setOwn(o: Obj, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Keys whose values are maps (label-like), where an extra key is data, not an unknown field. */
const mapKeys = new Set(['labels', 'annotations', 'extra', 'nodeSelector']);

const deepArray: Json = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) as Json;
const deepObject: Json = JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)) as Json;
const hugeString = 'h'.repeat(1 << 20);
/** Content a decoder that honours `__proto__` would inherit: it would make bad pods look clean. */
const cleanLooking: Json = {
  privileged: false,
  hostNetwork: false,
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  seccompProfile: { type: 'RuntimeDefault' },
  capabilities: { drop: ['ALL'] },
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
};
const dangerousLooking: Json = { privileged: true, hostPID: true, hostPath: { path: '/' } };
const unknownNames = [
  'x-fuzz-unknown',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'HostNetwork',
  'Privileged',
  'SecurityContext',
  'ephemeralcontainers',
  '',
  '\u0000',
  'n'.repeat(4096),
];
const unknownValues: Json[] = [
  null,
  0,
  true,
  'x',
  [],
  {},
  cleanLooking,
  dangerousLooking,
  hugeString,
  deepArray,
  deepObject,
];

/**
 * A copy with the keys of every object shuffled and, with probability `p`, an unknown field added to
 * each struct (never to a map). Injected values are not walked, so deep ones cost nothing.
 */
function reorderAndExtend(value: unknown, random: () => number, p: number, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => reorderAndExtend(v, random, p, parentKey));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [keys[i], keys[j]] = [keys[j] as string, keys[i] as string];
  }
  const out: Obj = {};
  const extra = !mapKeys.has(parentKey) && random() < p;
  const name = unknownNames[Math.floor(random() * unknownNames.length)] as string;
  const at = Math.floor(random() * (keys.length + 1));
  keys.forEach((k, i) => {
    if (extra && i === at) setOwn(out, name, unknownValues[Math.floor(random() * unknownValues.length)]);
    setOwn(out, k, reorderAndExtend((value as Obj)[k], random, p, k));
  });
  if (extra && at === keys.length)
    setOwn(out, name, unknownValues[Math.floor(random() * unknownValues.length)]);
  return out;
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(k) : k];
    out.push(path);
    pathsOf(v, path, out);
  }
  return out;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

/** A deep copy with the value at `path` replaced. */
function replaced(body: Obj, path: Path, value: unknown): Obj {
  const copy = structuredClone(body);
  let holder: Obj = copy;
  for (const k of path.slice(0, -1)) holder = holder[k] as Obj;
  setOwn(holder, String(path[path.length - 1]), value);
  return copy;
}

const wrongValues: Json[] = [0, -1, 1.5, true, '', 'x', [], {}, [['x']], { a: 1 }, hugeString];

// ---------------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------------

describe('handleReview on generated reviews', () => {
  it('answers well-formed and identically when keys are shuffled and unknown fields added (5000 runs)', async () => {
    const seen = { allowed: 0, denied: 0, warned: 0, split: 0 };
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.integer(), fc.constantFrom(0.1, 0.5, 1), async (s, mutation, p) => {
        const base = await run(s, s.body);
        if (!('review' in base)) throw new Error(`generated review refused: ${base.invalid.message}`);
        expectWellFormed(base.review, uidOf(s.body));
        const r = base.review.response;
        seen[r.allowed ? 'allowed' : 'denied']++;
        if ((r.warnings?.length ?? 0) > 0) seen.warned++;
        if (r.auditAnnotations?.['ephemeral-enforce-policy'] !== undefined) seen.split++;

        const variant = await run(s, reorderAndExtend(s.body, rng(mutation), p));
        // Never allowed where the same policy denies: the whole answer, and the metrics, are the same.
        expect(variant).toEqual(base);
      }),
      { seed, numRuns: 5000 },
    );
    // The generators reach every kind of answer, so the property is not vacuous.
    expect(seen.allowed).toBeGreaterThan(1000);
    expect(seen.denied).toBeGreaterThan(1000);
    expect(seen.warned).toBeGreaterThan(200);
    expect(seen.split).toBeGreaterThan(200);
  });

  it('never turns a denial into an allowance when a field gets a value of another type (3000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.nat(), fc.nat(), async (s, which, value) => {
        const base = await run(s, s.body);
        const paths = pathsOf(s.body);
        const path = paths[which % paths.length] as Path;
        const original = path.reduce<unknown>((v, k) => (v as Obj)[k], s.body);
        const candidates = wrongValues.filter((v) => jsonType(v) !== jsonType(original));
        const body = replaced(s.body, path, candidates[value % candidates.length]);
        const out = await run(s, body);
        if ('review' in out) expectWellFormed(out.review, uidOf(body));
        if ('review' in base && !base.review.response.allowed && 'review' in out) {
          expect(out.review.response.allowed).toBe(false);
        }
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('answers well-formed or refuses the body when any field is null or missing (3000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.nat(), fc.boolean(), async (s, which, remove) => {
        const paths = pathsOf(s.body);
        const path = paths[which % paths.length] as Path;
        const body = replaced(s.body, path, null);
        if (remove) {
          let holder: Obj = body;
          for (const k of path.slice(0, -1)) holder = holder[k] as Obj;
          delete holder[String(path[path.length - 1])];
        }
        const out = await run(s, body);
        if ('review' in out) expectWellFormed(out.review, uidOf(body));
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('refuses arbitrary JSON that is not a review, or answers it well-formed (2000 runs)', async () => {
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({
        apiVersion: fc.constantFrom('admission.k8s.io/v1', 'admission.k8s.io/v1beta1', 'v1'),
        kind: fc.constantFrom('AdmissionReview', 'Pod'),
        request: fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.dictionary(
            fc.constantFrom('uid', 'kind', 'resource', 'operation', 'object'),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (body) => {
        const out = await run({ labels: {}, configuration: defaultAdmissionConfiguration }, body);
        if ('review' in out) expectWellFormed(out.review, uidOf(body));
      }),
      { seed, numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Hand-picked hostile inputs.
// ---------------------------------------------------------------------------------------------------

const restricted = { [`${labelPrefix}enforce`]: 'restricted' };
const baseline = { [`${labelPrefix}enforce`]: 'baseline' };

function podReview(spec: Obj, uid = 'u-1', extra: Obj = {}): Obj {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: podKind,
      resource: podsResource,
      namespace: 'team-a',
      name: 'p',
      operation: 'CREATE',
      userInfo: { username: 'alice' },
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team-a' }, spec },
      ...extra,
    },
  };
}

const request = (podReview({ containers: [] }) as { request: Obj }).request;

describe('handleReview on hostile inputs', () => {
  it.each([
    // not a review at all
    { name: 'null', body: null, want: 'invalid' },
    { name: 'an array', body: [request], want: 'invalid' },
    { name: 'a string', body: 'AdmissionReview', want: 'invalid' },
    // a review of another version or kind, or without a request
    {
      name: 'admission.k8s.io/v1beta1',
      body: { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request },
      want: 'apiVersion',
    },
    { name: 'kind Pod', body: { apiVersion: 'admission.k8s.io/v1', kind: 'Pod', request }, want: 'kind' },
    {
      name: 'no request',
      body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' },
      want: 'request',
    },
    {
      name: 'request null',
      body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: null },
      want: 'request',
    },
    // a request without uid, or with one that is not a string, cannot be answered
    {
      name: 'no uid',
      body: {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { ...request, uid: undefined },
      },
      want: 'request.uid',
    },
    {
      name: 'numeric uid',
      body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { ...request, uid: 7 } },
      want: 'request.uid',
    },
    {
      name: 'no resource',
      body: {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { ...request, resource: undefined },
      },
      want: 'request.resource',
    },
  ])('refuses $name with InvalidReviewError naming $want', async ({ body, want }) => {
    const out = await run({ labels: {}, configuration: defaultAdmissionConfiguration }, body);
    expect('invalid' in out).toBe(true);
    if ('invalid' in out && want !== 'invalid') expect(out.invalid.message).toContain(`: ${want}: `);
  });

  it('judges a pod with 5000 containers: one privileged container anywhere is found, in every order', async () => {
    const many = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, image: 'x' }));
    for (const [list, index] of [
      ['containers', 2999],
      ['initContainers', 0],
      ['ephemeralContainers', 999],
    ] as const) {
      const spec: Obj = {
        containers: many('c', 3000),
        initContainers: many('i', 1000),
        ephemeralContainers: many('e', 1000),
      };
      const bad = (spec[list] as Obj[])[index] as Obj;
      bad.securityContext = { privileged: true };
      const base = await run(
        { labels: baseline, configuration: defaultAdmissionConfiguration },
        podReview(spec),
      );
      expect('review' in base && base.review.response.status?.message).toBe(
        `pods "p" is forbidden: violates PodSecurity "baseline:latest": privileged (container "${String(bad.name)}" must not set securityContext.privileged=true)`,
      );
      const variant = await run(
        { labels: baseline, configuration: defaultAdmissionConfiguration },
        reorderAndExtend(podReview(spec), rng(index), 0.5),
      );
      expect(variant).toEqual(base);
    }
  });

  it('lists every one of 3000 privileged ephemeral containers under a split policy', async () => {
    const debuggers = Array.from({ length: 3000 }, (_, i) => ({
      name: `d${i}`,
      image: 'x',
      securityContext: { privileged: true },
    }));
    const labels = { ...restricted, [`${labelPrefix}ephemeral-enforce`]: 'baseline' };
    const out = await run(
      { labels, configuration: defaultAdmissionConfiguration },
      podReview({ containers: [], ephemeralContainers: debuggers }),
    );
    if (!('review' in out)) throw new Error('refused');
    expectWellFormed(out.review, 'u-1');
    const message = out.review.response.status?.message ?? '';
    expect(message).toContain(
      'violates PodSecurity "baseline:latest" for ephemeral containers: privileged (containers "d0", "d1", ',
    );
    expect(message.match(/"d\d+"/g)).toHaveLength(3000);
  });

  it.each([
    // a 1 MiB container name is quoted in the denial
    {
      name: 'huge container name',
      spec: { containers: [{ name: hugeString, image: 'x', securityContext: { privileged: true } }] },
      allowed: false,
    },
    // a 1 MiB image is no policy matter
    { name: 'huge image', spec: { containers: [{ name: 'c', image: hugeString }] }, allowed: true },
    // unknown fields nested 20000 levels deep are passed over, not walked
    {
      name: 'deep unknown array',
      spec: { containers: [{ name: 'c', image: 'x', x: deepArray }], y: deepObject },
      allowed: true,
    },
    // a known field holding deep nesting is a decoding error, found at the first level
    { name: 'deep known field', spec: { containers: deepArray }, allowed: false },
    // `__proto__` is an unknown field: its content is not inherited
    {
      name: '__proto__ with clean-looking content',
      spec: JSON.parse(
        '{"containers":[{"name":"c","image":"x","securityContext":{"privileged":true,"__proto__":{"privileged":false}}}],"__proto__":{"securityContext":{"runAsNonRoot":true}}}',
      ) as Obj,
      allowed: false,
    },
  ])('answers a pod with a $name', async ({ spec, allowed }) => {
    const out = await run(
      { labels: baseline, configuration: defaultAdmissionConfiguration },
      podReview(spec),
    );
    if (!('review' in out)) throw new Error('refused');
    expectWellFormed(out.review, 'u-1');
    expect(out.review.response.allowed).toBe(allowed);
  });

  it('quotes a 1 MiB invalid label value in the namespace error, and fails the pod closed', async () => {
    const labels = { [`${labelPrefix}enforce`]: hugeString };
    const out = await run(
      { labels, configuration: defaultAdmissionConfiguration },
      podReview({ containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] }),
    );
    if (!('review' in out)) throw new Error('refused');
    expectWellFormed(out.review, 'u-1');
    expect(out.review.response.allowed).toBe(false);
    expect(out.review.response.status?.message).toContain('violates PodSecurity "restricted:latest"');
    expect(out.review.response.auditAnnotations?.error).toBe(
      `Failed to parse policy: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "${hugeString}": must be one of privileged, baseline, restricted`,
    );
  });
});
