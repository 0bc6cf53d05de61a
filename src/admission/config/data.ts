// Decoding and validating PodSecurityConfiguration text (upstream admission/api/load LoadFromData),
// without file access, so the CLI (load.ts) and the browser playground share it.
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
