// Prometheus implementation of the Metrics port (upstream metrics/metrics.go PrometheusRecorder) with
// prom-client: upstream's metric names, help texts and label values.
import { Counter, Registry } from 'prom-client';
import {
  LevelPrivileged,
  versionOlder,
  versionString,
  type LevelVersion,
  type Version,
} from '../api/index.js';
import type {
  Decision,
  GroupVersionResource,
  MetricsAttributes,
  MetricsMode,
  MetricsRecorder,
} from './metrics.js';

/** A recorder that records nothing. */
export const noopRecorder: MetricsRecorder = Object.freeze({
  recordEvaluation: () => undefined,
  recordExemption: () => undefined,
  recordError: () => undefined,
});

/** component-base prefixes the help text of ALPHA metrics with their stability level. */
const alpha = (help: string): string => `[ALPHA] ${help}`;

const evaluationLabels = [
  'decision',
  'policy_level',
  'policy_version',
  'mode',
  'request_operation',
  'resource',
  'subresource',
] as const;
const exemptionLabels = ['request_operation', 'resource', 'subresource'] as const;
const errorLabels = ['fatal', 'request_operation', 'resource', 'subresource'] as const;

type EvaluationLabels = Record<(typeof evaluationLabels)[number], string>;
type ExemptionLabels = Record<(typeof exemptionLabels)[number], string>;

// Label objects list their keys sorted, so the exposition text orders labels as Prometheus' Go client does.

/**
 * Series upstream pre-creates (its hot-path cache), so they are exported with value 0 before the
 * first request.
 */
const cachedEvaluations: readonly EvaluationLabels[] = (['create', 'update'] as const).map((op) => ({
  decision: 'allow',
  mode: 'enforce',
  policy_level: 'privileged',
  policy_version: 'latest',
  request_operation: op,
  resource: 'pod',
  subresource: '',
}));

const cachedExemptions: readonly ExemptionLabels[] = (['create', 'update'] as const).flatMap((op) =>
  (['pod', 'controller'] as const).map((resource) => ({ request_operation: op, resource, subresource: '' })),
);

/** A registry for the webhook's /metrics endpoint. */
export function createMetricsRegistry(): Registry {
  return new Registry();
}

export class PrometheusRecorder implements MetricsRecorder {
  private readonly evaluations: Counter<(typeof evaluationLabels)[number]>;
  private readonly exemptions: Counter<(typeof exemptionLabels)[number]>;
  private readonly errors: Counter<(typeof errorLabels)[number]>;

  /** `apiVersion` is the newest policy version this build knows; newer ones are labelled "future". */
  constructor(
    private readonly apiVersion: Version,
    registry: Registry,
  ) {
    this.evaluations = new Counter({
      name: 'pod_security_evaluations_total',
      help: alpha('Number of policy evaluations that occurred, not counting ignored or exempt requests.'),
      labelNames: evaluationLabels,
      registers: [registry],
    });
    this.exemptions = new Counter({
      name: 'pod_security_exemptions_total',
      help: alpha('Number of exempt requests, not counting ignored or out of scope requests.'),
      labelNames: exemptionLabels,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'pod_security_errors_total',
      help: alpha(
        'Number of errors preventing normal evaluation. Non-fatal errors may result in the latest restricted profile being used for evaluation.',
      ),
      labelNames: errorLabels,
      registers: [registry],
    });
    this.populateCached();
  }

  recordEvaluation(
    decision: Decision,
    policy: LevelVersion,
    mode: MetricsMode,
    attrs: MetricsAttributes,
  ): void {
    this.evaluations.inc({
      decision,
      mode,
      policy_level: policy.level,
      policy_version: this.versionLabel(policy),
      request_operation: operationLabel(attrs.operation),
      resource: resourceLabel(attrs.resource),
      subresource: attrs.subresource,
    });
  }

  recordExemption(attrs: MetricsAttributes): void {
    this.exemptions.inc({
      request_operation: operationLabel(attrs.operation),
      resource: resourceLabel(attrs.resource),
      subresource: attrs.subresource,
    });
  }

  recordError(fatal: boolean, attrs: MetricsAttributes): void {
    this.errors.inc({
      fatal: String(fatal),
      request_operation: operationLabel(attrs.operation),
      resource: resourceLabel(attrs.resource),
      subresource: attrs.subresource,
    });
  }

  /** Drops every series, then re-creates the pre-populated ones at 0 (upstream Reset). */
  reset(): void {
    this.evaluations.reset();
    this.exemptions.reset();
    this.errors.reset();
    this.populateCached();
  }

  private versionLabel(policy: LevelVersion): string {
    // Privileged is always effectively latest.
    if (policy.version.latest || policy.level === LevelPrivileged) return 'latest';
    return versionOlder(this.apiVersion, policy.version) ? 'future' : versionString(policy.version);
  }

  private populateCached(): void {
    for (const l of cachedEvaluations) this.evaluations.inc(l, 0);
    for (const l of cachedExemptions) this.exemptions.inc(l, 0);
  }
}

/** Pods and namespaces by name; any other resource reaching Pod Security is a pod controller. */
export function resourceLabel(gvr: GroupVersionResource): string {
  if (gvr.group === '' && gvr.resource === 'pods') return 'pod';
  if (gvr.group === '' && gvr.resource === 'namespaces') return 'namespace';
  return 'controller';
}

export function operationLabel(operation: string): string {
  if (operation === 'CREATE') return 'create';
  if (operation === 'UPDATE') return 'update';
  return operation.toLowerCase();
}
