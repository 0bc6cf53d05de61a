// Scenario (d): the backward-compatibility diff. Scenarios (a), (b) and (c) without any
// ephemeral-* label run on the webhook cluster and on the built-in plugin's cluster; the
// outcomes are written to e2e/out/ and must be identical.
import { describe, expect, it } from 'vitest';
import { Cluster } from './lib/cluster.js';
import { comparableOutcomes, diffOutcomes, writeJSONFile } from './lib/compat.js';
import { ephemeralPlans } from './lib/ephemeral.js';
import { namespacePlans } from './lib/namespaces.js';
import { deletePlanNamespaces, runPlans, type Plan } from './lib/plan.js';
import { namespacePrefix, outDir, settingsFromEnv, type E2ESettings } from './lib/settings.js';
import { resolveLatestMinor, upstreamPlans } from './lib/upstream.js';

const settings = settingsFromEnv();

async function compatPlans(s: E2ESettings, latestMinor: number): Promise<Plan[]> {
  return [
    ...(await upstreamPlans(namespacePrefix(s, 'd-a'), latestMinor)),
    ...namespacePlans(namespacePrefix(s, 'd-b'), false),
    ...ephemeralPlans(namespacePrefix(s, 'd-c'), false),
  ];
}

describe.skipIf(!settings?.compareKubeconfig)('(d) backward compatibility', () => {
  it('answers every request without ephemeral labels exactly as the built-in plugin', async () => {
    const s = settings as E2ESettings;
    const webhook = new Cluster('webhook', s.kubeconfig);
    const builtin = new Cluster('builtin', s.compareKubeconfig ?? '');
    const latestMinor = await resolveLatestMinor(s.latestVersion, [webhook, builtin]);
    const plans = await compatPlans(s, latestMinor);
    try {
      const [w, b] = await Promise.all([runPlans(webhook, plans), runPlans(builtin, plans)]);
      const webhookOutcomes = comparableOutcomes(plans, w);
      const builtinOutcomes = comparableOutcomes(plans, b);
      const differences = diffOutcomes(webhookOutcomes, builtinOutcomes);
      await writeJSONFile(outDir, 'compat-webhook.json', webhookOutcomes);
      await writeJSONFile(outDir, 'compat-builtin.json', builtinOutcomes);
      const file = await writeJSONFile(outDir, 'compat-diff.json', {
        webhook: { kubeconfig: s.kubeconfig, version: (await webhook.serverVersion()).gitVersion },
        builtin: { kubeconfig: s.compareKubeconfig, version: (await builtin.serverVersion()).gitVersion },
        latest: `v1.${latestMinor}`,
        requests: Object.keys(builtinOutcomes).length,
        differences,
      });
      expect(
        differences.map((d) => `${d.request}: ${d.fields.join(', ')}`),
        `outcomes differ, see ${file}`,
      ).toEqual([]);
    } finally {
      if (!s.keepNamespaces)
        await Promise.all([deletePlanNamespaces(webhook, plans), deletePlanNamespaces(builtin, plans)]);
    }
  });
});
