// Scenario (e): exec and attach into ephemeral containers by two users, impersonated by the suite's
// admin: a tenant bound to the built-in edit rules (`system:aggregate-to-edit` and `-to-view`, bound
// directly since aggregation needs a controller manager), and an SRE who may also update and patch
// pods/ephemeralcontainers. Only admission outcomes are asserted: exec and attach are sent as plain
// POSTs without a stream upgrade, so an admitted one fails afterwards ("does not have a host
// assigned" on a cluster without nodes, an upgrade error otherwise), which counts as admitted.
import type { EphemeralContainer } from '../../src/api/index.js';
import { appPod, debugContainer, type ProfileName } from '../../src/demo/profiles.js';
import type { ApiRequest, Outcome } from './cluster.js';
import { forbidden } from './expect.js';
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

export interface User {
  readonly name: string;
  readonly groups: readonly string[];
}

export const tenant: User = { name: 'e2e-tenant', groups: ['e2e-tenants'] };
export const sre: User = { name: 'e2e-sre', groups: ['e2e-sres'] };

const debugger_ = (p: ProfileName) => `dbg-${p}`;

/** A debugger in its own process namespace (kubectl debug without --target). */
function untargeted(c: EphemeralContainer): EphemeralContainer {
  const { targetContainerName: _target, ...rest } = c;
  return rest;
}

interface WebhookRule {
  readonly operations?: readonly string[];
  readonly resources?: readonly string[];
}

/**
 * The names of the registered validating webhooks with a rule for CONNECT on pods/exec: without one,
 * the API server never asks about exec and this scenario cannot pass.
 */
export function connectWebhooks(list: unknown): string[] {
  const items = (list as { items?: { webhooks?: { name?: string; rules?: WebhookRule[] }[] }[] }).items ?? [];
  return items.flatMap((c) =>
    (c.webhooks ?? [])
      .filter((w) =>
        (w.rules ?? []).some(
          (r) =>
            (r.operations ?? []).some((o) => o === 'CONNECT' || o === '*') &&
            (r.resources ?? []).some((x) => x === 'pods/exec' || x === '*/*' || x === 'pods/*'),
        ),
      )
      .map((w) => w.name ?? ''),
  );
}

