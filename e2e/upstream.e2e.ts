// Scenario (a): upstream's live check (test/run.go) against the webhook cluster, for policy
// versions v1.0, v1.22, v1.25 and latest at both levels, with this project's fixtures. Fixtures
// whose fields the API server drops (a feature gate off) are reported as not applicable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Level } from '../src/api/index.js';
import { Cluster } from './lib/cluster.js';
import { assessPlans, deletePlanNamespaces, runPlans, type NotApplicable, type Plan } from './lib/plan.js';
import { writeSummary } from './lib/report.js';
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
import { describeServerVersion } from './lib/version.js';

const settings = settingsFromEnv();
const cases: Array<[Level, LiveVersion]> = liveLevels.flatMap((l) =>
  liveVersions.map((v): [Level, LiveVersion] => [l, v]),
);

/** e.g. `baseline v1.25 fail/procmount0: the API server did not keep spec.hostUsers` */
function describeNotApplicable(level: Level, version: LiveVersion, n: NotApplicable): string {
  return `${level} ${version} ${n.subject}: the API server did not keep ${n.dropped.join(', ')}`;
}

describe.skipIf(!settings)('(a) upstream live check', () => {
  let cluster: Cluster;
  let latestMinor: number;
  const ran: Plan[] = [];
  const summary: string[] = [];
  const notApplicable: string[] = [];
  let checked = 0;

  beforeAll(async () => {
    cluster = new Cluster('webhook', settings?.kubeconfig ?? '', settings?.kubernetesVersion);
    latestMinor = await resolveLatestMinor(settings?.latestVersion, [cluster]);
    summary.push(
      `(a) webhook cluster ${describeServerVersion(await cluster.serverVersion())}; latest = v1.${latestMinor}`,
    );
  });
  afterAll(async () => {
    if (summary.length === 0) return; // beforeAll failed: the error says why
    summary.push(
      `(a) ${checked} fixtures checked; ${notApplicable.length} not applicable (the API server did not keep a field as sent: a feature gate off)`,
      ...notApplicable.map((n) => `(a)   not applicable: ${n}`),
    );
    await writeSummary('a', summary);
  });
  afterAll(async () => {
    if (cluster && !settings?.keepNamespaces) await deletePlanNamespaces(cluster, ran);
  });

  it.for(cases)('%s %s: pods are allowed or denied, deployments warned', async ([level, version], ctx) => {
    const minor = fixtureMinor(version, latestMinor);
    if (minor === undefined) ctx.skip(`the cluster's latest is v1.${latestMinor}`);
    const prefix = namespacePrefix(settings as NonNullable<typeof settings>, 'a');
    const fixtures = await loadLiveFixtures(level, minor as number);
    const plan = upstreamPlan(prefix, level, version, fixtures);
    ran.push(plan);
    const { problems, notApplicable: na } = assessPlans([plan], await runPlans(cluster, [plan]));
    checked += fixtures.length - na.length;
    notApplicable.push(...na.map((n) => describeNotApplicable(level, version, n)));
    expect(problems, `${plan.name} (fixtures v1.${minor})`).toEqual([]);
  });
});
