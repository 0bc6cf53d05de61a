import { describe, expect, it } from 'vitest';
import { LevelPrivileged, MajorMinorVersion, ParseVersion, type Level } from '../api/index.js';
import { createMetricsRegistry, operationLabel, PrometheusRecorder, resourceLabel } from './prometheus.js';
import type { GroupVersionResource, MetricsMode } from './metrics.js';

// Ported from upstream metrics/metrics_test.go.
const testVersion = MajorMinorVersion(1, 23);
const decisions = ['allow', 'deny'] as const;
const modes: MetricsMode[] = ['enforce', 'audit', 'warn', 'ephemeral-enforce'];
const operations = ['CREATE', 'UPDATE'];
const levels: Level[] = ['privileged', 'baseline', 'restricted'];
const resources: [GroupVersionResource, string][] = [
  [{ group: '', version: 'v1', resource: 'pods' }, 'pod'],
  [{ group: 'apps', version: 'v1', resource: 'deployments' }, 'controller'],
  [{ group: 'batch', version: 'v1', resource: 'cronjobs' }, 'controller'],
];
const versions: [string, string][] = [
  ['latest', 'latest'],
  ['v1.22', 'v1.22'],
  ['v1.23', 'v1.23'],
  ['v1.24', 'future'],
];

const cached: Record<string, string[]> = {
  pod_security_evaluations_total: [
    'pod_security_evaluations_total{decision="allow",mode="enforce",policy_level="privileged",policy_version="latest",request_operation="create",resource="pod",subresource=""}',
    'pod_security_evaluations_total{decision="allow",mode="enforce",policy_level="privileged",policy_version="latest",request_operation="update",resource="pod",subresource=""}',
  ],
  pod_security_exemptions_total: [
    'pod_security_exemptions_total{request_operation="create",resource="controller",subresource=""}',
    'pod_security_exemptions_total{request_operation="create",resource="pod",subresource=""}',
    'pod_security_exemptions_total{request_operation="update",resource="controller",subresource=""}',
    'pod_security_exemptions_total{request_operation="update",resource="pod",subresource=""}',
  ],
  pod_security_errors_total: [],
};

const help: Record<string, string> = {
  pod_security_evaluations_total:
    '# HELP pod_security_evaluations_total [ALPHA] Number of policy evaluations that occurred, not counting ignored or exempt requests.',
  pod_security_exemptions_total:
    '# HELP pod_security_exemptions_total [ALPHA] Number of exempt requests, not counting ignored or out of scope requests.',
  pod_security_errors_total:
    '# HELP pod_security_errors_total [ALPHA] Number of errors preventing normal evaluation. Non-fatal errors may result in the latest restricted profile being used for evaluation.',
};

/** The exposition of one metric as sorted lines, with the cached series added at 0 (upstream expectCachedMetrics). */
function expected(name: string, sample: string): string[] {
  const samples = [sample];
  for (const c of cached[name] ?? []) if (!sample.startsWith(c)) samples.push(`${c} 0`);
  return [help[name] ?? '', `# TYPE ${name} counter`, ...samples.sort()];
}

async function gathered(registry: ReturnType<typeof createMetricsRegistry>, name: string): Promise<string[]> {
  const text = await registry.getSingleMetricAsString(name);
  const lines = text.split('\n').filter((l) => l !== '');
  return [...lines.slice(0, 2), ...lines.slice(2).sort()];
}

function setup() {
  const registry = createMetricsRegistry();
  return { registry, recorder: new PrometheusRecorder(testVersion, registry) };
}

const evaluationCases = decisions.flatMap((decision) =>
  modes.flatMap((mode) =>
    operations.flatMap((operation) =>
      levels.flatMap((level) =>
        versions.flatMap(([version, versionLabel]) =>
          resources.map(([resource, resourceName]) => ({
            decision,
            mode,
            operation,
            level,
            version,
            resource,
            // privileged is always reported as latest
            want: `pod_security_evaluations_total{decision="${decision}",mode="${mode}",policy_level="${level}",policy_version="${level === LevelPrivileged ? 'latest' : versionLabel}",request_operation="${operation.toLowerCase()}",resource="${resourceName}",subresource=""} 1`,
          })),
        ),
      ),
    ),
  ),
);

