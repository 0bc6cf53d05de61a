import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appPod, ephemeralContainersReview } from '../demo/profiles.js';
import { decodePod, podSchema } from './decode.js';
import { isPlainPod, plainReviewRequest } from './decode_fast.js';
import { admissionReviewSchema, parseAdmissionReview } from './review.js';

/** An object whose own key "__proto__" JSON.parse would make (a plain assignment would set the prototype). */
const withProtoKey = (value: unknown) => JSON.parse(`{"__proto__":${JSON.stringify(value)},"x":1}`) as object;

/** Values of the wrong type, or at the edges of the right one, as JSON can carry them. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(1.5, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), -0, 0, -1, 1e21, '', 'x', true, false, [], {}),
  fc.constant(withProtoKey({ privileged: true })),
);

type Shape = Record<string, fc.Arbitrary<unknown>>;

/**
 * Arbitraries that follow the schemas' shape: each field valid, null, absent or (with weight `oddWeight`)
 * odd; objects sometimes carry unknown keys or an own __proto__ key.
 */
function arbitraries(oddWeight: number) {
  const field = (valid: fc.Arbitrary<unknown>) =>
    oddWeight === 0
      ? fc.oneof({ weight: 20, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) })
      : fc.oneof(
          { weight: 40, arbitrary: valid },
          { weight: 1, arbitrary: fc.constant(null) },
          { weight: oddWeight, arbitrary: odd },
        );
  /** `allKeys`: every key present, now and then undefined (the review's fields are mostly required). */
  const object = (shape: Shape, allKeys = false): fc.Arbitrary<unknown> =>
    fc
      .tuple(
        fc.record(
          Object.fromEntries(
            Object.entries(shape).map(([k, a]) => [
              k,
              allKeys ? fc.oneof({ weight: 30, arbitrary: field(a) }, fc.constant(undefined)) : field(a),
            ]),
          ),
          allKeys ? {} : { requiredKeys: [] },
        ),
        fc.dictionary(
          fc.constantFrom('extra', 'status', 'f:x', 'k:{"name":"a"}'),
          fc.jsonValue({ maxDepth: 2 }),
          {
            maxKeys: 2,
          },
        ),
        fc.integer({ min: 0, max: 30 }),
      )
      .map(([known, extra, p]) => {
        const o: Record<string, unknown> = { ...extra, ...known };
        if (oddWeight > 0 && p === 0) Object.defineProperty(o, '__proto__', { value: {}, enumerable: true });
        return o;
      });
  const array = (item: fc.Arbitrary<unknown>) => fc.array(item, { maxLength: 3 });
  const string = fc.string({ maxLength: 8 });
  const int = fc.oneof(fc.integer(), fc.constantFrom(0, 1000, 65535));
  const bool = fc.boolean();
  const stringMap = fc.dictionary(fc.constantFrom('a', 'pod-security.kubernetes.io/enforce', 'app'), string);
  const profile = object({ type: string, localhostProfile: string });
  const seLinux = object({ user: string, role: string, type: string, level: string });
  const windows = object({ hostProcess: bool });
  const handler = object({ httpGet: object({ host: string }), tcpSocket: object({ host: string }) });
  const securityContext = object({
    capabilities: object({ add: array(string), drop: array(string) }),
    privileged: bool,
    seLinuxOptions: seLinux,
    windowsOptions: windows,
    runAsUser: int,
    runAsGroup: int,
    runAsNonRoot: bool,
    readOnlyRootFilesystem: bool,
    allowPrivilegeEscalation: bool,
    procMount: string,
    seccompProfile: profile,
    appArmorProfile: profile,
  });
  const container = object({
    name: string,
    image: string,
    ports: array(object({ hostPort: int, containerPort: int })),
    securityContext,
    livenessProbe: handler,
    readinessProbe: handler,
    startupProbe: handler,
    lifecycle: object({ postStart: handler, preStop: handler }),
  });
  const spec = object({
    volumes: array(object({ name: string })),
    initContainers: array(container),
    containers: array(container),
    ephemeralContainers: array(container),
    hostNetwork: bool,
    hostPID: bool,
    hostIPC: bool,
    hostUsers: bool,
    securityContext: object({
      seLinuxOptions: seLinux,
      windowsOptions: windows,
      runAsUser: int,
      runAsGroup: int,
      runAsNonRoot: bool,
      supplementalGroups: array(int),
      fsGroup: int,
      sysctls: array(object({ name: string, value: string })),
      seccompProfile: profile,
      appArmorProfile: profile,
    }),
    runtimeClassName: string,
    os: object({ name: string }),
  });
  const metadata = object({
    name: string,
    namespace: string,
    uid: string,
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: array(object({ uid: string, controller: bool, kind: string, name: string })),
  });
  const pod = object({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata, spec });
  const gv = (name: string) => object({ group: string, version: string, [name]: string }, true);
  const request = object(
    {
      uid: string,
      kind: gv('kind'),
      resource: gv('resource'),
      subResource: string,
      requestSubResource: string,
      name: string,
      namespace: string,
      operation: fc.constantFrom('CREATE', 'UPDATE', 'DELETE'),
      userInfo: object({ username: string }),
      // The review's check does not look into the objects: isPlainPod is tested on its own.
      object: fc.jsonValue({ maxDepth: 2 }),
      oldObject: fc.jsonValue({ maxDepth: 2 }),
    },
    true,
  );
  const review = object(
    {
      apiVersion: fc.constantFrom('admission.k8s.io/v1', 'admission.k8s.io/v1', 'admission.k8s.io/v1beta1'),
      kind: fc.constantFrom('AdmissionReview', 'AdmissionReview', 'Pod'),
      request,
    },
    true,
  );
  return { pod, review };
}

