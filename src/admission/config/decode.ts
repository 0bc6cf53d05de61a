// Decoding of a parsed configuration document as upstream's strict universal decoder does: apiVersion
// and kind first, then the versioned zod schema, with Go's messages (first type error, or strict errors).
import type { z } from 'zod';
import { goQuote } from '../../api/index.js';
import { GroupName, Kind, type PodSecurityConfiguration } from './types.js';
import * as v1 from './v1.js';
import * as v1alpha1 from './v1alpha1.js';
import * as v1beta1 from './v1beta1.js';

/** Strict-mode findings of the parser: messages reported first, and duplicate keys of a JSON document. */
export interface StrictFindings {
  readonly leading?: readonly string[];
  readonly duplicatePaths?: readonly (readonly PropertyKey[])[];
}

export type DecodeResult = { readonly config: PodSecurityConfiguration } | { readonly error: string };

interface VersionCodec {
  decode(raw: unknown): { config: PodSecurityConfiguration } | { issues: readonly z.core.$ZodIssue[] };
}

function codec<T>(schema: z.ZodType<T>, toInternal: (t: T) => PodSecurityConfiguration): VersionCodec {
  return {
    decode(raw) {
      const r = schema.safeParse(raw);
      return r.success ? { config: toInternal(r.data) } : { issues: r.error.issues };
    },
  };
}

/** The registered versions (upstream scheme.go), by version within GroupName. */
const codecs: Readonly<Record<string, VersionCodec>> = {
  v1: codec(v1.PodSecurityConfigurationSchema, v1.toInternal),
  v1beta1: codec(v1beta1.PodSecurityConfigurationSchema, v1beta1.toInternal),
  v1alpha1: codec(v1alpha1.PodSecurityConfigurationSchema, v1alpha1.toInternal),
};

/** The name Go's encoding/json gives a JSON value in UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const interpretPrefix = "couldn't get version/kind; json parse error: ";
const findKindType =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

interface TypeMeta {
  apiVersion: string;
  kind: string;
}

/** Go: SimpleMetaFactory.Interpret: encoding/json into {apiVersion, kind}, keys matched ignoring case. */
function interpret(raw: unknown): TypeMeta | { error: string } {
  const meta: TypeMeta = { apiVersion: '', kind: '' };
  if (raw === null || raw === undefined) return meta;
  if (!isObject(raw)) {
    return {
      error: `${interpretPrefix}json: cannot unmarshal ${jsonKind(raw)} into Go value of type ${findKindType}`,
    };
  }
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase();
    const field = lower === 'apiversion' ? 'apiVersion' : lower === 'kind' ? 'kind' : undefined;
    if (field === undefined || value === null) continue;
    if (typeof value !== 'string') {
      return {
        error: `${interpretPrefix}json: cannot unmarshal ${jsonKind(value)} into Go struct field .${field} of type string`,
      };
    }
    meta[field] = value;
  }
  return meta;
}

/** Go: schema.ParseGroupVersion. */
function parseGroupVersion(gv: string): { group: string; version: string } | { error: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: gv };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return { error: `unexpected GroupVersion string: ${gv}` };
}

type Path = readonly PropertyKey[];

/** Preorder positions of every path in the document, to report errors in document order as Go does. */
function documentOrder(raw: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const visit = (v: unknown, path: PropertyKey[]): void => {
    order.set(pathKey(path), order.size);
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, [...path, i]));
    else if (isObject(v)) for (const [k, item] of Object.entries(v)) visit(item, [...path, k]);
  };
  visit(raw, []);
  return order;
}

function pathKey(path: Path): string {
  return JSON.stringify(path.map(String));
}

function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const p of path)
    v = isObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** kjson's strict field path: keys joined by dots, indices in brackets. */
function strictPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/** Go type of the struct field at path, and the struct holding it, in the versioned package pkg. */
function goFieldType(pkg: string, path: Path): { struct: string; type: string } {
  const [top] = path;
  if (path.length === 1) {
    if (top === 'defaults') return { struct: 'PodSecurityConfiguration', type: `${pkg}.PodSecurityDefaults` };
    if (top === 'exemptions')
      return { struct: 'PodSecurityConfiguration', type: `${pkg}.PodSecurityExemptions` };
    return { struct: 'PodSecurityConfiguration', type: 'string' };
  }
  if (top === 'defaults') return { struct: 'PodSecurityDefaults', type: 'string' };
  return {
    struct: 'PodSecurityExemptions',
    type: typeof path[path.length - 1] === 'number' ? 'string' : '[]string',
  };
}

/** Go: UnmarshalTypeError.Error() with its struct field context (array indices are not part of it). */
function typeErrorMessage(pkg: string, raw: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return `${strictPath(issue.path)}: ${issue.message}`;
  const { struct, type } = goFieldType(pkg, issue.path);
  const field = issue.path
    .filter((p) => typeof p !== 'number')
    .map(String)
    .join('.');
  const value = jsonKind(valueAt(raw, issue.path));
  return `json: cannot unmarshal ${value} into Go struct field ${struct}.${field} of type ${type}`;
}

const maxStrictErrors = 100;

/**
 * Go: the first type error in document order is fatal on its own; otherwise the strict errors (the
 * parser's, then unknown and duplicate fields in document order) are listed together, if any.
 */
function decodeErrorMessage(
  pkg: string,
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
  strict: StrictFindings,
): string | undefined {
  const order = documentOrder(raw);
  const position = (path: Path): number => order.get(pathKey(path)) ?? Number.MAX_SAFE_INTEGER;
  const byPosition = (a: Path, b: Path): number => position(a) - position(b);
  const [fatal] = issues
    .filter((i) => i.code !== 'unrecognized_keys')
    .sort((a, b) => byPosition(a.path, b.path));
  if (fatal !== undefined) return typeErrorMessage(pkg, raw, fatal);
  const fields: { path: Path; kind: string }[] = [
    ...issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: [...i.path, k], kind: 'unknown field' }))
        : [],
    ),
    ...(strict.duplicatePaths ?? []).map((path) => ({ path, kind: 'duplicate field' })),
  ];
  fields.sort((a, b) => byPosition(a.path, b.path));
  const messages = [
    ...(strict.leading ?? []),
    ...fields.map((f) => `${f.kind} ${goQuote(strictPath(f.path))}`),
  ].slice(0, maxStrictErrors);
  return messages.length === 0 ? undefined : `strict decoding error: ${messages.join(', ')}`;
}

/**
 * Decodes a parsed document (JSON value; null for an empty YAML document) into the internal
 * configuration. `original` is the source text, quoted in upstream's missing apiVersion/kind errors;
 * `strict` holds what the parser found (duplicate keys), reported with the unknown fields.
 */
export function decodePodSecurityConfiguration(
  raw: unknown,
  original: string,
  strict: StrictFindings = {},
): DecodeResult {
  const meta = interpret(raw);
  if ('error' in meta) return meta;
  const gv = parseGroupVersion(meta.apiVersion);
  if ('error' in gv) return gv;
  if (meta.kind === '') return { error: `Object 'Kind' is missing in '${original}'` };
  if (gv.version === '') return { error: `Object 'apiVersion' is missing in '${original}'` };
  const registered = gv.group === GroupName && meta.kind === Kind && Object.hasOwn(codecs, gv.version);
  const versionCodec = registered ? codecs[gv.version] : undefined;
  if (versionCodec === undefined) {
    const gvString = gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
    return { error: `no kind ${goQuote(meta.kind)} is registered for version ${goQuote(gvString)}` };
  }
  const r = versionCodec.decode(raw);
  const issues = 'issues' in r ? r.issues : [];
  const error = decodeErrorMessage(gv.version, raw, issues, strict);
  if (error !== undefined) return { error };
  // A failed parse always has a type error or an unknown field, so this is only for the type checker.
  return 'config' in r ? r : { error: issues.map((i) => i.message).join(', ') };
}

/** Go: LoadFromData(nil): an empty v1 object, defaulted and converted. */
export function defaultPodSecurityConfiguration(): PodSecurityConfiguration {
  return v1.toInternal(v1.PodSecurityConfigurationSchema.parse({ apiVersion: v1.APIVersion, kind: Kind }));
}
