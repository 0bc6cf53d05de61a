// Scenario (b), namespace labels: invalid regular and ephemeral-* values are rejected on create
// and update with upstream's field errors, and tightening enforce (or ephemeral-enforce) answers
// a dry-run with warnings about the existing pods that would violate it.
import { appPod, debugContainer } from '../../src/demo/profiles.js';
import { allowed, denied } from './expect.js';
import type { Plan, Step } from './plan.js';
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

const levelError = 'must be one of privileged, baseline, restricted';
const versionError = 'must be "latest" or "v1.x"';

interface InvalidLabel {
  readonly key: string;
  readonly value: string;
  readonly reason: string;
  readonly ephemeral: boolean;
}

const invalidLabels: readonly InvalidLabel[] = [
  { key: 'enforce', value: 'bogus', reason: levelError, ephemeral: false },
  { key: 'enforce-version', value: 'v1', reason: versionError, ephemeral: false },
  { key: 'audit', value: 'Restricted', reason: levelError, ephemeral: false },
  { key: 'warn-version', value: '1.25', reason: versionError, ephemeral: false },
  { key: 'ephemeral-enforce', value: 'bogus', reason: levelError, ephemeral: true },
  { key: 'ephemeral-enforce-version', value: 'v1', reason: versionError, ephemeral: true },
  { key: 'ephemeral-audit', value: 'Baseline', reason: levelError, ephemeral: true },
  { key: 'ephemeral-warn-version', value: 'v2.0', reason: versionError, ephemeral: true },
];

/** Upstream's field error for a label value, e.g. metadata.labels[...]: Invalid value: "bogus": ... */
export function labelError(l: InvalidLabel): string {
  return `metadata.labels[${label(l.key)}]: Invalid value: "${l.value}": ${l.reason}`;
}

/** Invalid labels on create (each its own namespace) and on update of a valid namespace. */
export function labelValidationPlan(prefix: string, withEphemeral: boolean): Plan {
  const rows = invalidLabels.filter((l) => withEphemeral || !l.ephemeral);
  const created = rows.map((_, i) => `${prefix}-invalid-${i}`);
  const updated = `${prefix}-update`;
  const steps: Step[] = rows.map((l, i) => ({
    id: `create ${l.key}=${l.value}`,
    request: createNamespace(created[i] as string, psaLabels({ [l.key]: l.value })),
    expect: denied({ code: 422, includes: [`Namespace "${created[i]}" is invalid: `, labelError(l)] }),
  }));
  steps.push({
    id: 'namespace',
    request: createNamespace(updated, psaLabels({ enforce: 'baseline' })),
    setup: true,
  });
  for (const l of rows) {
    steps.push({
      id: `update ${l.key}=${l.value}`,
      request: patchNamespaceLabels(updated, { [label(l.key)]: l.value }, false),
      expect: denied({ code: 422, includes: [`Namespace "${updated}" is invalid: `, labelError(l)] }),
    });
  }
  return { name: `${prefix}-labels`, namespaces: [...created, updated], steps };
}

/** enforce=privileged with a root pod; dry-run tightening to restricted warns, to baseline does not. */
export function enforceDryRunPlan(prefix: string): Plan {
  const ns = `${prefix}-tighten`;
  return {
    name: ns,
    namespaces: [ns],
    steps: [
      { id: 'namespace', request: createNamespace(ns, psaLabels({ enforce: 'privileged' })), setup: true },
      { id: 'serviceaccount', request: createDefaultServiceAccount(ns), setup: 'may-exist' },
      { id: 'pod', request: createPod(ns, podToCreate(appPod('baseline', ns), 'web'), false), setup: true },
      {
        id: 'dry-run enforce=restricted',
        request: patchNamespaceLabels(ns, { [label('enforce')]: 'restricted' }, true),
        expect: allowed({
          warnings: [
            `existing pods in namespace "${ns}" violate the new PodSecurity enforce level "restricted:latest"`,
            'web: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
          ],
        }),
      },
      {
        id: 'dry-run enforce=baseline',
        request: patchNamespaceLabels(ns, { [label('enforce')]: 'baseline' }, true),
        expect: allowed({ warnings: [] }),
      },
    ],
  };
}

/**
 * A restricted pod with a privileged debugger. With ephemeral labels: ephemeral-enforce=privileged,
 * tightened to baseline by dry-run (ephemeral-enforce warnings). Without (compatibility):
 * enforce=privileged tightened to baseline, where upstream judges the debugger as part of the pod.
 */
export function ephemeralDryRunPlan(prefix: string, withEphemeral: boolean): Plan {
  const ns = `${prefix}-tighten-debugged`;
  const labels = withEphemeral
    ? psaLabels({ enforce: 'restricted', 'ephemeral-enforce': 'privileged' })
    : psaLabels({ enforce: 'privileged' });
  const key = label(withEphemeral ? 'ephemeral-enforce' : 'enforce');
  const mode = withEphemeral ? 'ephemeral-enforce' : 'enforce';
  return {
    name: ns,
    namespaces: [ns],
    steps: [
      { id: 'namespace', request: createNamespace(ns, labels), setup: true },
      { id: 'serviceaccount', request: createDefaultServiceAccount(ns), setup: 'may-exist' },
      { id: 'pod', request: createPod(ns, podToCreate(appPod('restricted', ns), 'web'), false), setup: true },
      {
        id: 'debugger',
        request: addEphemeralContainer(ns, 'web', debugContainer('sysadmin', 'dbg-sysadmin')),
        setup: true,
      },
      {
        id: `dry-run ${mode}=baseline`,
        request: patchNamespaceLabels(ns, { [key]: 'baseline' }, true),
        expect: allowed({
          warnings: [
            `existing pods in namespace "${ns}" violate the new PodSecurity ${mode} level "baseline:latest"`,
            'web: privileged',
          ],
        }),
      },
    ],
  };
}

/** Scenario (b): with ephemeral labels for the webhook, without them for the compatibility diff. */
export function namespacePlans(prefix: string, withEphemeral: boolean): Plan[] {
  return [
    labelValidationPlan(prefix, withEphemeral),
    enforceDryRunPlan(prefix),
    ephemeralDryRunPlan(prefix, withEphemeral),
  ];
}