const mixed = arbitraries(1);
const valid = arbitraries(0);

describe('isPlainPod', () => {
  it('holds only for pods the zod schema accepts and returns unchanged', () => {
    let plain = 0;
    fc.assert(
      fc.property(mixed.pod, (pod) => {
        if (!isPlainPod(pod)) return;
        plain++;
        const r = podSchema.safeParse(pod);
        expect(r.success).toBe(true);
        expect(r.data).toEqual(pod);
        expect(decodePod(pod)).toBe(pod);
      }),
      { numRuns: 3000 },
    );
    // Both branches were exercised.
    expect(plain).toBeGreaterThan(100);
    expect(plain).toBeLessThan(2900);
  });

  it('holds for every pod of the right types, so the hot path takes it', () => {
    fc.assert(
      fc.property(valid.pod, (pod) => {
        expect(isPlainPod(pod)).toBe(true);
        expect(podSchema.safeParse(pod).data).toEqual(pod);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves an own __proto__ key to the schema, which decides as before', () => {
    const pod = {
      metadata: { name: 'p', labels: JSON.parse('{"__proto__":"x","a":"b"}') as object },
      spec: {},
    };
    expect(isPlainPod(pod)).toBe(false);
    expect(decodePod(pod)).toEqual(podSchema.parse(pod));
    expect(isPlainPod(JSON.parse('{"spec":{"__proto__":{"hostNetwork":true}}}'))).toBe(false);
  });
});

describe('plainReviewRequest', () => {
  it('holds only for reviews the zod schema accepts and returns unchanged', () => {
    let plain = 0;
    fc.assert(
      fc.property(mixed.review, (review) => {
        const request = plainReviewRequest(review);
        if (request === undefined) return;
        plain++;
        const r = admissionReviewSchema.safeParse(review);
        expect(r.success).toBe(true);
        expect(r.data).toEqual(review);
        expect(parseAdmissionReview(review)).toBe(request);
      }),
      { numRuns: 3000 },
    );
    expect(plain).toBeGreaterThan(100);
    expect(plain).toBeLessThan(2900);
  });

  it('takes the recorded kind of review (kubectl debug) and leaves defaults to the schema', () => {
    const review = ephemeralContainersReview(appPod('restricted', 'team-a'), 'baseline', 'u1');
    expect(plainReviewRequest(review)).toBe((review as { request: unknown }).request);
    const noGroup = JSON.parse(JSON.stringify(review)) as { request: { kind: Record<string, unknown> } };
    delete noGroup.request.kind['group'];
    expect(plainReviewRequest(noGroup)).toBeUndefined();
    expect(parseAdmissionReview(noGroup).kind.group).toBe('');
  });
});
