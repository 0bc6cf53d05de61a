// Minimal valid pods per level and version, and the registry of fixture generators per check
// (upstream test/fixtures.go). The registry is an explicit list: add each fixtures_<check>.ts here.
import {
  LevelBaseline,
  LevelRestricted,
  versionOlder,
  versionString,
  type Level,
  type Version,
} from '../../src/api/index.js';
import type { Check, CheckID } from '../../src/policy/check.js';
import { allowPrivilegeEscalationFixtures } from './fixtures_allowPrivilegeEscalation.js';
import { appArmorProfileFixtures } from './fixtures_appArmorProfile.js';
import { capabilitiesBaselineFixtures } from './fixtures_capabilities_baseline.js';
import { capabilitiesRestrictedFixtures } from './fixtures_capabilities_restricted.js';
import { hostNamespacesFixtures } from './fixtures_hostNamespaces.js';
import { hostPathVolumesFixtures } from './fixtures_hostPathVolumes.js';
import { hostPortsFixtures } from './fixtures_hostPorts.js';
import { hostProbesAndHostLifecycleFixtures } from './fixtures_hostProbesAndHostLifecycle.js';
import { privilegedFixtures } from './fixtures_privileged.js';
import { procMountFixtures } from './fixtures_procMount.js';
import { restrictedVolumesFixtures } from './fixtures_restrictedVolumes.js';
import { runAsNonRootFixtures } from './fixtures_runAsNonRoot.js';
import { runAsUserFixtures } from './fixtures_runAsUser.js';
import { seLinuxOptionsFixtures } from './fixtures_seLinuxOptions.js';
import { seccompProfileBaselineFixtures } from './fixtures_seccompProfile_baseline.js';
import { seccompProfileRestrictedFixtures } from './fixtures_seccompProfile_restricted.js';
import { sysctlsFixtures } from './fixtures_sysctls.js';
import { windowsHostProcessFixtures } from './fixtures_windowsHostProcess.js';
import { container, initContainer, podSC, sc, tweak, type FixturePod } from './helpers.js';

/** The minor version from which the OS-specific minimal pods (base_linux, base_windows) are rendered. */
export const podOSBasedRestrictionEnabledVersion = 29;

type PodsByVersion = ReadonlyMap<number, FixturePod>;

function addOS(pod: FixturePod, name: 'linux' | 'windows'): FixturePod {
  return tweak(pod, (p) => {
    p.spec.os = { name };
  });
}

// Minimal valid baseline pod; it must remain valid for all versions.
const baseline_1_0: FixturePod = {
  metadata: {},
  spec: {
    initContainers: [{ name: 'initcontainer1', image: 'registry.k8s.io/pause' }],
    containers: [{ name: 'container1', image: 'registry.k8s.io/pause' }],
  },
};

// Restricted 1.0+: baseline + runAsNonRoot=true.
const restricted_1_0 = tweak(baseline_1_0, (p) => {
  p.spec.securityContext = { runAsNonRoot: true };
});
// 1.8+: allowPrivilegeEscalation=false.
const restricted_1_8 = tweak(restricted_1_0, (p) => {
  container(p).securityContext = { allowPrivilegeEscalation: false };
  initContainer(p).securityContext = { allowPrivilegeEscalation: false };
});
// 1.19+: seccompProfile.type=RuntimeDefault.
const restricted_1_19 = tweak(restricted_1_8, (p) => {
  delete p.metadata.annotations;
  podSC(p).seccompProfile = { type: 'RuntimeDefault' };
});
// 1.22+: capabilities.drop=["ALL"].
const restricted_1_22 = tweak(restricted_1_19, (p) => {
  sc(container(p)).capabilities = { drop: ['ALL'] };
  sc(initContainer(p)).capabilities = { drop: ['ALL'] };
});

type VersionedPods = ReadonlyArray<readonly [number, FixturePod]>;

const restrictedSteps: VersionedPods = [
  [0, restricted_1_0],
  [8, restricted_1_8],
  [19, restricted_1_19],
  [22, restricted_1_22],
];

function byVersion(pods: VersionedPods, f: (pod: FixturePod) => FixturePod = (p) => p): PodsByVersion {
  return new Map(pods.map(([minor, pod]) => [minor, f(pod)]));
}

/** Minimal valid OS-neutral pods per level and version. */
const minimalValidPods: ReadonlyMap<Level, PodsByVersion> = new Map([
  [LevelBaseline, byVersion([[0, baseline_1_0]])],
  // 1.25+: OS-specific changes only.
  [LevelRestricted, byVersion([...restrictedSteps, [25, restricted_1_22]])],
]);

/** Minimal valid linux pods per level and version. */
const minimalValidLinuxPods: ReadonlyMap<Level, PodsByVersion> = new Map([
  [LevelRestricted, byVersion([...restrictedSteps, [25, restricted_1_22]], (p) => addOS(p, 'linux'))],
]);

/** Minimal valid windows pods per level and version: none of the restricted requirements added
 * between 1.0 and 1.25 apply to pods that are explicitly Windows. */
const minimalValidWindowsPods: ReadonlyMap<Level, PodsByVersion> = new Map([
  [LevelRestricted, byVersion([...restrictedSteps, [25, restricted_1_0]], (p) => addOS(p, 'windows'))],
]);

function lookupPod(table: ReadonlyMap<Level, PodsByVersion>, level: Level, version: Version): FixturePod {
  const byVersion = table.get(level);
  for (let minor = version.minor; byVersion && minor >= 0; minor--) {
    const pod = byVersion.get(minor);
    if (pod) return structuredClone(pod);
  }
  throw new Error(
    `no valid pod fixture found in specified or older versions for ${level}/${versionString(version)}`,
  );
}

