// The exec/attach part of `make demo`: pods holding debuggers, who may update pods/ephemeralcontainers,
// and the CONNECT AdmissionReviews `kubectl exec -c` and `kubectl attach -c` make the API server send.
import type { Pod } from '../api/index.js';
import type { AuthorizationAnswers } from '../admission/static_authorizer.js';
import { appPod, debuggedPod, type ProfileName } from './profiles.js';

export interface DemoUser {
  readonly username: string;
  readonly groups: readonly string[];
  readonly summary: string;
}

export const tenant: DemoUser = {
  username: 'alice',
  groups: ['tenants', 'system:authenticated'],
  summary: 'tenant, bound to the built-in edit rules (exec, attach; no pods/ephemeralcontainers)',
};
export const sre: DemoUser = {
  username: 'bob',
  groups: ['sre', 'system:authenticated'],
  summary: 'SRE, may also update pods/ephemeralcontainers',
};

/** The stated answers the demo server gets with --authorization: the group sre may. */
export const demoAuthorization: AuthorizationAnswers = { allow: [{ group: 'sre' }] };

/** The debugger each namespace's pod "web" holds, added earlier by an SRE's `kubectl debug`. */
const debuggers: Readonly<Record<string, ProfileName>> = {
  'team-a': 'baseline',
  'team-b': 'sysadmin',
};

export function demoPods(): Pod[] {
  return Object.entries(debuggers).map(([ns, profile]) => debuggedPod(appPod('restricted', ns), profile));
}

export interface ExecCase {
  readonly namespace: string;
  readonly user: DemoUser;
  readonly subresource: 'exec' | 'attach';
  readonly container: string;
  /** What an unannotated "allowed" means for this case. */
  readonly note?: string;
}

export const execCases: readonly ExecCase[] = [
  { namespace: 'team-b', user: tenant, subresource: 'exec', container: 'debugger' },
  { namespace: 'team-b', user: tenant, subresource: 'attach', container: 'debugger' },
  { namespace: 'team-b', user: sre, subresource: 'exec', container: 'debugger' },
  // The debugger was added with --target=app: a shell in app shares its process namespace.
  { namespace: 'team-b', user: tenant, subresource: 'exec', container: 'app' },
  { namespace: 'team-a', user: tenant, subresource: 'exec', container: 'debugger' },
  {
    namespace: 'legacy',
    user: tenant,
    subresource: 'exec',
    container: 'debugger',
    note: 'no ephemeral-* labels: not evaluated, upstream behaviour',
  },
];

/** `kubectl exec -c C` (or attach) as the API server sends it to the webhook: CONNECT with the options. */
export function connectReview(c: ExecCase, uid: string): Record<string, unknown> {
  const kind = c.subresource === 'exec' ? 'PodExecOptions' : 'PodAttachOptions';
  const options: Record<string, unknown> = {
    apiVersion: 'v1',
    kind,
    stdin: true,
    stdout: true,
    stderr: true,
    tty: true,
    container: c.container,
  };
  if (c.subresource === 'exec') options['command'] = ['sh'];
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind },
      resource: { group: '', version: 'v1', resource: 'pods' },
      subResource: c.subresource,
      requestKind: { group: '', version: 'v1', kind },
      requestResource: { group: '', version: 'v1', resource: 'pods' },
      requestSubResource: c.subresource,
      name: 'web',
      namespace: c.namespace,
      operation: 'CONNECT',
      userInfo: { username: c.user.username, uid: `uid-${c.user.username}`, groups: c.user.groups },
      object: options,
      dryRun: false,
    },
  };
}
