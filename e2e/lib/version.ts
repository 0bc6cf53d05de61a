// The Kubernetes version an API server runs, read from its /version answer: major/minor when set,
// else gitVersion (development builds answer major "" and minor ""), else the version the user
// states with E2E_KUBERNETES_VERSION; the result says which of them it came from.
import { z } from 'zod';

export interface ServerVersion {
  /** /version's gitVersion, as answered (e.g. v1.25.3, v0.0.0-master+89aaf7c0). */
  readonly gitVersion: string;
  /** The minor version the suite assumes (1.N). */
  readonly minor: number;
  /** Where minor came from. */
  readonly source: 'major/minor' | 'gitVersion' | 'E2E_KUBERNETES_VERSION';
}

const versionSchema = z.looseObject({
  major: z.string().optional(),
  minor: z.string().optional(),
  gitVersion: z.string().optional(),
});

/** "1"/"25", "1"/"33+" (vendor builds) → 25, 33; anything else, including "" → undefined. */
function fromMajorMinor(major: string | undefined, minor: string | undefined): number | undefined {
  if (major !== '1') return undefined;
  const m = /^(\d+)\+?$/.exec(minor ?? '');
  return m ? Number(m[1]) : undefined;
}

/** v1.25.3, v1.25.0-alpha.2.1+abc, 1.25 → 25; v0.0.0-master+abc (an untagged build) → undefined. */
export function minorOfVersionString(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:$|[.+-])/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** What E2E_KUBERNETES_VERSION means: v1.N, 1.N or v1.N.P. */
export function parseStatedVersion(stated: string): number {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(stated);
  if (!m) throw new Error(`E2E_KUBERNETES_VERSION must be v1.N (e.g. v1.25), got ${JSON.stringify(stated)}`);
  return Number(m[1]);
}

/**
 * The server's version from its /version answer (code and body), falling back to `stated`
 * (E2E_KUBERNETES_VERSION) when neither major/minor nor gitVersion names a 1.N version.
 */
export function serverVersionOf(
  cluster: string,
  code: number,
  body: unknown,
  stated: string | undefined,
): ServerVersion {
  const v = versionSchema.safeParse(body);
  if (code !== 200 || !v.success) {
    throw new Error(`${cluster}: GET /version answered ${code} ${JSON.stringify(body)}`);
  }
  const gitVersion = v.data.gitVersion ?? '';
  const byFields = fromMajorMinor(v.data.major, v.data.minor);
  if (byFields !== undefined) return { gitVersion, minor: byFields, source: 'major/minor' };
  const byGit = minorOfVersionString(gitVersion);
  if (byGit !== undefined) return { gitVersion, minor: byGit, source: 'gitVersion' };
  if (stated !== undefined)
    return { gitVersion, minor: parseStatedVersion(stated), source: 'E2E_KUBERNETES_VERSION' };
  throw new Error(
    `${cluster}: GET /version names no Kubernetes version (major ${JSON.stringify(v.data.major ?? '')}, ` +
      `minor ${JSON.stringify(v.data.minor ?? '')}, gitVersion ${JSON.stringify(gitVersion)}): ` +
      'set E2E_KUBERNETES_VERSION=v1.N to the version it was built from',
  );
}

/** One line for reports, e.g. `v0.0.0-master+89aaf7c0, assumed v1.25 (E2E_KUBERNETES_VERSION)`. */
export function describeServerVersion(v: ServerVersion): string {
  if (v.source === 'major/minor') return `${v.gitVersion} (v1.${v.minor})`;
  const why =
    v.source === 'gitVersion' ? 'from gitVersion; /version has no major/minor' : 'E2E_KUBERNETES_VERSION';
  return `${v.gitVersion || '(no gitVersion)'}, assumed v1.${v.minor} (${why})`;
}
