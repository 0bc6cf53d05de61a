// Preflight: the clusters answer, psa-ephemeral is the one judging pods on E2E_KUBECONFIG (the
// built-in PodSecurity plugin is off there), and E2E_COMPARE_KUBECONFIG runs the built-in plugin.
import { afterAll, describe, expect, it } from 'vitest';
import { appPod } from '../src/demo/profiles.js';
import { Cluster, type Outcome } from './lib/cluster.js';
import { allowed, denied } from './lib/expect.js';
import {
  deletePlanNamespaces,
  runPlans,
  unmetExpectations,
  type Expectation,
  type Plan,
} from './lib/plan.js';
import {
  createDefaultServiceAccount,
  createNamespace,
  createPod,
  podToCreate,
  psaLabels,
} from './lib/requests.js';
import { writeSummary } from './lib/report.js';
import { namespacePrefix, settingsFromEnv } from './lib/settings.js';
import { describeServerVersion } from './lib/version.js';

const settings = settingsFromEnv();
const prefix = settings ? namespacePrefix(settings, 'pre') : 'unset';
const webhookPrefix = 'admission webhook "';

function messageStartsWith(start: string, why: string): Expectation {
  return (o: Outcome) => (o.message.startsWith(start) ? undefined : why);
}

function both(...expectations: Expectation[]): Expectation {
  return (o: Outcome) => expectations.map((e) => e(o)).find((p) => p !== undefined);
}

/** A restricted namespace, a privileged pod dry-run, and a namespace with an invalid ephemeral label. */
function preflightPlan(builtin: boolean): Plan {
  const ns = `${prefix}-${builtin ? 'builtin' : 'webhook'}`;
  const invalid = `${ns}-invalid`;
  const pod = podToCreate(appPod('privileged', ns), 'privileged');
  const podDenied = builtin
    ? both(
        denied({ code: 403 }),
        messageStartsWith('pods "', 'expected the built-in PodSecurity plugin to deny'),
      )
    : both(
        denied({ code: 403, includes: ['violates PodSecurity "restricted:latest"'] }),
        messageStartsWith(
          webhookPrefix,
          'expected the webhook to deny: is the built-in PodSecurity plugin disabled?',
        ),
      );
  const labelAnswer = builtin
    ? allowed()
    : both(
        denied({
          code: 422,
          includes: ['pod-security.kubernetes.io/ephemeral-enforce]: Invalid value: "bogus"'],
        }),
        messageStartsWith(webhookPrefix, 'expected the webhook to reject it'),
      );
  return {
    name: ns,
    namespaces: [ns, invalid],
    steps: [
      { id: 'namespace', request: createNamespace(ns, psaLabels({ enforce: 'restricted' })), setup: true },
      { id: 'serviceaccount', request: createDefaultServiceAccount(ns), setup: 'may-exist' },
      { id: 'privileged pod', request: createPod(ns, pod, true), expect: podDenied },
      {
        id: 'ephemeral-enforce=bogus',
        request: {
          ...createNamespace(invalid, psaLabels({ 'ephemeral-enforce': 'bogus' })),
          query: { dryRun: 'All' },
        },
        expect: labelAnswer,
      },
    ],
  };
}

describe.skipIf(!settings)('preflight', () => {
  const clusters: Array<[Cluster, Plan]> = [];
  const summary: string[] = [];
  afterAll(async () => {
    await writeSummary('preflight', summary);
    if (settings?.keepNamespaces) return;
    await Promise.all(clusters.map(([c, p]) => deletePlanNamespaces(c, [p])));
  });

  it('E2E_KUBECONFIG runs psa-ephemeral, not the built-in PodSecurity plugin', async () => {
    const cluster = new Cluster('webhook', settings?.kubeconfig ?? '', settings?.kubernetesVersion);
    const version = await cluster.serverVersion();
    summary.push(`preflight: E2E_KUBECONFIG ${describeServerVersion(version)}`);
    const plan = preflightPlan(false);
    clusters.push([cluster, plan]);
    expect(
      unmetExpectations([plan], await runPlans(cluster, [plan])),
      `webhook cluster ${version.gitVersion}`,
    ).toEqual([]);
  });

  it.skipIf(!settings?.compareKubeconfig)(
    'E2E_COMPARE_KUBECONFIG runs the built-in PodSecurity plugin',
    async () => {
      const cluster = new Cluster('builtin', settings?.compareKubeconfig ?? '', settings?.kubernetesVersion);
      const version = await cluster.serverVersion();
      summary.push(`preflight: E2E_COMPARE_KUBECONFIG ${describeServerVersion(version)}`);
      const plan = preflightPlan(true);
      clusters.push([cluster, plan]);
      expect(
        unmetExpectations([plan], await runPlans(cluster, [plan])),
        `built-in cluster ${version.gitVersion}`,
      ).toEqual([]);
    },
  );
});
