// The `kubectl debug --profile` settings for an ephemeral container (kubectl's debug/profiles.go, 1.31+),
// and the pods and AdmissionReviews the demo and the KEP matrix send.
import type { EphemeralContainer, Pod, SecurityContext } from '../api/index.js';

export const profileNames = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'] as const;
export type ProfileName = (typeof profileNames)[number];

/** The securityContext each profile gives the debug container (undefined: none). */
export function profileSecurityContext(profile: ProfileName): SecurityContext | undefined {
  switch (profile) {
    case 'legacy':
    case 'baseline':
      return undefined;
    case 'general':
      return { capabilities: { add: ['SYS_PTRACE'] } };
    case 'restricted':
      return {
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        allowPrivilegeEscalation: false,
        seccompProfile: { type: 'RuntimeDefault' },
      };
    case 'netadmin':
      return { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } };
    case 'sysadmin':
      return { privileged: true };
  }
}

export const profileUse: Readonly<Record<ProfileName, string>> = {
  legacy: 'no changes (deprecated default)',
  general: 'SYS_PTRACE (strace, gdb)',
  baseline: 'no securityContext',
  restricted: 'non-root, drop ALL, no escalation, RuntimeDefault seccomp',
  netadmin: 'NET_ADMIN + NET_RAW (tcpdump, iptables)',
  sysadmin: 'privileged (full host access)',
};

export function debugContainer(profile: ProfileName, name = 'debugger'): EphemeralContainer {
  const c: EphemeralContainer = {
    name,
    image: 'busybox:1.36',
    targetContainerName: 'app',
    stdin: true,
    tty: true,
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
  const sc = profileSecurityContext(profile);
  if (sc) c.securityContext = sc;
  return c;
}

export type AppLevel = 'restricted' | 'baseline' | 'privileged';

/** An application pod compliant with the given level: restricted, baseline (root, no hardening), or privileged. */
export function appPod(level: AppLevel, namespace: string, name = 'web'): Pod {
  const restricted = level === 'restricted';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}` },
    spec: {
      securityContext: restricted
        ? { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } }
        : {},
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.10',
          securityContext: restricted
            ? { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }
            : level === 'privileged'
              ? { privileged: true }
              : {},
        },
      ],
    },
  };
}

/** The pod after `kubectl debug --profile=P`: the app pod plus the profile's ephemeral container. */
export function debuggedPod(app: Pod, profile: ProfileName): Pod {
  return { ...app, spec: { ...app.spec, ephemeralContainers: [debugContainer(profile)] } };
}

/** A `pods/ephemeralcontainers` UPDATE review, as the API server sends it for `kubectl debug`. */
export function ephemeralContainersReview(
  app: Pod,
  profile: ProfileName,
  uid: string,
): Record<string, unknown> {
  const meta = app.metadata ?? {};
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      subResource: 'ephemeralcontainers',
      requestKind: { group: '', version: 'v1', kind: 'Pod' },
      requestResource: { group: '', version: 'v1', resource: 'pods' },
      requestSubResource: 'ephemeralcontainers',
      name: meta.name,
      namespace: meta.namespace,
      operation: 'UPDATE',
      userInfo: { username: 'developer@example.com', groups: ['system:authenticated'] },
      object: debuggedPod(app, profile),
      oldObject: app,
      dryRun: false,
      options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  };
}
