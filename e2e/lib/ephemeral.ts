// Scenario (c), ephemeral containers: restricted (or baseline) pods created for real in namespaces
// like the demo's, then one debugger per `kubectl debug` profile added through the
// pods/ephemeralcontainers subresource, with the outcomes docs/design.md sections 4 and 6 promise.
import {
  appPod,
  debugContainer,
  profileNames,
  type AppLevel,
  type ProfileName,
} from '../../src/demo/profiles.js';
import type { Pod } from '../../src/api/index.js';
import { allowed, denied, forbidden } from './expect.js';
import type { Expectation, Plan, Step } from './plan.js';
import {
  addEphemeralContainer,
  createDefaultServiceAccount,
  createNamespace,
  createPod,
  label,
  patchNamespaceLabels,
  podToCreate,
  psaLabels,
} from './requests.js';

export interface DebugNamespace {
  /** Appended to the scenario prefix to name the namespace. */
  readonly suffix: string;
  /** Short PodSecurity labels, e.g. { enforce: 'restricted', 'ephemeral-enforce': 'baseline' }. */
  readonly labels: Readonly<Record<string, string>>;
  readonly app: AppLevel;
  readonly hostNetwork?: boolean;
  /** What adding each profile's debugger must give; none for the compatibility run. */
  readonly expect?: Readonly<Record<ProfileName, Expectation>>;
}

/** The debugger's container name for a profile, as `kubectl debug -c dbg-<profile>` names it. */
export function debuggerName(profile: ProfileName): string {
  return `dbg-${profile}`;
}

const whole = (lv: string) => `violates PodSecurity "${lv}": `;
const ephemeral = (lv: string) => `violates PodSecurity "${lv}" for ephemeral containers: `;
const wouldEphemeral = (lv: string) => `would violate PodSecurity "${lv}" for ephemeral containers: `;
const privileged = (p: ProfileName) =>
  `privileged (container "${debuggerName(p)}" must not set securityContext.privileged=true)`;
const escalation = (p: ProfileName) =>
  `allowPrivilegeEscalation != false (container "${debuggerName(p)}" must set securityContext.allowPrivilegeEscalation=false)`;
const dropAll = (p: ProfileName) =>
  `unrestricted capabilities (container "${debuggerName(p)}" must set securityContext.capabilities.drop=["ALL"])`;
const nonDefault = (p: ProfileName, caps: string) =>
  `non-default capabilities (container "${debuggerName(p)}" must not include ${caps} in securityContext.capabilities.add)`;
const runAsNonRoot = (p: ProfileName) =>
  `runAsNonRoot != true (pod or container "${debuggerName(p)}" must set securityContext.runAsNonRoot=true)`;

const noWarnings = allowed({ warnings: [] });

/** enforce=restricted only: upstream judges the whole pod, with upstream's messages. */
const legacyExpectations: Record<ProfileName, Expectation> = {
  legacy: denied({
    code: 403,
    includes: [whole('restricted:latest') + escalation('legacy') + ', ' + dropAll('legacy')],
  }),
  general: denied({
    code: 403,
    includes: [whole('restricted:latest') + escalation('general'), '"SYS_PTRACE"'],
  }),
  baseline: denied({
    code: 403,
    includes: [whole('restricted:latest') + escalation('baseline') + ', ' + dropAll('baseline')],
  }),
  restricted: noWarnings,
  netadmin: denied({
    code: 403,
    includes: [whole('restricted:latest') + escalation('netadmin'), '"NET_ADMIN", "NET_RAW"'],
  }),
  sysadmin: denied({ code: 403, includes: [whole('restricted:latest') + privileged('sysadmin')] }),
};

/** enforce=restricted, ephemeral-enforce=baseline: debuggers judged alone at baseline. */
const ephemeralBaselineExpectations: Record<ProfileName, Expectation> = {
  legacy: noWarnings,
  general: forbidden(ephemeral('baseline:latest') + nonDefault('general', '"SYS_PTRACE"')),
  baseline: noWarnings,
  restricted: noWarnings,
  netadmin: forbidden(ephemeral('baseline:latest') + nonDefault('netadmin', '"NET_ADMIN", "NET_RAW"')),
  sysadmin: forbidden(ephemeral('baseline:latest') + privileged('sysadmin')),
};

