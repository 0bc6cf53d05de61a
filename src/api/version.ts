// Policy versions ("latest" or "v1.N"), their parsing with upstream's error text, and ordering
// (upstream api/helpers.go Version).

export interface Version {
  readonly latest: boolean;
  readonly major: number;
  readonly minor: number;
}

const latestVersion: Version = Object.freeze({ latest: true, major: 0, minor: 0 });

export function LatestVersion(): Version {
  return latestVersion;
}

export function MajorMinorVersion(major: number, minor: number): Version {
  return Object.freeze({ latest: false, major, minor });
}

export function versionString(v: Version): string {
  return v.latest ? 'latest' : `v${v.major}.${v.minor}`;
}

/** True if a is older than b. Latest is newer than every version, even future ones. */
export function versionOlder(a: Version, b: Version): boolean {
  if (a.latest) return false;
  if (b.latest) return true;
  if (a.major !== b.major) return a.major < b.major;
  return a.minor < b.minor;
}

export function versionEqual(a: Version, b: Version): boolean {
  return a.latest === b.latest && a.major === b.major && a.minor === b.minor;
}

export function nextMinor(v: Version): Version {
  return v.latest ? v : MajorMinorVersion(v.major, v.minor + 1);
}

const versionRegexp = /^v1\.([0-9]|[1-9][0-9]*)$/;

export const versionParseError = 'must be "latest" or "v1.x"';

export type ParseResult<T> = { value: T; error?: string };

/**
 * Returns the policy version to evaluate. Anything but "latest" or "v1.N" (no leading zeros)
 * yields latest and an error.
 */
export function ParseVersion(version: string): ParseResult<Version> {
  if (version === 'latest') return { value: latestVersion };
  const match = versionRegexp.exec(version);
  const minor = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!Number.isSafeInteger(minor)) return { value: latestVersion, error: versionParseError };
  return { value: MajorMinorVersion(1, minor) };
}
