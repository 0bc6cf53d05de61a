// Feature gates of the ephemeral extension (the KEP's PodSecurityEphemeralLevels), parsed from
// --feature-gates as Kubernetes components parse it (k8s.io/component-base/featuregate).
import { goQuote, labelPrefix, modeLabels, modes, type EphemeralDefaults } from '../api/index.js';

export const PodSecurityEphemeralLevels = 'PodSecurityEphemeralLevels';

export interface FeatureGates {
  /** Off: ephemeral-* labels are neither read nor validated and ephemeral-* defaults are ignored. */
  readonly [PodSecurityEphemeralLevels]: boolean;
}

/** The prototype exists to show the feature, so its gate defaults on (the KEP's alpha: off). */
export const defaultFeatureGates: FeatureGates = Object.freeze({ [PodSecurityEphemeralLevels]: true });

const known: ReadonlySet<string> = new Set([PodSecurityEphemeralLevels]);

/** Go's strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * `Name=bool,Name=bool` over the defaults; throws component-base's messages (`unrecognized feature
 * gate: X`, `missing bool value for X`, `invalid value of X=Y, err: strconv.ParseBool: ...`).
 */
export function parseFeatureGates(value: string): FeatureGates {
  const gates: Record<string, boolean> = { ...defaultFeatureGates };
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (eq < 0) throw new Error(`missing bool value for ${name}`);
    const raw = part.slice(eq + 1).trim();
    const enabled = parseBool(raw);
    if (enabled === undefined) {
      throw new Error(
        `invalid value of ${name}=${raw}, err: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`,
      );
    }
    if (!known.has(name)) throw new Error(`unrecognized feature gate: ${name}`);
    gates[name] = enabled;
  }
  return Object.freeze(gates as unknown as FeatureGates);
}

/**
 * The configuration keys a closed gate makes the server ignore, for the log line the KEP promises.
 * The keys are the ephemeral label names without their prefix (`ephemeral-enforce`, ...).
 */
export function ignoredEphemeralDefaults(defaults: EphemeralDefaults): string[] {
  return modes.flatMap((mode) => {
    const keys = modeLabels[mode];
    return [
      ...(defaults[mode] === undefined ? [] : [keys.ephemeralLevel]),
      ...(defaults[`${mode}Version`] === undefined ? [] : [keys.ephemeralVersion]),
    ].map((label) => label.slice(labelPrefix.length));
  });
}
