// Scenario (a), upstream's live check (test/run.go) ported: per level and policy version, a
// namespace labelled enforce+warn, dry-run Pod creates of the pass/fail fixtures in
// conformance/fixtures and dry-run Deployment creates of the same pods.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getFixtures } from '../../conformance/generator/fixtures.js';
import { MajorMinorVersion, type Level, type Pod } from '../../src/api/index.js';
import { checkForFixture } from '../../src/conformance/expect.js';
import { parseFixture } from '../../src/conformance/pod.js';
import { UnknownForbiddenReason } from '../../src/policy/check.js';
import { defaultChecks } from '../../src/policy/checks/index.js';
import type { Cluster, Outcome } from './cluster.js';
import type { Expectation, Plan, Step } from './plan.js';
import {
  createDefaultServiceAccount,
  createDeployment,
  createNamespace,
  createPod,
  deploymentOf,
  psaLabels,
} from './requests.js';
import { repoRoot } from './settings.js';

export const liveLevels: readonly Level[] = ['baseline', 'restricted'];
/** The policy versions exercised: the oldest, two with policy changes, and latest. */
export const liveVersions = ['v1.0', 'v1.22', 'v1.25', 'latest'] as const;
export type LiveVersion = (typeof liveVersions)[number];

const fixturesDir = join(repoRoot, 'conformance', 'fixtures');

export interface LiveFixture {
  readonly kind: 'pass' | 'fail';
  /** File name without .yaml, e.g. "hostports0". */
  readonly name: string;
  readonly pod: Pod;
  /** Fail fixtures: what the error (or warning) must contain; upstream's expectErrorSubstring. */
  readonly expectErrorSubstring: string;
  /** Fail fixtures that API validation rejects too, so controllers fail instead of warning. */
  readonly failRequiresError: boolean;
}

/** The newest v1.N folder under conformance/fixtures/<level>. */
export async function newestFixtureMinor(level: Level = 'baseline'): Promise<number> {
  const minors = (await readdir(join(fixturesDir, level)))
    .map((d) => /^v1\.(\d+)$/.exec(d)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number);
  if (minors.length === 0) throw new Error(`${fixturesDir}/${level}: no v1.N folders (run make docs)`);
  return Math.max(...minors);
}

/** The fixture folder's minor for a label version, or undefined when the cluster's latest is older. */
export function fixtureMinor(version: LiveVersion, latestMinor: number): number | undefined {
  if (version === 'latest') return latestMinor;
  const minor = Number(version.slice('v1.'.length));
  return minor <= latestMinor ? minor : undefined;
}

async function yamlNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function failMetadata(level: Level, minor: number, name: string): Omit<LiveFixture, 'kind' | 'name' | 'pod'> {
  const check = checkForFixture(defaultChecks, name);
  if (!check) throw new Error(`${level}/v1.${minor}/fail/${name}.yaml: no check is named after it`);
  const data = getFixtures({ level, version: MajorMinorVersion(1, minor), check: check.id });
  return { expectErrorSubstring: data.expectErrorSubstring, failRequiresError: data.failRequiresError };
}

/** The pass and fail fixtures of a level and version (fail-ephemeral twins cannot be created). */
export async function loadLiveFixtures(level: Level, minor: number): Promise<LiveFixture[]> {
  const out: LiveFixture[] = [];
  for (const kind of ['pass', 'fail'] as const) {
    const dir = join(fixturesDir, level, `v1.${minor}`, kind);
    for (const file of await yamlNames(dir)) {
      const name = file.replace(/\.yaml$/, '');
      const pod = parseFixture(join(dir, file), await readFile(join(dir, file), 'utf8'));
      const meta =
        kind === 'fail'
          ? failMetadata(level, minor, name)
          : { expectErrorSubstring: '', failRequiresError: false };
      out.push({ kind, name, pod, ...meta });
    }
  }
  if (out.length === 0) throw new Error(`${fixturesDir}/${level}/v1.${minor}: no fixtures`);
  return out;
}

/** Upstream's createPod: the fixture named "test" running as the "default" service account. */
export function livePod(f: LiveFixture): Pod {
  return {
    ...f.pod,
    metadata: { ...f.pod.metadata, name: 'test' },
    spec: { ...f.pod.spec, serviceAccountName: 'default' },
  };
}

