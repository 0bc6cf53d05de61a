// Figure 4: the namespace dry-run, a namespace UPDATE that tightens the enforce label while 3000 pods
// (upstream's cap) exist in it, handled end to end through validateNamespace with a StaticPodLister.
import { handleReview } from '../src/admission/review.js';
import type { Namespace } from '../src/admission/ports.js';
import type { Pod } from '../src/api/index.js';
import { measureAsync } from './measure.js';
import { existingPods, type ReviewJSON } from './pods.js';
import { benchAdmission, readReviewBody } from './inputs.js';
import { emitRow, ms } from './table.js';

const podCount = 3000;
const targetMs = 100;

function namespaceUpdate(labels: Record<string, string>, oldLabels: Record<string, string>): unknown {
  const ns = (l: Record<string, string>): Namespace => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team', ...l } },
  });
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'dry-run',
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      name: 'team',
      operation: 'UPDATE',
      userInfo: { username: 'admin' },
      object: ns(labels),
      oldObject: ns(oldLabels),
    },
  };
}

const cases: readonly { name: string; labels: Record<string, string> }[] = [
  { name: 'enforce → restricted', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  {
    name: 'enforce → restricted, ephemeral-enforce → baseline (2 dry-runs)',
    labels: {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/ephemeral-enforce': 'baseline',
    },
  },
];

export async function dryRunFigures(): Promise<void> {
  const compliantBody = readReviewBody('web-restricted.review.json');
  const violatingBody = readReviewBody('web-privileged.review.json');
  if (compliantBody === undefined || violatingBody === undefined) {
    emitRow({ section: '4 dry-run', case: `${podCount} pods`, result: 'skipped: reviews not found' });
    return;
  }
  const podOf = (body: string) => (JSON.parse(body) as ReviewJSON).request.object as Pod;
  const pods = existingPods(podOf(compliantBody), podOf(violatingBody), {
    namespace: 'team',
    count: podCount,
    violatingEvery: 10,
    ephemeralEvery: 5,
  });
  const admission = benchAdmission([], pods);
  for (const c of cases) {
    const review = namespaceUpdate(c.labels, {});
    const out = await handleReview(admission, review);
    const warnings = out.response.warnings ?? [];
    const truncated = warnings.some((w) => w.includes('only checked against the first'));
    const m = await measureAsync(() => handleReview(admission, review), 1500, 1);
    const t = m.nsPerOp / 1e6;
    emitRow({
      section: '4 dry-run',
      case: `${podCount} pods, ${c.name}`,
      result: `${ms(t)} (${warnings.length} warnings${truncated ? ', TRUNCATED' : ''})`,
      target: `≤ ${targetMs} ms`,
      ok: t <= targetMs && !truncated,
    });
  }
}
