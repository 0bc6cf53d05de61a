// The benchmark inputs read from disk: the real AdmissionReview bodies in bench/reviews (BENCH_DIR),
// and the Admission every in-process figure runs with (Prometheus metrics, as `serve` records them).
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { Admission } from '../src/admission/admission.js';
import { defaultAdmissionConfiguration } from '../src/admission/config.js';
import type { Namespace } from '../src/admission/ports.js';
import { StaticNamespaceGetter, StaticPodLister } from '../src/admission/static_ports.js';
import type { Pod } from '../src/api/index.js';
import { PrometheusRecorder } from '../src/metrics/prometheus.js';
import { defaultChecks } from '../src/policy/checks/index.js';
import { newEvaluator } from '../src/policy/registry.js';

export const benchDir = process.env['BENCH_DIR'] ?? 'bench/reviews';

/** A review body from BENCH_DIR, or undefined when the file is missing. */
export function readReviewBody(file: string): string | undefined {
  try {
    return readFileSync(`${benchDir}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The namespace the recorded reviews were sent for, as the API server labelled it. */
export const benchNamespace: Namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'bench', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
};

/** An Admission as `serve` builds it with static sources and the default configuration. */
export function benchAdmission(namespaces: readonly Namespace[], pods: readonly Pod[] = []): Admission {
  const evaluator = newEvaluator(defaultChecks);
  return new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator,
    metrics: new PrometheusRecorder(evaluator.maxVersion, new Registry()),
    namespaceGetter: new StaticNamespaceGetter(namespaces),
    podLister: new StaticPodLister(pods),
  });
}
