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

/** Parses every object in a YAML/JSON text; `source` names it in errors. */
export function parseObjects(text: string, source: string): Record<string, unknown>[] {
  const docs = parseAllDocuments(text);
  const out: Record<string, unknown>[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) throw new CliUsageError(`${source}: invalid YAML/JSON: ${err.message.split('\n')[0]}`);
    for (const obj of flatten(doc.toJS())) {
      if (!isRecord(obj))
        throw new CliUsageError(`${source}: expected Kubernetes objects, found ${JSON.stringify(obj)}`);
      out.push(obj);
    }
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
