// The built-in demo namespaces `make demo` serves: the same restricted workloads with three ephemeral policies.
import type { Namespace } from '../admission/ports.js';

export interface DemoNamespace {
  readonly name: string;
  readonly summary: string;
  readonly labels: Readonly<Record<string, string>>;
}

const p = 'pod-security.kubernetes.io/';

const namespaces: DemoNamespace[] = [
  {
    name: 'legacy',
    summary: 'enforce=restricted (upstream behaviour)',
    labels: { [`${p}enforce`]: 'restricted' },
  },
  {
    name: 'team-a',
    summary: 'enforce=restricted, ephemeral-enforce=baseline',
    labels: { [`${p}enforce`]: 'restricted', [`${p}ephemeral-enforce`]: 'baseline' },
  },
  {
    name: 'team-b',
    summary: 'enforce=restricted, ephemeral-enforce=privileged, ephemeral-warn=baseline',
    labels: {
      [`${p}enforce`]: 'restricted',
      [`${p}ephemeral-enforce`]: 'privileged',
      [`${p}ephemeral-warn`]: 'baseline',
    },
  },
];

export const demoNamespaces: readonly DemoNamespace[] = Object.freeze(namespaces);

export function demoNamespaceObjects(): Namespace[] {
  return demoNamespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns.name, labels: { ...ns.labels, 'kubernetes.io/metadata.name': ns.name } },
  }));
}
