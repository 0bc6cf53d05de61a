// Loading a PodSecurityConfiguration file (upstream admission/api/load): YAML or JSON, an empty file
// or no file giving the default configuration, then validation; every failure is one ConfigError.
import { readFile } from 'node:fs/promises';
import { loadConfigFromData } from './data.js';
import { defaultPodSecurityConfiguration } from './decode.js';
import { ConfigError } from './fielderrors.js';
import type { PodSecurityConfiguration } from './types.js';

export { loadConfigFromData };

/** Node's file errors as Go's os.ReadFile words them, e.g. `open x.yaml: no such file or directory`. */
export function readErrorMessage(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `open ${path}: no such file or directory`;
  if (code === 'EACCES') return `open ${path}: permission denied`;
  if (code === 'ENOTDIR') return `open ${path}: not a directory`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return `open ${path}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Go: LoadFromFile: no path gives the default configuration. */
export async function loadConfigFromFile(path: string): Promise<PodSecurityConfiguration> {
  if (path === '') return defaultPodSecurityConfiguration();
  let data: Uint8Array;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new ConfigError(undefined, [readErrorMessage(path, err)]);
  }
  return loadConfigFromData(data, path);
}
