// Scenario (a): upstream's live check (test/run.go) against the webhook cluster, for policy
// versions v1.0, v1.22, v1.25 and latest at both levels, with this project's fixtures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Level } from '../src/api/index.js';
import { Cluster } from './lib/cluster.js';
import { deletePlanNamespaces, runPlans, unmetExpectations, type Plan } from './lib/plan.js';
import { namespacePrefix, settingsFromEnv } from './lib/settings.js';
import {
  fixtureMinor,
  liveLevels,
  liveVersions,
  loadLiveFixtures,
  resolveLatestMinor,
  upstreamPlan,
  type LiveVersion,
} from './lib/upstream.js';

const settings = settingsFromEnv();
const cases: Array<[Level, LiveVersion]> = liveLevels.flatMap((l) =>
  liveVersions.map((v): [Level, LiveVersion] => [l, v]),
);

describe.skipIf(!settings)('(a) upstream live check', () => {
  let cluster: Cluster;
  let latestMinor: number;
  const ran: Plan[] = [];

  beforeAll(async () => {
    cluster = new Cluster('webhook', settings?.kubeconfig ?? '');
    latestMinor = await resolveLatestMinor(settings?.latestVersion, [cluster]);
  });
  afterAll(async () => {
    if (!settings?.keepNamespaces) await deletePlanNamespaces(cluster, ran);
  });

  it.for(cases)('%s %s: pods are allowed or denied, deployments warned', async ([level, version], ctx) => {
    const minor = fixtureMinor(version, latestMinor);
    if (minor === undefined) ctx.skip(`the cluster's latest is v1.${latestMinor}`);
    const prefix = namespacePrefix(settings as NonNullable<typeof settings>, 'a');
    const plan = upstreamPlan(prefix, level, version, await loadLiveFixtures(level, minor as number));
    ran.push(plan);
    const outcomes = await runPlans(cluster, [plan]);
    expect(unmetExpectations([plan], outcomes), `${plan.name} (fixtures v1.${minor})`).toEqual([]);
  });
});
