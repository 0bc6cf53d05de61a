// Reading configuration text as upstream's universal decoder does: JSON when it starts with "{",
// YAML 1.1 otherwise (sigs.k8s.io/yaml), with duplicate keys found as its strict mode finds them.
import YAML, {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { goQuote } from '../../api/index.js';
import type { StrictFindings } from './decode.js';

/** The document as a JSON value (null when there is none) and the duplicate keys found in it. */
export interface ParsedDocument {
  readonly value: unknown;
  readonly strict: StrictFindings;
}

/** Text that cannot be parsed at all; the message is the reason. */
export class SyntaxParseError extends Error {}

/**
 * YAML 1.1, as go-yaml v2 reads it: `on`, `yes`, `y` are booleans. Timestamps stay strings, as
 * go-yaml v2 leaves them when decoding into interface{}. Duplicate keys are collected, not fatal.
 */
const yamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: false,
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
};

/** Go: utilyaml.IsJSONBuffer. */
function isJSON(text: string): boolean {
  return /^[ \t\r\n]*\{/.test(text);
}

interface Duplicate {
  readonly path: readonly PropertyKey[];
  readonly key: unknown;
  readonly line: number;
}

/**
 * Duplicate mapping keys in document order. go-yaml v2 skips the value of a duplicate key, while
 * the JSON decoder decodes it (and reports what is inside): `descendIntoDuplicates` chooses.
 */
function findDuplicates(
  node: unknown,
  path: PropertyKey[],
  lc: LineCounter,
  descendIntoDuplicates: boolean,
): Duplicate[] {
  const out: Duplicate[] = [];
  if (isSeq(node)) {
    node.items.forEach((item, i) =>
      out.push(...findDuplicates(item, [...path, i], lc, descendIntoDuplicates)),
    );
  } else if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      const name = String(key);
      const duplicate = seen.has(name) && name !== '<<';
      if (duplicate) {
        const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
        out.push({ path: [...path, name], key, line: lc.linePos(offset).line });
      }
      seen.add(name);
      if (!duplicate || descendIntoDuplicates) {
        out.push(...findDuplicates(pair.value, [...path, name], lc, descendIntoDuplicates));
      }
    }
  }
  return out;
}

/** Go's %#v of a decoded YAML key. */
function goSyntax(key: unknown): string {
  return typeof key === 'string' ? goQuote(key) : String(key);
}

/** sigs.k8s.io/yaml YAMLToJSONStrict's error for duplicate keys (go-yaml v2 UnmarshalStrict). */
function yamlDuplicatesError(dups: readonly Duplicate[]): string {
  const lines = dups.map((d) => `line ${d.line}: key ${goSyntax(d.key)} already set in map`);
  return `error converting YAML to JSON: yaml: unmarshal errors:\n  ${lines.join('\n  ')}`;
}

function firstDocument(text: string, options: ParseOptions & DocumentOptions & SchemaOptions) {
  const docs = YAML.parseAllDocuments(text, options);
  return Array.isArray(docs) ? docs[0] : undefined;
}

/**
 * JSON nested deeper than this is refused before any recursive walk: JSON.parse takes any depth, the
 * walks below (and in decode.ts) would overflow the stack at a few thousand levels. Go's decoder stops
 * at 10000; a valid configuration is 3 levels deep, so only the message of invalid files differs.
 */
export const maxJSONDepth = 1000;

/** True when arrays and objects nest deeper than `limit`; iterative, so any depth is safe. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function parseJSON(text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SyntaxParseError(`couldn't get version/kind; json parse error: ${reason}`);
  }
  if (nestedDeeperThan(value, maxJSONDepth)) {
    throw new SyntaxParseError(
      `couldn't get version/kind; json parse error: exceeded max depth of ${maxJSONDepth}`,
    );
  }
  // Valid JSON is valid YAML 1.2: its syntax tree gives the duplicate keys the JSON decoder reports.
  const lineCounter = new LineCounter();
  const doc = firstDocument(text, { version: '1.2', uniqueKeys: false, lineCounter });
  const dups = doc === undefined ? [] : findDuplicates(doc.contents, [], lineCounter, true);
  return { value, strict: { duplicatePaths: dups.map((d) => d.path) } };
}

function parseYAML(text: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = firstDocument(text, { ...yamlOptions, lineCounter });
  if (doc === undefined) return { value: null, strict: {} };
  const [syntaxError] = doc.errors;
  if (syntaxError !== undefined) {
    const reason = (syntaxError.message.split('\n')[0] ?? '').replace(/:$/, '');
    throw new SyntaxParseError(`error converting YAML to JSON: yaml: ${reason}`);
  }
  const dups = findDuplicates(doc.contents, [], lineCounter, false);
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // Aliases are resolved here: an unknown anchor or excessive aliasing (a "billion laughs" document).
    const reason = err instanceof Error ? err.message : String(err);
    throw new SyntaxParseError(`error converting YAML to JSON: yaml: ${reason}`);
  }
  return { value, strict: dups.length > 0 ? { leading: [yamlDuplicatesError(dups)] } : {} };
}

/** Parses non-empty configuration text; throws SyntaxParseError when it is neither JSON nor YAML. */
export function parseConfigDocument(text: string): ParsedDocument {
  return isJSON(text) ? parseJSON(text) : parseYAML(text);
}
