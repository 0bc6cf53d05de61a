// Seccomp annotation keys and profiles shared by the seccomp fixtures (upstream test/helpers_seccomp.go).
import type { Container, SeccompProfile } from '../../src/api/index.js';

export const annotationKeyPod = 'seccomp.security.alpha.kubernetes.io/pod';
export const annotationKeyContainerPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

/** Annotation values (corev1.SeccompProfileRuntimeDefault and friends). */
export const seccompProfileRuntimeDefaultValue = 'runtime/default';
export const seccompProfileNameUnconfined = 'unconfined';
export const seccompLocalhostProfileNamePrefix = 'localhost/';

/** The RuntimeDefault seccomp profile; a fresh object each call, as fixtures are edited in place. */
export function seccompProfileRuntimeDefault(): SeccompProfile {
  return { type: 'RuntimeDefault' };
}

/** The Unconfined seccomp profile. */
export function seccompProfileUnconfined(): SeccompProfile {
  return { type: 'Unconfined' };
}

/** The Localhost seccomp profile with the given profile file. */
export function seccompProfileLocalhost(profile: string): SeccompProfile {
  return { type: 'Localhost', localhostProfile: profile };
}

/** The annotation key for a specific container. */
export function annotationKeyContainer(c: Container): string {
  return annotationKeyContainerPrefix + (c.name ?? '');
}
