// Figures 2 and 5b: one AdmissionReview handled end to end in process (JSON.parse of the body, zod
// validation, namespace lookup and policy resolution, evaluation of every mode, the response review
// serialised as the server writes it) against the floor of JSON.parse(body) + JSON.stringify(response);
// the extra cost of a namespace whose policy is split for ephemeral containers; and the handling time
// against the number of namespaces in the static cache.
import type { Admission } from '../src/admission/admission.js';
import { handleReview } from '../src/admission/review.js';
import { debugContainer } from '../src/demo/profiles.js';
import { goJSON } from '../src/webhook/body.js';
import { measureAsync, measurePaired } from './measure.js';
import { benchNamespaces, largeReview, reviewInNamespace, type ReviewJSON } from './pods.js';
import { benchAdmission, benchNamespace, readReviewBody } from './inputs.js';
import { emitRow, us } from './table.js';

const ratioTarget = 2.0;

async function admissionFigure(name: string, body: string, hasTarget: boolean): Promise<void> {
  const admission = benchAdmission([benchNamespace]);
  const response = await handleReview(admission, JSON.parse(body));
  const full = async () => goJSON(await handleReview(admission, JSON.parse(body)));
  const floor = () => {
    JSON.parse(body);
    return JSON.stringify(response);
  };
  const batch = body.length > 100_000 ? 5 : 100;
  const m = await measurePaired(full, floor, 1000, batch);
  const decision = response.response.allowed ? 'allowed' : 'denied';
  emitRow({
    section: '2 admission',
    case: `${name} (${(body.length / 1024).toFixed(1)} KiB, ${decision})`,
    result: `${us(m.subject.nsPerOp)}/review, floor ${us(m.floor.nsPerOp)}: ${m.ratio.toFixed(2)}×`,
    ...(hasTarget ? { target: `≤ ${ratioTarget.toFixed(1)}× floor`, ok: m.ratio <= ratioTarget } : {}),
  });
}

/** Figure 2: the small recorded reviews, the 20-container one and a generated ~1 MiB one. */
export async function admissionFigures(): Promise<void> {
  const files: readonly [string, string, boolean][] = [
    ['web-restricted', 'web-restricted.review.json', true],
    ['web-privileged', 'web-privileged.review.json', false],
    ['web-20c', 'web-20c.review.json', false],
  ];
  for (const [name, file, target] of files) {
    const body = readReviewBody(file);
    if (body === undefined) {
      emitRow({ section: '2 admission', case: name, result: `skipped: ${file} not found` });
      continue;
    }
    await admissionFigure(name, body, target);
  }
  const base = readReviewBody('web-20c.review.json');
  if (base !== undefined) await admissionFigure('large (web-20c + env)', largeReview(base, 1 << 20), false);
  const small = readReviewBody('web-restricted.review.json');
  if (small !== undefined) await splitFigure(small);
}

/** The all-mode labels of the split figure; `ephemeral` adds ephemeral-* = baseline for each mode. */
function benchLabels(ephemeral: boolean): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    if (ephemeral) labels[`pod-security.kubernetes.io/ephemeral-${mode}`] = 'baseline';
  }
  return labels;
}

/**
 * Figure 2b: the cost of the split. `kubectl debug --profile=restricted` on the web-restricted pod (an
 * UPDATE of pods/ephemeralcontainers, allowed either way), handled in a namespace with every mode at
 * restricted, and in one that also sets every ephemeral-* mode to baseline, so each mode judges two
 * views instead of the whole pod. Paired batches; the ratio is split / unsplit.
 */
async function splitFigure(body: string): Promise<void> {
  const review = JSON.parse(body) as ReviewJSON;
  const old = review.request.object;
  const object = { ...old, spec: { ...old.spec, ephemeralContainers: [debugContainer('restricted')] } };
  const sub = { subResource: 'ephemeralcontainers', requestSubResource: 'ephemeralcontainers' };
  const request = { ...review.request, ...sub, operation: 'UPDATE', object, oldObject: old };
  const text = JSON.stringify({ ...review, request });
  const namespaced = (ephemeral: boolean) =>
    benchAdmission([{ metadata: { name: benchNamespace.metadata?.name, labels: benchLabels(ephemeral) } }]);
  const [split, unsplit] = [namespaced(true), namespaced(false)];
  const handle = (a: Admission) => async () => goJSON(await handleReview(a, JSON.parse(text)));
  for (const a of [split, unsplit]) {
    if (!(await handleReview(a, JSON.parse(text))).response.allowed) throw new Error('debug review denied');
  }
  const m = await measurePaired(handle(split), handle(unsplit), 1000, 100, true);
  emitRow({
    section: '2 admission',
    case: 'kubectl debug --profile=restricted, every mode split vs none',
    result: `${us(m.subject.nsPerOp)}/review split, ${us(m.floor.nsPerOp)} unsplit: ${m.ratio.toFixed(2)}×`,
  });
}

/**
 * Figure 5b: handling of pre-parsed reviews (JSON parsing is not what could grow) spread over every
 * namespace of a cache of n, so that lookups at 100 000 also pay for cache misses.
 */
export async function namespaceScalingFigures(): Promise<void> {
  const body = readReviewBody('web-restricted.review.json');
  if (body === undefined) {
    emitRow({ section: '5 scaling', case: 'namespaces', result: 'skipped: web-restricted not found' });
    return;
  }
  const review = JSON.parse(body) as ReviewJSON;
  const times: number[] = [];
  for (const n of [10, 100, 1000, 10_000, 100_000]) {
    const namespaces = benchNamespaces(n, 'restricted');
    const admission = benchAdmission(namespaces);
    const variants = Array.from({ length: 4096 }, (_, i) => {
      const ns = namespaces[(i * 7919) % n]?.metadata?.name ?? '';
      return reviewInNamespace(review, ns, i);
    });
    let i = 0;
    const m = await measureAsync(() => handleReview(admission, variants[i++ % variants.length]), 600, 200);
    times.push(m.nsPerOp);
    emitRow({
      section: '5 scaling',
      case: `handle review, ${n.toLocaleString('en-US')} namespaces cached`,
      result: `${us(m.nsPerOp)}/review (parsed body)`,
    });
  }
  const spread = Math.max(...times) / Math.min(...times);
  emitRow({
    section: '5 scaling',
    case: 'handling vs namespaces (10..100 000)',
    result: `slowest / fastest = ${spread.toFixed(2)}×`,
    target: 'flat (≤ 1.5×)',
    ok: spread <= 1.5,
  });
}
