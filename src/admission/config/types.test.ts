import { describe, expect, it } from 'vitest';
import { LatestVersion, MajorMinorVersion } from '../../api/index.js';
import { ConfigError } from './fielderrors.js';
import { toPolicy, type PodSecurityDefaults } from './types.js';

const base: PodSecurityDefaults = {
  enforce: 'privileged',
  enforceVersion: 'latest',
  audit: 'privileged',
  auditVersion: 'latest',
  warn: 'privileged',
  warnVersion: 'latest',
};

function errorOf(defaults: PodSecurityDefaults): string {
  try {
    toPolicy(defaults);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected toPolicy to throw');
}

describe('toPolicy', () => {
  it('converts the regular defaults; no ephemeral key gives no ephemeral default', () => {
    const r = toPolicy({ ...base, enforce: 'restricted', enforceVersion: 'v1.25', warn: 'baseline' });
    expect(r.policy).toEqual({
      enforce: { level: 'restricted', version: MajorMinorVersion(1, 25) },
      audit: { level: 'privileged', version: LatestVersion() },
      warn: { level: 'baseline', version: LatestVersion() },
    });
    expect(r.ephemeral).toStrictEqual({});
  });

  it('converts the ephemeral keys that are set and only those ("" is unset)', () => {
    const r = toPolicy({
      ...base,
      ephemeralEnforce: 'baseline',
      ephemeralEnforceVersion: 'v1.30',
      ephemeralWarn: 'restricted',
      ephemeralAuditVersion: 'latest',
      ephemeralAudit: '',
    });
    expect(r.ephemeral).toStrictEqual({
      enforce: 'baseline',
      enforceVersion: MajorMinorVersion(1, 30),
      warn: 'restricted',
      auditVersion: LatestVersion(),
    });
  });

  it.each([
    // upstream: every regular key is required
    { name: 'one required', defaults: { ...base, enforce: '' }, want: 'enforce: required' },
    {
      name: 'all required, in upstream order',
      defaults: { enforce: '', enforceVersion: '', audit: '', auditVersion: '', warn: '', warnVersion: '' },
      want: '[enforce: required, enforce-version: required, audit: required, audit-version: required, warn: required, warn-version: required]',
    },
    {
      name: 'invalid level',
      defaults: { ...base, audit: 'bogus' },
      want: 'audit: must be one of privileged, baseline, restricted',
    },
    {
      name: 'invalid version',
      defaults: { ...base, warnVersion: 'v1.02' },
      want: 'warn-version: must be "latest" or "v1.x"',
    },
    // extension keys are checked like the regular ones when set
    {
      name: 'invalid ephemeral level',
      defaults: { ...base, ephemeralEnforce: 'Baseline' },
      want: 'ephemeral-enforce: must be one of privileged, baseline, restricted',
    },
    {
      name: 'invalid ephemeral version after a regular error',
      defaults: { ...base, enforce: 'x', ephemeralAuditVersion: 'v2.0' },
      want: '[enforce: must be one of privileged, baseline, restricted, ephemeral-audit-version: must be "latest" or "v1.x"]',
    },
  ])('fails: $name', ({ defaults, want }) => {
    expect(errorOf(defaults)).toBe(want);
  });
});
