// The resolved configuration admission runs with: defaulted policies and exemptions, derived once from
// a loaded PodSecurityConfiguration.
import { LatestVersion, LevelPrivileged, type EphemeralDefaults, type Policy } from '../api/index.js';
import { toPolicy, type PodSecurityConfiguration, type PodSecurityExemptions } from './config/types.js';

/** The exemptions exactly as the configuration API holds them. */
export type Exemptions = PodSecurityExemptions;

export interface AdmissionConfiguration {
  readonly defaults: Policy;
  readonly ephemeralDefaults: EphemeralDefaults;
  readonly exemptions: Exemptions;
}

const privilegedLatest = Object.freeze({ level: LevelPrivileged, version: LatestVersion() });

/** Upstream's defaulted configuration: privileged:latest for every mode, no exemptions. */
export const defaultAdmissionConfiguration: AdmissionConfiguration = Object.freeze({
  defaults: Object.freeze({ enforce: privilegedLatest, audit: privilegedLatest, warn: privilegedLatest }),
  ephemeralDefaults: Object.freeze({}),
  exemptions: Object.freeze({ usernames: [], namespaces: [], runtimeClasses: [] }),
});

/** The admission configuration a loaded PodSecurityConfiguration gives. */
export function admissionConfiguration(config: PodSecurityConfiguration): AdmissionConfiguration {
  const { policy, ephemeral } = toPolicy(config.defaults);
  return { defaults: policy, ephemeralDefaults: ephemeral, exemptions: config.exemptions };
}
