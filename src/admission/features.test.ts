import { describe, expect, it } from 'vitest';
import { defaultFeatureGates, ignoredEphemeralDefaults, parseFeatureGates } from './features.js';

describe('parseFeatureGates', () => {
  it('defaults the ephemeral levels gate on', () => {
    expect(defaultFeatureGates).toEqual({ PodSecurityEphemeralLevels: true });
    expect(parseFeatureGates('')).toEqual({ PodSecurityEphemeralLevels: true });
  });

  it.each([
    // Go's strconv.ParseBool spellings, spaces trimmed, empty items skipped, the last one wins
    { value: 'PodSecurityEphemeralLevels=false', on: false },
    { value: ' PodSecurityEphemeralLevels = F ', on: false },
    { value: 'PodSecurityEphemeralLevels=0,', on: false },
    { value: 'PodSecurityEphemeralLevels=false,PodSecurityEphemeralLevels=TRUE', on: true },
    { value: ',PodSecurityEphemeralLevels=1', on: true },
    { value: 'PodSecurityEphemeralLevels=True', on: true },
  ])('reads $value', ({ value, on }) => {
    expect(parseFeatureGates(value)).toEqual({ PodSecurityEphemeralLevels: on });
  });

  it.each([
    // component-base featuregate messages
    { value: 'Foo=true', error: 'unrecognized feature gate: Foo' },
    { value: 'PodSecurityEphemeralLevels', error: 'missing bool value for PodSecurityEphemeralLevels' },
    {
      value: 'PodSecurityEphemeralLevels=yes',
      error:
        'invalid value of PodSecurityEphemeralLevels=yes, err: strconv.ParseBool: parsing "yes": invalid syntax',
    },
  ])('refuses $value', ({ value, error }) => {
    expect(() => parseFeatureGates(value)).toThrow(error);
  });
});

describe('ignoredEphemeralDefaults', () => {
  it('names the configuration keys that are set, in configuration order', () => {
    expect(ignoredEphemeralDefaults({})).toEqual([]);
    expect(
      ignoredEphemeralDefaults({ warnVersion: { latest: true, major: 0, minor: 0 }, enforce: 'baseline' }),
    ).toEqual(['ephemeral-enforce', 'ephemeral-warn-version']);
  });
});