/** The pod's exec or attach as the API server receives it from kubectl, as `user`. */
export function connect(
  namespace: string,
  pod: string,
  subresource: 'exec' | 'attach',
  container: string,
  user: User,
): ApiRequest {
  // No container: the API server connects to the pod's only regular container (after admission).
  const query: Record<string, string> = {
    ...(container === '' ? {} : { container }),
    stdout: 'true',
    stderr: 'true',
  };
  if (subresource === 'exec') query['command'] = 'true';
  return {
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/pods/${pod}/${subresource}`,
    query,
    headers: { 'Impersonate-User': user.name, 'Impersonate-Group': user.groups },
  };
}

function roleBinding(namespace: string, name: string, kind: string, role: string, user: User): ApiRequest {
  return {
    method: 'POST',
    path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user.name }],
    },
  };
}

function debuggerRole(namespace: string): ApiRequest {
  return {
    method: 'POST',
    path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ephemeral-debugger' },
      rules: [{ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['update', 'patch'] }],
    },
  };
}

/** The RBAC of both users in a namespace: edit rules for both, the debugger role for the SRE only. */
function rbacSteps(ns: string): Step[] {
  const steps: Step[] = [];
  for (const u of [tenant, sre]) {
    for (const role of ['system:aggregate-to-edit', 'system:aggregate-to-view']) {
      steps.push({
        id: `bind ${u.name} ${role}`,
        request: roleBinding(ns, `${u.name}-${role.replace(/:/g, '-')}`, 'ClusterRole', role, u),
        setup: true,
      });
    }
  }
  steps.push({ id: 'role ephemeral-debugger', request: debuggerRole(ns), setup: true });
  steps.push({
    id: `bind ${sre.name} ephemeral-debugger`,
    request: roleBinding(ns, `${sre.name}-ephemeral-debugger`, 'Role', 'ephemeral-debugger', sre),
    setup: true,
  });
  return steps;
}

/** Admitted: not refused by RBAC or by an admission webhook; what fails afterwards is the stream. */
export const admitted: Expectation = (o: Outcome) => {
  if (o.allowed) return undefined;
  if (o.code === 403 || o.message.includes('admission webhook')) return 'expected admitted';
  if (/does not have a host assigned|[Uu]pgrade/.test(o.message)) return undefined;
  return `expected admitted (a host or upgrade error at most), got ${o.code}`;
};

type TenantExpectation = (sub: 'exec' | 'attach', pod: string, container: string) => Expectation;

/**
 * The containers reached in each pod: "web" holds both debuggers (--target=app), "solo" one untargeted;
 * '' names none, as a raw API client may send it (kubectl always names one).
 */
const targets: readonly (readonly [string, string])[] = [
  ['web', debugger_('sysadmin')],
  ['web', debugger_('restricted')],
  ['web', 'app'],
  ['web', ''],
  ['solo', 'app'],
];

/** Every exec/attach step: who, what, and the expected admission outcome (the SRE is always admitted). */
function connectSteps(ns: string, tenantExpect: TenantExpectation): Step[] {
  const steps: Step[] = [];
  for (const sub of ['exec', 'attach'] as const) {
    for (const u of [tenant, sre]) {
      for (const [pod, container] of targets) {
        steps.push({
          id: `${u.name} ${sub} ${pod} ${container === '' ? '(no -c)' : `-c ${container}`}`,
          request: connect(ns, pod, sub, container, u),
          expect: u === tenant ? tenantExpect(sub, pod, container) : admitted,
        });
      }
    }
  }
  return steps;
}

/** The tenant's outcome in the split namespace: every way into the privileged debugger is refused. */
function splitTenant(ns: string): TenantExpectation {
  return (sub, pod, named) => {
    if (pod === 'solo') return admitted;
    const container = named === '' ? 'app' : named;
    const sysadmin = debugger_('sysadmin');
    const verb = sub === 'exec' ? 'exec into' : 'attach to';
    const kind = container === 'app' ? 'container' : 'ephemeral container';
    const shared =
      container === sysadmin
        ? ''
        : `it shares its process namespace with ephemeral container "${sysadmin}"; `;
    return forbidden(
      `${verb} ${kind} "${container}" requires permission to update or patch pods/ephemeralcontainers: ` +
        `${shared}ephemeral containers in namespace "${ns}" are held to PodSecurity "privileged:latest" and ` +
        `${shared === '' ? 'this' : 'that'} one violates PodSecurity "restricted:latest": privileged`,
    );
  };
}

/**
 * In `<prefix>-split` (enforce=restricted, ephemeral-enforce=privileged) the tenant is refused exec
 * and attach into the sysadmin debugger and into every container sharing its process namespace (app
 * and the restricted debugger, all --target=app), but not into pod "solo", whose privileged debugger
 * has no target; the SRE is admitted everywhere. In `<prefix>-plain`, whose debuggers were added
 * before enforce=restricted and which has no ephemeral labels, nothing is evaluated and both are
 * admitted everywhere. Without `withEphemeral`, only the plain plan (for the compatibility diff).
 */
export function execPlans(prefix: string, withEphemeral = true): Plan[] {
  const split = `${prefix}-split`;
  const plain = `${prefix}-plain`;
  const setup = (ns: string, labels: Record<string, string>): Step[] => [
    { id: 'namespace', request: createNamespace(ns, psaLabels(labels)), setup: true },
    { id: 'serviceaccount', request: createDefaultServiceAccount(ns), setup: 'may-exist' },
    { id: 'pod', request: createPod(ns, podToCreate(appPod('restricted', ns), 'web'), false), setup: true },
    ...(['sysadmin', 'restricted'] as const).map((p): Step => ({
      id: `debug --profile=${p}`,
      request: addEphemeralContainer(ns, 'web', debugContainer(p, debugger_(p))),
      setup: true,
    })),
    {
      id: 'pod solo',
      request: createPod(ns, podToCreate(appPod('restricted', ns), 'solo'), false),
      setup: true,
    },
    {
      id: 'debug solo --profile=sysadmin, no --target',
      request: addEphemeralContainer(
        ns,
        'solo',
        untargeted(debugContainer('sysadmin', debugger_('sysadmin'))),
      ),
      setup: true,
    },
    ...rbacSteps(ns),
  ];
  const splitSteps = connectSteps(split, splitTenant(split));
  const splitPlan: Plan = {
    name: split,
    namespaces: [split],
    steps: [...setup(split, { enforce: 'restricted', 'ephemeral-enforce': 'privileged' }), ...splitSteps],
  };
  return [
    ...(withEphemeral ? [splitPlan] : []),
    {
      name: plain,
      namespaces: [plain],
      steps: [
        ...setup(plain, {}),
        {
          id: 'enforce=restricted',
          request: patchNamespaceLabels(plain, { [label('enforce')]: 'restricted' }, false),
          setup: true,
        },
        ...connectSteps(plain, () => admitted),
      ],
    },
  ];
}
