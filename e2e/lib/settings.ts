// The suite's settings, read from the environment that e2e/run.sh (or the user) sets; see e2e/README.md.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface E2ESettings {
  /** E2E_KUBECONFIG: the cluster whose pod security is psa-ephemeral. */
  readonly kubeconfig: string;
  /** E2E_COMPARE_KUBECONFIG: a cluster running the built-in PodSecurity plugin, for the compatibility diff. */
  readonly compareKubeconfig: string | undefined;
  /** E2E_KUBERNETES_VERSION (v1.N): the version of a server whose /version names none (a development build). */
  readonly kubernetesVersion: string | undefined;
  /** E2E_LATEST_VERSION (v1.N): the version `latest` means; default: the API server's minor version. */
  readonly latestVersion: string | undefined;
  /** E2E_RUN_ID: prefixes namespace names; random when unset. */
  readonly runId: string;
  /** E2E_KEEP_NAMESPACES=1 leaves the test namespaces behind for inspection. */
  readonly keepNamespaces: boolean;
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const outDir = fileURLToPath(new URL('../out/', import.meta.url));

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The settings, or undefined when E2E_KUBECONFIG is unset (every e2e file then skips). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): E2ESettings | undefined {
  const kubeconfig = nonEmpty(env['E2E_KUBECONFIG']);
  if (kubeconfig === undefined) return undefined;
  const runId = nonEmpty(env['E2E_RUN_ID']) ?? randomBytes(3).toString('hex');
  if (!/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/.test(runId)) {
    throw new Error(
      `E2E_RUN_ID must be 1-12 lower-case letters, digits or dashes, got ${JSON.stringify(runId)}`,
    );
  }
  return {
    kubeconfig,
    compareKubeconfig: nonEmpty(env['E2E_COMPARE_KUBECONFIG']),
    kubernetesVersion: nonEmpty(env['E2E_KUBERNETES_VERSION']),
    latestVersion: nonEmpty(env['E2E_LATEST_VERSION']),
    runId,
    keepNamespaces: env['E2E_KEEP_NAMESPACES'] === '1',
  };
}

/** A namespace name prefix unique to this run and scenario, e.g. "psa-e2e-1a2b3c-a". */
export function namespacePrefix(settings: E2ESettings, scenario: string): string {
  return `psa-e2e-${settings.runId}-${scenario}`;
}
