// Scenario (b): namespace label validation (regular and ephemeral-* labels, on create and update)
// and the dry-run warnings when enforce or ephemeral-enforce tightens over existing pods.
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster } from './lib/cluster.js';
import { namespacePlans } from './lib/namespaces.js';
import { deletePlanNamespaces, runPlans, unmetExpectations } from './lib/plan.js';
import { namespacePrefix, settingsFromEnv } from './lib/settings.js';

const settings = settingsFromEnv();
const prefix = settings ? namespacePrefix(settings, 'b') : 'unset';
const plans = namespacePlans(prefix, true);

describe.skipIf(!settings)('(b) namespace labels', () => {
  const cluster = settings
    ? new Cluster('webhook', settings.kubeconfig, settings.kubernetesVersion)
    : undefined;
  afterAll(async () => {
    if (cluster && !settings?.keepNamespaces) await deletePlanNamespaces(cluster, plans);
  });

  it.for(plans)('$name', async (plan) => {
    const outcomes = await runPlans(cluster as Cluster, [plan]);
    expect(unmetExpectations([plan], outcomes)).toEqual([]);
  });
});
