// Admission conformance vectors (conformance/admission/README.md): loads and validates the YAML vectors,
// drives each one through a `review` command (a subprocess, or this project's admission in-process) and
// compares the response review with what the vector expects.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { handleReview } from '../admission/review.js';
import { parseFeatureGates } from '../admission/features.js';
import { authorizationAnswersSchema } from '../admission/static_authorizer.js';
import { buildAdmission } from '../cli/setup.js';

/** A vector file that is not valid YAML or does not hold valid vectors; the message names the file. */
export class VectorFileError extends Error {}

/** An annotation value: exact, or (for decoder details that differ between languages) a prefix. */
const annotationValue = z.union([z.string(), z.strictObject({ prefix: z.string() })]);

const expectedSchema = z.strictObject({
  allowed: z.boolean(),
  code: z.number().int().optional(),
  message: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  auditAnnotations: z.record(z.string(), annotationValue).optional(),
});

const object = z.record(z.string(), z.unknown());

const requestSchema = z.looseObject({
  uid: z.string().min(1),
  kind: z.looseObject({ group: z.string(), version: z.string(), kind: z.string() }),
  resource: z.looseObject({ group: z.string(), version: z.string(), resource: z.string() }),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
});

const vectorSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be lower-case words joined by "-"'),
  description: z.string().optional(),
  config: object.optional(),
  featureGates: z.record(z.string(), z.boolean()).optional(),
  namespaces: z.array(object),
  pods: z.array(object).optional(),
  /** Who may update/patch pods/ephemeralcontainers (static_authorizer.ts); passed as --authorization. */
  authorization: authorizationAnswersSchema.optional(),
  request: requestSchema,
  expected: expectedSchema,
});

const fileSchema = z.union([
  z.array(z.unknown()),
  z.strictObject({ definitions: z.unknown().optional(), vectors: z.array(z.unknown()) }),
]);

export type Expected = z.infer<typeof expectedSchema>;

export interface Vector extends z.infer<typeof vectorSchema> {
  /** The file the vector came from, relative to the vectors folder. */
  readonly file: string;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** The vectors of one file: a YAML list of vectors, or a mapping with `vectors` (and free `definitions`). */
export function parseVectorFile(text: string, file: string): Vector[] {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: -1 });
  } catch (err) {
    throw new VectorFileError(
      `${file}: invalid YAML: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`,
    );
  }
  const top = fileSchema.safeParse(doc);
  if (!top.success)
    throw new VectorFileError(`${file}: expected a list of vectors or a mapping with "vectors"`);
  const items = Array.isArray(top.data) ? top.data : top.data.vectors;
  return items.map((item, i) => {
    const r = vectorSchema.safeParse(item);
    if (r.success) return { ...r.data, file };
    const name =
      typeof (item as { name?: unknown } | null)?.name === 'string'
        ? ` (${(item as { name: string }).name})`
        : '';
    throw new VectorFileError(`${file}: vector ${i + 1}${name}: ${issueText(r.error)}`);
  });
}

/** Every vector of every .yaml/.yml file in dir, files in name order; names must be unique. */
export async function loadVectors(dir: string): Promise<Vector[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new VectorFileError(`${dir}: no such folder`);
  }
  const files = entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const vectors: Vector[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const v of parseVectorFile(await readFile(join(dir, file), 'utf8'), file)) {
      const other = seen.get(v.name);
      if (other !== undefined)
        throw new VectorFileError(`${file}: vector name "${v.name}" already used in ${other}`);
      seen.set(v.name, file);
      vectors.push(v);
    }
  }
  if (vectors.length === 0) throw new VectorFileError(`${dir}: no vectors found`);
  return vectors;
}

/** The AdmissionReview a vector sends on stdin. */
export function reviewFor(v: Vector): unknown {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: v.request };
}

