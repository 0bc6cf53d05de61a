// Figure 8: the exec path's added latency. One `kubectl exec -c debugger` review handled end to end in
// process, with the pod GET and the SubjectAccessReviews made over HTTP by the real client code
// (LivePods, SubjectAccessReviewAuthorizer, KubeClient) against the fake API server on localhost: in a
// namespace without ephemeral labels (upstream: nothing looked up) against one whose enforce policy is
// split, for an authorized user (pod GET + one SAR) and a refused one (pod GET + two SARs); and the
// same judgement with everything in memory, for the CPU cost alone.
import { Registry } from 'prom-client';
import { Admission } from '../src/admission/admission.js';
import { defaultAdmissionConfiguration } from '../src/admission/config.js';
import { StaticAuthorizer } from '../src/admission/static_authorizer.js';
import { StaticNamespaceGetter, StaticPodLister } from '../src/admission/static_ports.js';
import type { Authorizer, PodGetter } from '../src/admission/ports.js';
import { handleReview } from '../src/admission/review.js';
import { appPod, debuggedPod } from '../src/demo/profiles.js';
import { SubjectAccessReviewAuthorizer } from '../src/k8s/authorization.js';
import { KubeClient } from '../src/k8s/client.js';
import { LivePods } from '../src/k8s/pods.js';
import { FakeApiServer } from '../src/k8s/testing/fake-apiserver.js';
import { PrometheusRecorder } from '../src/metrics/prometheus.js';
import { defaultChecks } from '../src/policy/checks/index.js';
import { newEvaluator } from '../src/policy/registry.js';
import { goJSON } from '../src/webhook/body.js';
import { measurePaired } from './measure.js';
import { emitRow, us } from './table.js';

const restricted = { 'pod-security.kubernetes.io/enforce': 'restricted' };
const split = { ...restricted, 'pod-security.kubernetes.io/ephemeral-enforce': 'privileged' };

function execReview(namespace: string, username: string, groups: string[]): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'exec-bench',
      kind: { group: '', version: 'v1', kind: 'PodExecOptions' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      subResource: 'exec',
      requestSubResource: 'exec',
      name: 'web',
      namespace,
      operation: 'CONNECT',
      userInfo: { username, uid: '1', groups: [...groups, 'system:authenticated'] },
      object: { apiVersion: 'v1', kind: 'PodExecOptions', container: 'debugger', command: ['sh'] },
    },
  });
}

/** The same judgement with the pod and the answers in memory: the CPU cost alone, no HTTP. */
async function inMemoryFigure(): Promise<void> {
  const pods = new StaticPodLister([debuggedPod(appPod('restricted', 'split'), 'sysadmin')]);
  const admission = execAdmission(pods, new StaticAuthorizer({ allow: [{ group: 'sre' }] }));
  const m = await measurePaired(
    handler(admission, execReview('split', 'bob', ['sre'])),
    handler(admission, execReview('plain', 'alice', ['tenants'])),
    1000,
    200,
    true,
  );
  emitExecRow('SRE allowed, pod and answers in memory (CPU only)', m);
}

/** An Admission over the two namespaces, with the pod getter and authorizer under measurement. */
function execAdmission(podGetter: PodGetter, authorizer: Authorizer): Admission {
  const evaluator = newEvaluator(defaultChecks);
  return new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator,
    metrics: new PrometheusRecorder(evaluator.maxVersion, new Registry()),
    namespaceGetter: new StaticNamespaceGetter([
      { metadata: { name: 'plain', labels: restricted } },
      { metadata: { name: 'split', labels: split } },
    ]),
    podLister: new StaticPodLister([]),
    podGetter,
    authorizer,
  });
}

/** One review handled end to end, encoded as the webhook writes it. */
function handler(admission: Admission, body: string): () => Promise<unknown> {
  return async () => goJSON(await handleReview(admission, JSON.parse(body)));
}

function emitExecRow(name: string, m: Awaited<ReturnType<typeof measurePaired>>): void {
  emitRow({
    section: '8 exec',
    case: `kubectl exec -c debugger, ${name}`,
    result:
      `${us(m.subject.nsPerOp)}/review vs ${us(m.floor.nsPerOp)} without ephemeral labels: ` +
      `+${us(m.subject.nsPerOp - m.floor.nsPerOp)}`,
  });
}

export async function execFigures(): Promise<void> {
  await inMemoryFigure();
  const api = new FakeApiServer();
  await api.start();
  try {
    api.setPods([debuggedPod(appPod('restricted', 'split'), 'sysadmin')]);
    api.setAccessReviewer((spec) => ((spec['groups'] as string[] | undefined) ?? []).includes('sre'));
    const client = new KubeClient(api.connection());
    const admission = execAdmission(new LivePods(client), new SubjectAccessReviewAuthorizer(client));
    const plain = handler(admission, execReview('plain', 'alice', ['tenants']));
    const cases: readonly [string, string, boolean][] = [
      ['SRE allowed: pod GET + 1 SubjectAccessReview', execReview('split', 'bob', ['sre']), true],
      ['tenant refused: pod GET + 2 SubjectAccessReviews', execReview('split', 'alice', ['tenants']), false],
    ];
    for (const [name, body, allowed] of cases) {
      const out = await handleReview(admission, JSON.parse(body));
      if (out.response.allowed !== allowed) throw new Error(`exec bench: ${name}: unexpected answer`);
      emitExecRow(name, await measurePaired(handler(admission, body), plain, 3000, 50, true));
    }
  } finally {
    await api.stop();
  }
}
