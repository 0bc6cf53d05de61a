// PodSecurityConfiguration of pod-security.admission.config.k8s.io/v1alpha1 (upstream admission/api/v1alpha1):
// the shared schema of versioned.ts under this apiVersion.
import { servedVersion, type ExternalConfiguration } from './versioned.js';

export const {
  APIVersion,
  PodSecurityDefaultsSchema,
  PodSecurityExemptionsSchema,
  PodSecurityConfigurationSchema,
  toInternal,
} = servedVersion('v1alpha1');

/** The decoded, defaulted v1alpha1 object. */
export type PodSecurityConfiguration = ExternalConfiguration;