/** ephemeral-enforce=privileged, ephemeral-warn=baseline: everything allowed, warnings beyond baseline. */
const ephemeralPrivilegedExpectations: Record<ProfileName, Expectation> = {
  legacy: noWarnings,
  general: allowed({ warnings: [wouldEphemeral('baseline:latest') + nonDefault('general', '"SYS_PTRACE"')] }),
  baseline: noWarnings,
  restricted: noWarnings,
  netadmin: allowed({
    warnings: [wouldEphemeral('baseline:latest') + nonDefault('netadmin', '"NET_ADMIN", "NET_RAW"')],
  }),
  sysadmin: allowed({ warnings: [wouldEphemeral('baseline:latest') + privileged('sysadmin')] }),
};

/** enforce=baseline, ephemeral-enforce=restricted: debuggers held to a stricter level than the app. */
const ephemeralRestrictedExpectations: Record<ProfileName, Expectation> = {
  legacy: forbidden(ephemeral('restricted:latest') + escalation('legacy'), runAsNonRoot('legacy')),
  general: forbidden(ephemeral('restricted:latest') + escalation('general'), '"SYS_PTRACE"'),
  baseline: forbidden(ephemeral('restricted:latest') + escalation('baseline'), runAsNonRoot('baseline')),
  restricted: noWarnings,
  netadmin: forbidden(ephemeral('restricted:latest') + escalation('netadmin'), '"NET_ADMIN", "NET_RAW"'),
  sysadmin: forbidden(ephemeral('restricted:latest') + privileged('sysadmin')),
};

/** enforce=privileged, ephemeral-enforce=baseline, hostNetwork app: the pod-level field counts for debuggers. */
const hostNetworkExpectations = Object.fromEntries(
  profileNames.map((p) => [p, forbidden(ephemeral('baseline:latest'), 'host namespaces (hostNetwork=true)')]),
) as Record<ProfileName, Expectation>;

/** The namespaces of scenario (c), as in the demo plus a stricter-debugger and a hostNetwork case. */
export const ephemeralNamespaces: readonly DebugNamespace[] = [
  { suffix: 'legacy', labels: { enforce: 'restricted' }, app: 'restricted', expect: legacyExpectations },
  {
    suffix: 'eph-baseline',
    labels: { enforce: 'restricted', 'ephemeral-enforce': 'baseline' },
    app: 'restricted',
    expect: ephemeralBaselineExpectations,
  },
  {
    suffix: 'eph-privileged',
    labels: { enforce: 'restricted', 'ephemeral-enforce': 'privileged', 'ephemeral-warn': 'baseline' },
    app: 'restricted',
    expect: ephemeralPrivilegedExpectations,
  },
  {
    suffix: 'eph-restricted',
    labels: { enforce: 'baseline', 'ephemeral-enforce': 'restricted' },
    app: 'baseline',
    expect: ephemeralRestrictedExpectations,
  },
  {
    suffix: 'hostnet',
    labels: { enforce: 'privileged', 'ephemeral-enforce': 'baseline' },
    app: 'privileged',
    hostNetwork: true,
    expect: hostNetworkExpectations,
  },
];

/** The same debuggers under regular labels only, for the compatibility diff. */
export const compatNamespaces: readonly DebugNamespace[] = [
  { suffix: 'restricted', labels: { enforce: 'restricted' }, app: 'restricted' },
  { suffix: 'baseline', labels: { enforce: 'baseline', warn: 'restricted' }, app: 'restricted' },
  { suffix: 'privileged', labels: { enforce: 'privileged', warn: 'baseline' }, app: 'restricted' },
  {
    suffix: 'hostnet',
    labels: { enforce: 'privileged', warn: 'baseline' },
    app: 'privileged',
    hostNetwork: true,
  },
];

