// Loading a PodSecurityConfiguration file (upstream admission/api/load): YAML or JSON, an empty file
// or no file giving the default configuration, then validation; every failure is one ConfigError.
import { readFile } from 'node:fs/promises';
import { decodePodSecurityConfiguration, defaultPodSecurityConfiguration } from './decode.js';
import { ConfigError, configFieldErrorString } from './fielderrors.js';
import { parseConfigDocument, SyntaxParseError, type ParsedDocument } from './parse.js';
import type { PodSecurityConfiguration } from './types.js';
import { validatePodSecurityConfiguration } from './validation.js';

function parse(text: string, source: string): ParsedDocument {
  try {
    return parseConfigDocument(text);
  } catch (err) {
    if (err instanceof SyntaxParseError) throw new ConfigError(source, [err.message]);
    throw err;
  }
}

/** Node's file errors as Go's os.ReadFile words them, e.g. `open x.yaml: no such file or directory`. */
export function readErrorMessage(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `open ${path}: no such file or directory`;
  if (code === 'EACCES') return `open ${path}: permission denied`;
  if (code === 'ENOTDIR') return `open ${path}: not a directory`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return `open ${path}: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Go: LoadFromData, then ValidatePodSecurityConfiguration. Zero bytes give the default configuration;
 * anything else must be a registered apiVersion and kind, decoded strictly and valid. `source` (the
 * file name) starts every error message.
 */
export function loadConfigFromData(data: Uint8Array | string, source: string): PodSecurityConfiguration {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  let config: PodSecurityConfiguration;
  if (text.length === 0) {
    config = defaultPodSecurityConfiguration();
  } else {
    const { value, strict } = parse(text, source);
    const decoded = decodePodSecurityConfiguration(value, text, strict);
    if ('error' in decoded) throw new ConfigError(source, [decoded.error]);
    config = decoded.config;
  }
  const errs = validatePodSecurityConfiguration(config);
  if (errs.length > 0) throw new ConfigError(source, errs.map(configFieldErrorString));
  return config;
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