describe('PrometheusRecorder', () => {
  it('records evaluations with upstream label values for every combination', async () => {
    const { registry, recorder } = setup();
    for (const c of evaluationCases) {
      const policy = { level: c.level, version: ParseVersion(c.version).value };
      recorder.recordEvaluation(c.decision, policy, c.mode, {
        operation: c.operation,
        resource: c.resource,
        subresource: '',
      });
      expect(await gathered(registry, 'pod_security_evaluations_total')).toEqual(
        expected('pod_security_evaluations_total', c.want),
      );
      recorder.reset();
    }
  });

  it.each(
    operations.flatMap((operation) =>
      resources.flatMap(([resource, name]) =>
        ['', 'ephemeralcontainers'].map((subresource) => ({ operation, resource, name, subresource })),
      ),
    ),
  )('records an exemption for $operation $resource.resource/$subresource', async (c) => {
    const { registry, recorder } = setup();
    recorder.recordExemption({ operation: c.operation, resource: c.resource, subresource: c.subresource });
    expect(await gathered(registry, 'pod_security_exemptions_total')).toEqual(
      expected(
        'pod_security_exemptions_total',
        `pod_security_exemptions_total{request_operation="${c.operation.toLowerCase()}",resource="${c.name}",subresource="${c.subresource}"} 1`,
      ),
    );
  });

  it.each(
    [true, false].flatMap((fatal) =>
      operations.flatMap((operation) =>
        resources.map(([resource, name]) => ({ fatal, operation, resource, name })),
      ),
    ),
  )('records an error fatal=$fatal for $operation $resource.resource', async (c) => {
    const { registry, recorder } = setup();
    recorder.recordError(c.fatal, { operation: c.operation, resource: c.resource, subresource: '' });
    expect(await gathered(registry, 'pod_security_errors_total')).toEqual(
      expected(
        'pod_security_errors_total',
        `pod_security_errors_total{fatal="${c.fatal}",request_operation="${c.operation.toLowerCase()}",resource="${c.name}",subresource=""} 1`,
      ),
    );
  });

  it('exports the cached series at 0 before anything is recorded', async () => {
    const { registry } = setup();
    const text = await registry.metrics();
    for (const line of [
      ...(cached.pod_security_evaluations_total ?? []),
      ...(cached.pod_security_exemptions_total ?? []),
    ]) {
      expect(text).toContain(`${line} 0\n`);
    }
    expect(text).not.toContain('pod_security_errors_total{');
  });

  it('counts repeated evaluations on the same series', async () => {
    const { registry, recorder } = setup();
    const attrs = {
      operation: 'CREATE',
      resource: { group: '', version: 'v1', resource: 'pods' },
      subresource: '',
    };
    recorder.recordEvaluation(
      'allow',
      { level: 'privileged', version: MajorMinorVersion(1, 30) },
      'enforce',
      attrs,
    );
    recorder.recordEvaluation(
      'allow',
      { level: 'privileged', version: ParseVersion('latest').value },
      'enforce',
      attrs,
    );
    expect(await registry.metrics()).toContain(`${cached.pod_security_evaluations_total?.[0]} 2\n`);
  });
});

describe('label helpers', () => {
  it.each([
    // core pods and namespaces by name
    [{ group: '', version: 'v1', resource: 'pods' }, 'pod'],
    [{ group: '', version: 'v1', resource: 'namespaces' }, 'namespace'],
    // pods in another group are not core pods
    [{ group: 'example.com', version: 'v1', resource: 'pods' }, 'controller'],
    [{ group: '', version: 'v1', resource: 'replicationcontrollers' }, 'controller'],
  ] as [GroupVersionResource, string][])('resourceLabel(%j) = %s', (gvr, want) => {
    expect(resourceLabel(gvr)).toBe(want);
  });

  it.each([
    ['CREATE', 'create'],
    ['UPDATE', 'update'],
    // other operations are lowercased
    ['DELETE', 'delete'],
    ['CONNECT', 'connect'],
  ])('operationLabel(%s) = %s', (op, want) => {
    expect(operationLabel(op)).toBe(want);
  });
});