/**
 * The inputs of a review command: --config (only when the vector has one), --namespaces, --pods,
 * --feature-gates (only when the vector sets gates) and --authorization (only when it states answers).
 */
export interface VectorFiles {
  readonly config?: string;
  /** The vector's `authorization` answers as a JSON file. */
  readonly authorization?: string;
  /** `Name=bool,...` as Kubernetes components take --feature-gates. */
  readonly featureGates?: string;
  readonly namespaces: string;
  readonly pods: string;
}

export function reviewArgs(files: VectorFiles): string[] {
  const args = files.config === undefined ? [] : ['--config', files.config];
  const gates = files.featureGates === undefined ? [] : ['--feature-gates', files.featureGates];
  const authz = files.authorization === undefined ? [] : ['--authorization', files.authorization];
  return [...args, '--namespaces', files.namespaces, '--pods', files.pods, ...gates, ...authz];
}

/** Runs one review: resolves to the parsed response review, or rejects with a one-line reason. */
export type ReviewDriver = (review: unknown, files: VectorFiles) => Promise<unknown>;

/** Runs fn with the vector's --config, --namespaces and --pods written to a temporary folder. */
export async function withVectorFiles<T>(v: Vector, fn: (files: VectorFiles) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'psa-vector-'));
  try {
    const files: {
      config?: string;
      featureGates?: string;
      authorization?: string;
      namespaces: string;
      pods: string;
    } = {
      namespaces: join(dir, 'namespaces.json'),
      pods: join(dir, 'pods.json'),
    };
    if (v.featureGates !== undefined) {
      files.featureGates = Object.entries(v.featureGates)
        .map(([name, on]) => `${name}=${String(on)}`)
        .join(',');
    }
    await writeFile(files.namespaces, JSON.stringify(v.namespaces));
    await writeFile(files.pods, JSON.stringify(v.pods ?? []));
    if (v.authorization !== undefined) {
      files.authorization = join(dir, 'authorization.json');
      await writeFile(files.authorization, JSON.stringify(v.authorization));
    }
    if (v.config !== undefined) {
      files.config = join(dir, 'config.json');
      await writeFile(files.config, JSON.stringify(v.config));
    }
    return await fn(files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** This project's `review` command, in this process: the same setup and handler, without a subprocess. */
export const inProcessDriver: ReviewDriver = async (review, files) => {
  const admission = await buildAdmission({
    configFile: files.config,
    namespacesFile: files.namespaces,
    podsFile: files.pods,
    authorizationFile: files.authorization,
    ...(files.featureGates === undefined ? {} : { features: parseFeatureGates(files.featureGates) }),
  });
  return JSON.parse(JSON.stringify(await handleReview(admission, review)));
};

/** This project's built CLI: `node <dist>/src/cli/main.js review`. */
export function defaultReviewCommand(): string {
  const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  return `${shellQuote(process.execPath)} ${shellQuote(main)} review`;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/** A shell command run with the review flags appended; the review on stdin, the response on stdout. */
export function subprocessDriver(command: string): ReviewDriver {
  return (review, files) =>
    new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', `${command} "$@"`, 'sh', ...reviewArgs(files)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message}`)));
      child.on('close', (code) => {
        const stdout = Buffer.concat(out).toString('utf8');
        if (code !== 0) {
          reject(new Error(`exit code ${code}: ${firstLine(Buffer.concat(err).toString('utf8'))}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`stdout is not JSON: ${firstLine(stdout)}`));
        }
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(JSON.stringify(review));
    });
}

interface ResponseView {
  uid?: unknown;
  allowed?: unknown;
  status?: { code?: unknown; message?: unknown };
  warnings?: unknown;
  auditAnnotations?: unknown;
}

/** Values as YAML-ish text, strings unescaped, so long messages stay readable in a diff. */
function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${show(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

function difference(field: string, expected: unknown, actual: unknown): string {
  const lines = [`${field}:`, `    - expected ${show(expected)}`, `    + actual   ${show(actual)}`];
  if (typeof expected === 'string' && typeof actual === 'string') {
    let i = 0;
    while (i < expected.length && expected[i] === actual[i]) i++;
    lines.push(`      first difference at character ${i + 1}`);
  }
  return lines.join('\n');
}

function annotationsMatch(expected: Expected['auditAnnotations'], actual: unknown): boolean {
  const want = expected ?? {};
  const got = (actual ?? {}) as Record<string, unknown>;
  if (typeof got !== 'object' || Array.isArray(got)) return false;
  const keys = Object.keys(want).sort();
  if (!isDeepStrictEqual(keys, Object.keys(got).sort())) return false;
  return keys.every((k) => {
    const w = want[k];
    const g = got[k];
    if (typeof g !== 'string') return false;
    return typeof w === 'string' ? g === w : g.startsWith(w?.prefix ?? '');
  });
}

/** The differences between a response review and a vector's expectations; empty when it passes. */
export function compareResponse(v: Vector, review: unknown): string[] {
  const r = review as { apiVersion?: unknown; kind?: unknown; response?: ResponseView } | null;
  if (
    r?.apiVersion !== 'admission.k8s.io/v1' ||
    r.kind !== 'AdmissionReview' ||
    typeof r.response !== 'object'
  ) {
    return [
      `not an admission.k8s.io/v1 AdmissionReview with a response: ${firstLine(JSON.stringify(review))}`,
    ];
  }
  const res = r.response;
  const e = v.expected;
  const diffs: string[] = [];
  if (res.uid !== v.request.uid) diffs.push(difference('response.uid', v.request.uid, res.uid));
  if (res.allowed !== e.allowed) diffs.push(difference('allowed', e.allowed, res.allowed));
  if (e.code === undefined && e.allowed && res.status !== undefined)
    diffs.push(difference('status', undefined, res.status));
  if (e.code !== undefined && res.status?.code !== e.code)
    diffs.push(difference('status.code', e.code, res.status?.code));
  if (e.message !== undefined && res.status?.message !== e.message) {
    diffs.push(difference('status.message', e.message, res.status?.message));
  }
  if (!isDeepStrictEqual(e.warnings ?? [], res.warnings ?? [])) {
    diffs.push(difference('warnings', e.warnings ?? [], res.warnings ?? []));
  }
  if (!annotationsMatch(e.auditAnnotations, res.auditAnnotations)) {
    diffs.push(difference('auditAnnotations', e.auditAnnotations ?? {}, res.auditAnnotations ?? {}));
  }
  return diffs;
}

export interface VectorResult {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed: differences, or the driver's error. */
  readonly differences: readonly string[];
}

export interface VectorReport {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly VectorResult[];
}

async function runOne(v: Vector, driver: ReviewDriver): Promise<VectorResult> {
  let differences: string[];
  try {
    const review = await withVectorFiles(v, (files) => driver(reviewFor(v), files));
    differences = compareResponse(v, review);
  } catch (err) {
    differences = [`review failed: ${err instanceof Error ? err.message : String(err)}`];
  }
  return { file: v.file, name: v.name, passed: differences.length === 0, differences };
}

/** Runs every vector through the driver, at most `jobs` at a time; results keep the vectors' order. */
export async function runVectors(
  vectors: readonly Vector[],
  driver: ReviewDriver,
  jobs = 4,
): Promise<VectorReport> {
  const results: VectorResult[] = new Array(vectors.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < vectors.length) {
      const i = next++;
      results[i] = await runOne(vectors[i] as Vector, driver);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, vectors.length)) }, worker));
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, results };
}

/** Every failure with its differences, then `N passed, M failed`. */
export function formatVectorReport(report: VectorReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.passed) continue;
    lines.push(`FAIL ${r.file}: ${r.name}`, ...r.differences.map((d) => `  ${d}`));
  }
  if (lines.length > 0) lines.push('');
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
