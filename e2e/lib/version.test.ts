import { describe, expect, it } from 'vitest';
import { describeServerVersion, minorOfVersionString, serverVersionOf } from './version.js';

const devBuild = {
  major: '',
  minor: '',
  gitVersion: 'v0.0.0-master+89aaf7c02dd33415ac994cecfddca7c02ed75834',
};

describe('serverVersionOf', () => {
  it('reads major/minor, with a vendor "+"', () => {
    expect(
      serverVersionOf('c', 200, { major: '1', minor: '33+', gitVersion: 'v1.33.2-gke.1' }, undefined),
    ).toEqual({
      gitVersion: 'v1.33.2-gke.1',
      minor: 33,
      source: 'major/minor',
    });
  });

  it('reads gitVersion when major/minor are empty', () => {
    const v = serverVersionOf('c', 200, { ...devBuild, gitVersion: 'v1.25.0-alpha.2.1+abc' }, 'v1.20');
    expect(v).toEqual({ gitVersion: 'v1.25.0-alpha.2.1+abc', minor: 25, source: 'gitVersion' });
    expect(describeServerVersion(v)).toBe(
      'v1.25.0-alpha.2.1+abc, assumed v1.25 (from gitVersion; /version has no major/minor)',
    );
  });

  it('takes E2E_KUBERNETES_VERSION for an untagged development build, and says so', () => {
    const v = serverVersionOf('webhook', 200, devBuild, 'v1.25');
    expect(v).toEqual({ gitVersion: devBuild.gitVersion, minor: 25, source: 'E2E_KUBERNETES_VERSION' });
    expect(describeServerVersion(v)).toBe(`${devBuild.gitVersion}, assumed v1.25 (E2E_KUBERNETES_VERSION)`);
    expect(serverVersionOf('webhook', 200, devBuild, '1.25.3').minor).toBe(25);
  });

  it('asks for E2E_KUBERNETES_VERSION when nothing names a version', () => {
    expect(() => serverVersionOf('webhook', 200, devBuild, undefined)).toThrow(
      'webhook: GET /version names no Kubernetes version (major "", minor "", gitVersion "v0.0.0-master+89aaf7c02dd33415ac994cecfddca7c02ed75834"): set E2E_KUBERNETES_VERSION=v1.N to the version it was built from',
    );
    expect(() => serverVersionOf('webhook', 200, devBuild, 'latest')).toThrow(
      'E2E_KUBERNETES_VERSION must be v1.N (e.g. v1.25), got "latest"',
    );
  });

  it('reports an answer that is not a version', () => {
    expect(() => serverVersionOf('builtin', 403, { kind: 'Status' }, 'v1.25')).toThrow(
      'builtin: GET /version answered 403 {"kind":"Status"}',
    );
  });

  it('parses version strings strictly', () => {
    expect(minorOfVersionString('v1.25.3')).toBe(25);
    expect(minorOfVersionString('v1.9')).toBe(9);
    expect(minorOfVersionString('v1.250x')).toBeUndefined();
    expect(minorOfVersionString('v2.1.0')).toBeUndefined();
  });
});