function unknownReason(text: string): string | undefined {
  return text.includes(UnknownForbiddenReason) ? `unexpected "${UnknownForbiddenReason}"` : undefined;
}

/** Upstream createPod: pass fixtures are allowed; fail fixtures are rejected naming the check. */
export function podExpectation(f: LiveFixture): Expectation {
  return (o: Outcome) => {
    if (f.kind === 'pass') return o.allowed ? undefined : 'expected allowed';
    if (o.allowed) return 'expected an error';
    if (!o.message.includes(f.expectErrorSubstring))
      return `expected an error containing "${f.expectErrorSubstring}"`;
    return unknownReason(o.message);
  };
}

/** Upstream createController: fail fixtures give warnings naming the check (or an error, if they must). */
export function controllerExpectation(f: LiveFixture): Expectation {
  return (o: Outcome) => {
    if (f.kind === 'fail' && f.failRequiresError && o.allowed) return 'expected an error';
    if (!o.allowed && !(f.kind === 'fail' && f.failRequiresError)) return 'expected allowed';
    const text = o.allowed ? o.warnings.join('; ') : o.message;
    if (f.kind === 'pass') return unknownReason(text);
    if (text.length === 0) return 'expected warnings';
    if (!text.includes(f.expectErrorSubstring))
      return `expected a warning containing "${f.expectErrorSubstring}"`;
    return unknownReason(text);
  };
}

/** The namespace name of a level and version, e.g. psa-e2e-1a2b3c-a-baseline-v1-22. */
export function liveNamespace(prefix: string, level: Level, version: LiveVersion): string {
  return `${prefix}-${level}-${version.replace('.', '-')}`;
}

/** One plan per level and version: the namespace, its service account, then every fixture twice. */
export function upstreamPlan(
  prefix: string,
  level: Level,
  version: LiveVersion,
  fixtures: readonly LiveFixture[],
): Plan {
  const ns = liveNamespace(prefix, level, version);
  const labels = psaLabels({
    enforce: level,
    'enforce-version': version,
    warn: level,
    'warn-version': version,
  });
  const steps: Step[] = [
    { id: 'namespace', request: createNamespace(ns, labels), setup: true },
    { id: 'serviceaccount', request: createDefaultServiceAccount(ns), setup: 'may-exist' },
  ];
  for (const f of fixtures) {
    const pod = livePod(f);
    steps.push(
      {
        id: `pod ${f.kind}/${f.name}`,
        request: createPod(ns, pod, true),
        expect: podExpectation(f),
        subject: `${f.kind}/${f.name}`,
      },
      {
        id: `deployment ${f.kind}/${f.name}`,
        request: createDeployment(ns, deploymentOf(pod), true),
        expect: controllerExpectation(f),
        subject: `${f.kind}/${f.name}`,
      },
    );
  }
  return { name: ns, namespaces: [ns], steps };
}

/** Plans for every level and version the cluster knows; latestMinor picks the `latest` fixtures. */
export async function upstreamPlans(prefix: string, latestMinor: number): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const level of liveLevels) {
    for (const version of liveVersions) {
      const minor = fixtureMinor(version, latestMinor);
      if (minor === undefined) continue;
      plans.push(upstreamPlan(prefix, level, version, await loadLiveFixtures(level, minor)));
    }
  }
  return plans;
}

/**
 * The minor version `latest` stands for: E2E_LATEST_VERSION when set, else the oldest API server
 * among the clusters (the webhook emulates the compared cluster's version), capped at the newest
 * fixtures.
 */
export async function resolveLatestMinor(
  latestVersion: string | undefined,
  clusters: readonly Cluster[],
): Promise<number> {
  const newest = await newestFixtureMinor();
  if (latestVersion !== undefined) {
    const m = /^v1\.(\d+)$/.exec(latestVersion);
    if (!m) throw new Error(`E2E_LATEST_VERSION must be v1.N, got ${JSON.stringify(latestVersion)}`);
    return Math.min(Number(m[1]), newest);
  }
  const minors = await Promise.all(clusters.map(async (c) => (await c.serverVersion()).minor));
  return Math.min(newest, ...minors);
}
