// Scenario (c): ephemeral containers added to pods that exist (created for real, never run) under
// every ephemeral-enforce level, both through a raw pods/ephemeralcontainers patch and with
// `kubectl debug --profile=...`, plus a tainted pod whose privileged debugger keeps it failing.
import { afterAll, describe, expect, it } from 'vitest';
import { profileNames } from '../src/demo/profiles.js';
import { Cluster } from './lib/cluster.js';
import {
  debuggerName,
  debugPlan,
  ephemeralNamespaces,
  targetPodName,
  taintedPodPlan,
  type DebugNamespace,
} from './lib/ephemeral.js';
import { kubectlDebug } from './lib/kubectl.js';
import { deletePlanNamespaces, describeOutcome, runPlans, unmetExpectations, type Plan } from './lib/plan.js';
import { namespacePrefix, settingsFromEnv } from './lib/settings.js';

const settings = settingsFromEnv();
const prefix = settings ? namespacePrefix(settings, 'c') : 'unset';

/** Runs `kubectl debug` for every profile against the namespace's kubectl-<profile> pods. */
async function kubectlProblems(kubeconfig: string, ns: DebugNamespace, plan: Plan): Promise<string[]> {
  const problems: string[] = [];
  for (const p of profileNames) {
    const o = await kubectlDebug(kubeconfig, plan.name, targetPodName('kubectl', p), p, debuggerName(p));
    const problem = ns.expect?.[p](o);
    if (problem !== undefined)
      problems.push(`${plan.name}/kubectl debug --profile=${p}: ${problem}; got ${describeOutcome(o)}`);
  }
  return problems;
}

describe.skipIf(!settings)('(c) ephemeral containers', () => {
  const cluster = settings
    ? new Cluster('webhook', settings.kubeconfig, settings.kubernetesVersion)
    : undefined;
  const ran: Plan[] = [];
  afterAll(async () => {
    if (cluster && !settings?.keepNamespaces) await deletePlanNamespaces(cluster, ran);
  });

  it.for(ephemeralNamespaces)('$suffix: $labels', async (ns) => {
    const plan = debugPlan(prefix, ns, true);
    ran.push(plan);
    const outcomes = await runPlans(cluster as Cluster, [plan]);
    const problems = unmetExpectations([plan], outcomes);
    problems.push(...(await kubectlProblems(settings?.kubeconfig ?? '', ns, plan)));
    expect(problems).toEqual([]);
  });

  it('a tainted pod stays tainted until the namespace loosens', async () => {
    const plan = taintedPodPlan(prefix);
    ran.push(plan);
    expect(unmetExpectations([plan], await runPlans(cluster as Cluster, [plan]))).toEqual([]);
  });
});
