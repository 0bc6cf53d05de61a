// Representative pods for the benchmarks: n containers, restricted-compliant, optionally with ephemeral containers.
import type { Container, PodSpec } from '../src/api/index.js';

function container(name: string): Container {
  return {
    name,
    image: `registry.example.com/${name}:1.0`,
    ports: [{ containerPort: 8080 }],
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

export function benchPodSpec(containers: number, ephemeral: number): PodSpec {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    volumes: [
      { name: 'config', configMap: { name: 'cfg' } },
      { name: 'cache', emptyDir: {} },
    ],
    initContainers: [container('init')],
    containers: Array.from({ length: containers }, (_, i) => container(`app-${i}`)),
    ephemeralContainers: Array.from({ length: ephemeral }, (_, i) => container(`debugger-${i}`)),
  };
}
