// Figures 2 and 5b: one AdmissionReview handled end to end in process (JSON.parse of the body, zod
// validation, namespace lookup and policy resolution, evaluation of every mode, the response review
// serialised as the server writes it) against the floor of JSON.parse(body) + JSON.stringify(response);
// and the handling time against the number of namespaces in the static cache.
import { handleReview } from '../src/admission/review.js';
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
