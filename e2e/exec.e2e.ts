// Scenario (e): exec and attach into ephemeral containers by a tenant holding the built-in edit rules
// and an SRE who may also update pods/ephemeralcontainers (the KEP's "Exec and attach into an
// ephemeral container"); admission outcomes only.
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster } from './lib/cluster.js';
import { connectWebhooks, execPlans } from './lib/exec.js';
import { deletePlanNamespaces, runPlans, unmetExpectations, type Plan } from './lib/plan.js';
import { namespacePrefix, settingsFromEnv } from './lib/settings.js';

const settings = settingsFromEnv();
const prefix = settings ? namespacePrefix(settings, 'e') : 'unset';

describe.skipIf(!settings)('(e) exec and attach into ephemeral containers', () => {
  const cluster = settings ? new Cluster('webhook', settings.kubeconfig) : undefined;
  const plans: Plan[] = execPlans(prefix);
  afterAll(async () => {
    if (cluster && !settings?.keepNamespaces) await deletePlanNamespaces(cluster, plans);
  });

  it('has a webhook registered for CONNECT on pods/exec and pods/attach', async () => {
    const res = await (cluster as Cluster).send({
      method: 'GET',
      path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
    });
    expect(
      connectWebhooks(res.body),
      'register the exec entries of deploy/manifests/70-validatingwebhookconfiguration.yaml',
    ).not.toEqual([]);
  });

  it('refuses the tenant the relaxed debugger, admits the SRE, and leaves unlabelled namespaces alone', async () => {
    const outcomes = await runPlans(cluster as Cluster, plans);
    expect(unmetExpectations(plans, outcomes)).toEqual([]);
  });
});
