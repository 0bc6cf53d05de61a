// Builds an Admission from command-line inputs: config file, static namespaces and pods, emulation
// version and feature gates.
import type { Pod, Version } from '../api/index.js';
import { Admission } from '../admission/admission.js';
import {
  admissionConfiguration,
  defaultAdmissionConfiguration,
  type AdmissionConfiguration,
} from '../admission/config.js';
import { loadConfigFromFile } from '../admission/config/load.js';
import {
  ignoredEphemeralDefaults,
  PodSecurityEphemeralLevels,
  type FeatureGates,
} from '../admission/features.js';
import type { Namespace, NamespaceGetter, PodLister } from '../admission/ports.js';
import { StaticNamespaceGetter, StaticPodLister } from '../admission/static_ports.js';
import { MemoryRecorder, type MetricsRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { StaticAuthorizer } from '../admission/static_authorizer.js';
import { readAuthorizationAnswers } from './authorization.js';
import { readObjectsOfKind } from './objects.js';

export { admissionConfiguration };

export async function loadAdmissionConfiguration(file: string | undefined): Promise<AdmissionConfiguration> {
  return file === undefined
    ? defaultAdmissionConfiguration
    : admissionConfiguration(await loadConfigFromFile(file));
}

export interface SetupOptions {
  readonly configFile?: string;
  readonly namespacesFile?: string;
  readonly podsFile?: string;
  readonly emulationVersion?: Version;
  readonly features?: FeatureGates;
  readonly metrics?: MetricsRecorder;
  readonly namespaceGetter?: NamespaceGetter;
  readonly podLister?: PodLister;
  /** `--authorization FILE`: who may update pods/ephemeralcontainers; without it, nobody may. */
  readonly authorizationFile?: string;
}

export async function buildAdmission(o: SetupOptions): Promise<Admission> {
  const namespaces = o.namespacesFile
    ? (readObjectsOfKind(o.namespacesFile, 'Namespace') as Namespace[])
    : [];
  const pods = o.podsFile ? (readObjectsOfKind(o.podsFile, 'Pod') as Pod[]) : [];
  const staticPods = new StaticPodLister(pods);
  return new Admission({
    configuration: await loadAdmissionConfiguration(o.configFile),
    evaluator: newEvaluator(defaultChecks, o.emulationVersion),
    metrics: o.metrics ?? new MemoryRecorder(),
    namespaceGetter: o.namespaceGetter ?? new StaticNamespaceGetter(namespaces),
    podLister: o.podLister ?? staticPods,
    podGetter: staticPods,
    authorizer: new StaticAuthorizer(readAuthorizationAnswers(o.authorizationFile)),
    ...(o.features === undefined ? {} : { features: o.features }),
  });
}

/**
 * With PodSecurityEphemeralLevels off, the configuration's ephemeral-* defaults are accepted,
 * validated and ignored, and the KEP has the server say so: the message, or undefined.
 */
export function ignoredDefaultsMessage(admission: Admission): string | undefined {
  if (admission.features[PodSecurityEphemeralLevels]) return undefined;
  const keys = ignoredEphemeralDefaults(admission.configuration.ephemeralDefaults);
  if (keys.length === 0) return undefined;
  return `feature gate ${PodSecurityEphemeralLevels} is off: ignoring the configuration's ${keys.join(', ')}`;
}