/** The application pod of a namespace, ready to create under a name. */
export function debugTarget(ns: DebugNamespace, namespace: string, name: string): Pod {
  const pod = podToCreate(appPod(ns.app, namespace), name);
  return ns.hostNetwork === true ? { ...pod, spec: { ...pod.spec, hostNetwork: true } } : pod;
}

/** Pod names: patch-<profile> for the raw subresource patch, kubectl-<profile> for `kubectl debug`. */
export function targetPodName(via: 'patch' | 'kubectl', profile: ProfileName): string {
  return `${via}-${profile}`;
}

/** A namespace, its pods (also kubectl-<profile> ones when asked), then one patched debugger per profile. */
export function debugPlan(prefix: string, ns: DebugNamespace, kubectlPods: boolean): Plan {
  const name = `${prefix}-${ns.suffix}`;
  const steps: Step[] = [
    { id: 'namespace', request: createNamespace(name, psaLabels(ns.labels)), setup: true },
    { id: 'serviceaccount', request: createDefaultServiceAccount(name), setup: 'may-exist' },
  ];
  const vias = kubectlPods ? (['patch', 'kubectl'] as const) : (['patch'] as const);
  for (const via of vias) {
    for (const p of profileNames) {
      const pod = debugTarget(ns, name, targetPodName(via, p));
      steps.push({ id: `pod ${targetPodName(via, p)}`, request: createPod(name, pod, false), setup: true });
    }
  }
  for (const p of profileNames) {
    const request = addEphemeralContainer(
      name,
      targetPodName('patch', p),
      debugContainer(p, debuggerName(p)),
    );
    steps.push({ id: `debug --profile=${p}`, request, ...(ns.expect ? { expect: ns.expect[p] } : {}) });
  }
  return { name, namespaces: [name], steps };
}

/**
 * A tainted pod: a privileged debugger added while ephemeral-enforce=privileged keeps the pod
 * failing once the namespace tightens to baseline, whatever debugger is added next; loosening
 * again lets the next one in.
 */
export function taintedPodPlan(prefix: string): Plan {
  const ns = `${prefix}-tainted`;
  const ephemeralEnforce = label('ephemeral-enforce');
  const add = (p: ProfileName) => addEphemeralContainer(ns, 'web', debugContainer(p, debuggerName(p)));
  return {
    name: ns,
    namespaces: [ns],
    steps: [
      {
        id: 'namespace',
        request: createNamespace(ns, psaLabels({ enforce: 'restricted', 'ephemeral-enforce': 'privileged' })),
        setup: true,
      },
      { id: 'serviceaccount', request: createDefaultServiceAccount(ns), setup: 'may-exist' },
      { id: 'pod', request: createPod(ns, podToCreate(appPod('restricted', ns), 'web'), false), setup: true },
      { id: 'debug --profile=sysadmin', request: add('sysadmin'), expect: noWarnings },
      {
        id: 'ephemeral-enforce=baseline',
        request: patchNamespaceLabels(ns, { [ephemeralEnforce]: 'baseline' }, false),
        expect: allowed({
          warnings: [
            `existing pods in namespace "${ns}" violate the new PodSecurity ephemeral-enforce level "baseline:latest"`,
            'web: privileged',
          ],
        }),
      },
      {
        id: 'debug --profile=baseline on the tainted pod',
        request: add('baseline'),
        expect: forbidden(ephemeral('baseline:latest') + privileged('sysadmin')),
      },
      {
        id: 'ephemeral-enforce=privileged',
        request: patchNamespaceLabels(ns, { [ephemeralEnforce]: 'privileged' }, false),
        expect: noWarnings,
      },
      { id: 'debug --profile=baseline after loosening', request: add('baseline'), expect: noWarnings },
    ],
  };
}

/** Scenario (c) with ephemeral labels (kubectl pods included), or the compatibility variant without. */
export function ephemeralPlans(prefix: string, withEphemeral: boolean): Plan[] {
  if (!withEphemeral) return compatNamespaces.map((ns) => debugPlan(prefix, ns, false));
  return [...ephemeralNamespaces.map((ns) => debugPlan(prefix, ns, true)), taintedPodPlan(prefix)];
}
