import { describe, expect, it } from 'vitest';
import {
  LevelBaseline,
  LevelRestricted,
  MajorMinorVersion,
  ParseVersion,
  type Level,
  type PodSpec,
  type Version,
} from '../../api/index.js';
import { aggregateCheckResults } from '../check.js';
import { newEvaluator } from '../registry.js';
import { procMount, procMount_1_0 } from './procMount.js';
import { procMount_restricted } from './procMount_restricted.js';

const upstreamSpec: PodSpec = {
  containers: [
    { name: 'a', securityContext: null },
    { name: 'b', securityContext: {} },
    { name: 'c', securityContext: { procMount: 'Default' } },
    { name: 'd', securityContext: { procMount: 'Unmasked' } },
    { name: 'e', securityContext: { procMount: 'other' } },
  ],
};

describe('procMount_restricted descriptor', () => {
  it('runs the unconditional procMount check from 1.35 and overrides the baseline one', () => {
    expect(procMount_restricted.id).toBe('procMount_restricted');
    expect(procMount_restricted.level).toBe(LevelRestricted);
    expect(procMount_restricted.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 35), checkPod: procMount_1_0, overrideCheckIDs: ['procMount'] },
    ]);
  });
});

describe('procMount_restricted check (upstream TestProcMountRestricted)', () => {
  const checkPod = procMount_restricted.versions[0]?.checkPod ?? procMount_1_0;

  it.each([
    // user namespaces do not relax the restricted check
    { name: 'procMount, hostUsers true', hostUsers: true },
    { name: 'procMount, hostUsers false', hostUsers: false },
  ])('$name', ({ hostUsers }) => {
    const result = checkPod(undefined, { ...upstreamSpec, hostUsers });
    expect(result.allowed).toBe(false);
    expect(result.forbiddenReason).toBe('procMount');
    expect(result.forbiddenDetail).toBe(
      'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"',
    );
  });

  it('judges ephemeral containers in a user namespace and reports findings', () => {
    const result = checkPod(undefined, {
      hostUsers: false,
      containers: [{ name: 'app' }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { procMount: 'Unmasked' } }],
    });
    expect(result.forbiddenDetail).toBe(
      'container "debugger" must not set securityContext.procMount to "Unmasked"',
    );
    expect(result.findings).toEqual([
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.procMount',
      },
    ]);
  });
});

describe('procMount and procMount_restricted together', () => {
  const evaluator = newEvaluator([procMount, procMount_restricted]);
  const failed = (level: Level, version: Version, hostUsers: boolean) =>
    aggregateCheckResults(evaluator.evaluatePod({ level, version }, {}, { ...upstreamSpec, hostUsers }))
      .failedChecks;

  it.each([
    // before 1.35 the baseline check blocks unconditionally, for both levels
    { level: LevelBaseline, version: 'v1.34', hostUsers: false, failed: ['procMount'] },
    { level: LevelRestricted, version: 'v1.34', hostUsers: false, failed: ['procMount'] },
    // from 1.35 baseline relaxes for user namespaces
    { level: LevelBaseline, version: 'v1.35', hostUsers: false, failed: [] },
    { level: LevelBaseline, version: 'latest', hostUsers: true, failed: ['procMount'] },
    // from 1.35 restricted runs its own check instead of the baseline one
    { level: LevelRestricted, version: 'v1.35', hostUsers: false, failed: ['procMount_restricted'] },
    { level: LevelRestricted, version: 'latest', hostUsers: true, failed: ['procMount_restricted'] },
  ])('$level $version hostUsers=$hostUsers', ({ level, version, hostUsers, failed: want }) => {
    expect(failed(level, ParseVersion(version).value, hostUsers)).toEqual(want);
  });
});
