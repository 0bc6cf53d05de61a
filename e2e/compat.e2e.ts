// Scenario (d): the backward-compatibility diff. Scenarios (a), (b), (c) and (e) without any
// ephemeral-* label run on the webhook cluster and on the built-in plugin's cluster; the
// outcomes are written to e2e/out/ and must be identical, except for the historical upstream
// rewordings (lib/rewordings.ts) that the built-in cluster's version predates, listed apart.
import { describe, expect, it } from 'vitest';
import { Cluster } from './lib/cluster.js';
import { classifyDifferences, comparableOutcomes, diffOutcomes, writeJSONFile } from './lib/compat.js';
import { ephemeralPlans } from './lib/ephemeral.js';
import { execPlans } from './lib/exec.js';
import { namespacePlans } from './lib/namespaces.js';
import { deletePlanNamespaces, runPlans, type Plan } from './lib/plan.js';
import { writeSummary } from './lib/report.js';
import { rewordingsBefore } from './lib/rewordings.js';
import { namespacePrefix, outDir, settingsFromEnv, type E2ESettings } from './lib/settings.js';
import { resolveLatestMinor, upstreamPlans } from './lib/upstream.js';
import { describeServerVersion, type ServerVersion } from './lib/version.js';

const settings = settingsFromEnv();

async function compatPlans(s: E2ESettings, latestMinor: number): Promise<Plan[]> {
  return [
    ...(await upstreamPlans(namespacePrefix(s, 'd-a'), latestMinor)),
    ...namespacePlans(namespacePrefix(s, 'd-b'), false),
    ...ephemeralPlans(namespacePrefix(s, 'd-c'), false),
    ...execPlans(namespacePrefix(s, 'd-e'), false),
  ];
}

function versionRecord(v: ServerVersion): Record<string, string> {
  return { gitVersion: v.gitVersion, assumed: `v1.${v.minor}`, from: v.source };
}

describe.skipIf(!settings?.compareKubeconfig)('(d) backward compatibility', () => {
  it('answers every request without ephemeral labels exactly as the built-in plugin', async () => {
    const s = settings as E2ESettings;
    const webhook = new Cluster('webhook', s.kubeconfig, s.kubernetesVersion);
    const builtin = new Cluster('builtin', s.compareKubeconfig ?? '', s.kubernetesVersion);
    const [webhookVersion, builtinVersion] = await Promise.all([
      webhook.serverVersion(),
      builtin.serverVersion(),
    ]);
    const latestMinor = await resolveLatestMinor(s.latestVersion, [webhook, builtin]);
    const plans = await compatPlans(s, latestMinor);
    try {
      const [w, b] = await Promise.all([runPlans(webhook, plans), runPlans(builtin, plans)]);
      const webhookOutcomes = comparableOutcomes(plans, w);
      const builtinOutcomes = comparableOutcomes(plans, b);
      const applicable = rewordingsBefore(builtinVersion.minor);
      const { differences, excused } = classifyDifferences(
        diffOutcomes(webhookOutcomes, builtinOutcomes),
        applicable,
      );
      await writeJSONFile(outDir, 'compat-webhook.json', webhookOutcomes);
      await writeJSONFile(outDir, 'compat-builtin.json', builtinOutcomes);
      const requests = Object.keys(builtinOutcomes).length;
      const file = await writeJSONFile(outDir, 'compat-diff.json', {
        webhook: { kubeconfig: s.kubeconfig, version: versionRecord(webhookVersion) },
        builtin: { kubeconfig: s.compareKubeconfig, version: versionRecord(builtinVersion) },
        latest: `v1.${latestMinor}`,
        requests,
        differences,
        excusedRewordings: applicable.map((r) => ({
          check: r.check,
          commit: r.commit,
          firstRelease: `v1.${r.firstMinor}`,
          change: r.change,
        })),
        excused,
      });
      const byRewording = new Map<string, number>();
      for (const e of excused)
        for (const r of e.rewordings) byRewording.set(r, (byRewording.get(r) ?? 0) + 1);
      await writeSummary('d', [
        `(d) webhook cluster ${describeServerVersion(webhookVersion)}`,
        `(d) built-in cluster ${describeServerVersion(builtinVersion)}; latest = v1.${latestMinor}`,
        `(d) ${requests} requests compared: ${differences.length} differences, ${excused.length} excused as historical rewordings (${file})`,
        ...[...byRewording].map(([r, n]) => `(d)   excused: ${r}: ${n} answers`),
        ...excused.map(
          (e) => `(d)   excused: ${e.request} (${e.fields.join(', ')}; ${e.rewordings.join(', ')})`,
        ),
      ]);
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