/** A copy of the minimal valid OS-neutral pod for the level and version. */
export function getMinimalValidPod(level: Level, version: Version): FixturePod {
  return lookupPod(minimalValidPods, level, version);
}

/** A copy of the minimal valid linux pod for the level and version. */
export function getMinimalValidLinuxPod(level: Level, version: Version): FixturePod {
  return lookupPod(minimalValidLinuxPods, level, version);
}

/** A copy of the minimal valid windows pod for the level and version. */
export function getMinimalValidWindowsPod(level: Level, version: Version): FixturePod {
  return lookupPod(minimalValidWindowsPods, level, version);
}

/** Generators for the valid and invalid fixtures of one check from one version on. */
export interface FixtureGenerator {
  /** A substring expected in the error for failed pods; the check ID when unset. */
  readonly expectErrorSubstring?: string;
  /** The failure cases cannot be created with warnings but fail API validation. */
  readonly failRequiresError?: boolean;
  /** Transforms a minimal valid pod into pods that pass the given level (may return none). */
  readonly generatePass: (pod: FixturePod, level: Level) => FixturePod[];
  /** Transforms a minimal valid pod into at least one pod that fails the check. */
  readonly generateFail: (pod: FixturePod) => FixturePod[];
}

export interface FixtureKey {
  readonly level: Level;
  readonly version: Version;
  readonly check: CheckID;
}

/** A generator registered for v1.x applies to v1.x+ until one is registered for a higher version. */
export interface FixtureRegistration {
  readonly key: FixtureKey;
  readonly generator: FixtureGenerator;
}

/** Every fixture generator, one list per upstream fixtures_<check>.go file. */
export const fixtureRegistrations: readonly FixtureRegistration[] = Object.freeze([
  ...allowPrivilegeEscalationFixtures,
  ...appArmorProfileFixtures,
  ...capabilitiesBaselineFixtures,
  ...capabilitiesRestrictedFixtures,
  ...hostNamespacesFixtures,
  ...hostPathVolumesFixtures,
  ...hostPortsFixtures,
  ...hostProbesAndHostLifecycleFixtures,
  ...privilegedFixtures,
  ...procMountFixtures,
  ...restrictedVolumesFixtures,
  ...runAsNonRootFixtures,
  ...runAsUserFixtures,
  ...seLinuxOptionsFixtures,
  ...seccompProfileBaselineFixtures,
  ...seccompProfileRestrictedFixtures,
  ...sysctlsFixtures,
  ...windowsHostProcessFixtures,
]);

function registryKey(level: Level, minor: number, check: CheckID): string {
  return `${level}:v1.${minor}:${check}`;
}

/** Indexes registrations; baseline generators also apply to restricted. Throws on duplicates. */
export function buildRegistry(
  registrations: readonly FixtureRegistration[],
): ReadonlyMap<string, FixtureGenerator> {
  const registry = new Map<string, FixtureGenerator>();
  for (const { key, generator } of registrations) {
    if (key.level !== LevelBaseline && key.level !== LevelRestricted) {
      throw new Error(`invalid fixture key ${registryKey(key.level, key.version.minor, key.check)}: level`);
    }
    if (key.version.latest || key.version.major !== 1) {
      throw new Error(`invalid fixture key for ${key.check}: version must be 1.0+`);
    }
    const levels = key.level === LevelBaseline ? [LevelBaseline, LevelRestricted] : [LevelRestricted];
    for (const level of levels) {
      const k = registryKey(level, key.version.minor, key.check);
      if (registry.has(k)) throw new Error(`fixture generator already registered for ${k}`);
      registry.set(k, generator);
    }
  }
  return registry;
}

const defaultRegistry = buildRegistry(fixtureRegistrations);

export interface FixtureData {
  readonly expectErrorSubstring: string;
  readonly failRequiresError: boolean;
  readonly pass: FixturePod[];
  readonly fail: FixturePod[];
}

/**
 * The fixtures for a level, version and check: the newest generator registered at or before the
 * version, applied to the minimal valid pod for the level and version.
 */
export function getFixtures(key: FixtureKey, registry = defaultRegistry): FixtureData {
  const valid = getMinimalValidPod(key.level, key.version);
  for (let minor = key.version.minor; minor >= 0; minor--) {
    const generator = registry.get(registryKey(key.level, minor, key.check));
    if (!generator) continue;
    const fail = generator.generateFail(structuredClone(valid));
    if (fail.length === 0) {
      throw new Error(
        `generateFail for ${registryKey(key.level, minor, key.check)} must return at least one pod`,
      );
    }
    return {
      expectErrorSubstring: generator.expectErrorSubstring || key.check,
      failRequiresError: generator.failRequiresError === true,
      pass: generator.generatePass(structuredClone(valid), key.level),
      fail,
    };
  }
  throw new Error(
    `no fixture generator found in specified or older versions for ${registryKey(key.level, key.version.minor, key.check)}`,
  );
}

/** IDs of the checks that apply at a level and version (restricted includes baseline), in list order. */
export function checksForLevelAndVersion(
  checks: readonly Check[],
  level: Level,
  version: Version,
): CheckID[] {
  return checks
    .filter((c) => {
      const first = c.versions[0]?.minimumVersion;
      return (
        first !== undefined &&
        !versionOlder(version, first) &&
        (c.level === level || level === LevelRestricted)
      );
    })
    .map((c) => c.id);
}
