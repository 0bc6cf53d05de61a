// Reads Kubernetes objects from YAML or JSON files: multi-document YAML, a single object, a JSON array,
// or a List; bad input becomes a one-line CliUsageError naming the file.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { CliUsageError } from './errors.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(doc: unknown): unknown[] {
  if (doc === null || doc === undefined) return [];
  if (Array.isArray(doc)) return doc.flatMap(flatten);
  if (
    isRecord(doc) &&
    typeof doc['kind'] === 'string' &&
    doc['kind'].endsWith('List') &&
    Array.isArray(doc['items'])
  ) {
    return doc['items'].flatMap(flatten);
  }
  return [doc];
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(`${file}: cannot read file${code ? ` (${code})` : ''}`);
  }
}

/**
 * A text that is one JSON object or array, read by JSON.parse. YAML 1.2 is a superset of JSON, so the
 * value is the one the YAML parser would give, but the YAML parser needs over a minute and 1.5 GB for a
 * 23 MB list of 100 000 namespaces (`make bench`). The one difference: duplicate keys keep the last
 * value, as Go's encoding/json does, where the YAML parser refuses them. Anything else (YAML, several
 * documents, invalid JSON) returns undefined and is left to the YAML parser and its messages.
 */
function parseJSONText(text: string): { readonly value: unknown } | undefined {
  if (!startsLikeJSON(text)) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Whether the first non-blank character opens an object or array. Not a RegExp: V8 keeps the last
 * subject a RegExp matched (RegExp.input), which would pin a 23 MB file text in memory for good.
 */
function startsLikeJSON(text: string): boolean {
  for (const ch of text) {
    if (ch === '{' || ch === '[') return true;
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r' && ch !== '\ufeff') return false;
  }
  return false;
}

/** The Kubernetes objects in one parsed document: the value, an array's elements or a List's items. */
function objectsOf(value: unknown, source: string, out: Record<string, unknown>[]): void {
  for (const obj of flatten(value)) {
    if (!isRecord(obj))
      throw new CliUsageError(`${source}: expected Kubernetes objects, found ${JSON.stringify(obj)}`);
    out.push(obj);
  }
}

/** Parses every object in a YAML/JSON text; `source` names it in errors. */
export function parseObjects(text: string, source: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const json = parseJSONText(text);
  if (json !== undefined) {
    objectsOf(json.value, source, out);
    return out;
  }
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) throw new CliUsageError(`${source}: invalid YAML/JSON: ${err.message.split('\n')[0]}`);
    let value: unknown;
    try {
      value = doc.toJS(); // throws on unknown anchors and on alias expansion past the parser's limit
    } catch (e) {
      throw new CliUsageError(`${source}: invalid YAML/JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    objectsOf(value, source, out);
  }
  return out;
}

export function readObjects(file: string): Record<string, unknown>[] {
  return parseObjects(readText(file), file);
}

/** Objects of one kind; anything else is an error naming the file and the object. */
export function readObjectsOfKind(file: string, kind: string): Record<string, unknown>[] {
  const objects = readObjects(file);
  objects.forEach((o, i) => {
    if (o['kind'] !== undefined && o['kind'] !== kind) {
      throw new CliUsageError(
        `${file}: object ${i + 1} has kind ${JSON.stringify(o['kind'])}, expected ${kind}`,
      );
    }
  });
  return objects;
}
