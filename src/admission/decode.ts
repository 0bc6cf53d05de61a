// Decoding of the objects inside an AdmissionRequest: zod schemas that type-check every field Pod
// Security reads (as Go's typed decoder would reject a wrong type) and pass unknown fields through.
import { z } from 'zod';
import { isPlainPod } from './decode_fast.js';
import type { Namespace } from './ports.js';
import type { GroupVersionKind, ObjectMeta, Pod, PodSpec } from '../api/index.js';

const str = z.string().nullish();
const bool = z.boolean().nullish();
const int = z.number().int().nullish();
const strList = z.array(z.string()).nullish();
const strMap = z.record(z.string(), z.string()).nullish();

const seLinux = z.looseObject({ user: str, role: str, type: str, level: str }).nullish();
const profile = z.looseObject({ type: str, localhostProfile: str }).nullish();
const windows = z.looseObject({ hostProcess: bool }).nullish();
const handler = z
  .looseObject({
    httpGet: z.looseObject({ host: str }).nullish(),
    tcpSocket: z.looseObject({ host: str }).nullish(),
  })
  .nullish();

const securityContext = z
  .looseObject({
    capabilities: z.looseObject({ add: strList, drop: strList }).nullish(),
    privileged: bool,
    seLinuxOptions: seLinux,
    windowsOptions: windows,
    runAsUser: int,
    runAsGroup: int,
    runAsNonRoot: bool,
    readOnlyRootFilesystem: bool,
    allowPrivilegeEscalation: bool,
    procMount: str,
    seccompProfile: profile,
    appArmorProfile: profile,
  })
  .nullish();

const container = z.looseObject({
  name: str,
  image: str,
  ports: z.array(z.looseObject({ hostPort: int, containerPort: int })).nullish(),
  securityContext,
  livenessProbe: handler,
  readinessProbe: handler,
  startupProbe: handler,
  lifecycle: z.looseObject({ postStart: handler, preStop: handler }).nullish(),
});

const podSecurityContext = z
  .looseObject({
    seLinuxOptions: seLinux,
    windowsOptions: windows,
    runAsUser: int,
    runAsGroup: int,
    runAsNonRoot: bool,
    supplementalGroups: z.array(z.number().int()).nullish(),
    fsGroup: int,
    sysctls: z.array(z.looseObject({ name: str, value: str })).nullish(),
    seccompProfile: profile,
    appArmorProfile: profile,
  })
  .nullish();

export const podSpecSchema = z.looseObject({
  volumes: z.array(z.looseObject({ name: str })).nullish(),
  initContainers: z.array(container).nullish(),
  containers: z.array(container).nullish(),
  ephemeralContainers: z.array(container).nullish(),
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  hostUsers: bool,
  securityContext: podSecurityContext,
  runtimeClassName: str,
  os: z.looseObject({ name: str }).nullish(),
});

export const objectMetaSchema = z.looseObject({
  name: str,
  namespace: str,
  uid: str,
  labels: strMap,
  annotations: strMap,
  ownerReferences: z.array(z.looseObject({ uid: str, controller: bool, kind: str, name: str })).nullish(),
});

export const podSchema = z.looseObject({
  metadata: objectMetaSchema.nullish(),
  spec: podSpecSchema.nullish(),
});
export const namespaceSchema = z.looseObject({ metadata: objectMetaSchema.nullish() });

const templateSchema = z.looseObject({ metadata: objectMetaSchema.nullish(), spec: podSpecSchema.nullish() });

/** A decoding failure, with a Go-like one-line reason. */
export class DecodeError extends Error {}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid object';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  if (!isRecord(raw)) throw new DecodeError('object is not a JSON object');
  const r = schema.safeParse(raw);
  if (!r.success) throw new DecodeError(describe(r.error));
  return r.data;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The kind Go's decoder gives an object: its own apiVersion and kind, each defaulted from the request's
 * kind when unset (apimachinery gvkWithDefaults).
 */
export function objectKind(raw: unknown, requestKind: GroupVersionKind): GroupVersionKind {
  const o = isRecord(raw) ? raw : {};
  const apiVersion = typeof o['apiVersion'] === 'string' ? o['apiVersion'] : '';
  const kind = typeof o['kind'] === 'string' && o['kind'] !== '' ? o['kind'] : requestKind.kind;
  if (apiVersion === '') return { group: requestKind.group, version: requestKind.version, kind };
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion, kind };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

export const podKind: GroupVersionKind = Object.freeze({ group: '', version: 'v1', kind: 'Pod' });
export const namespaceKind: GroupVersionKind = Object.freeze({ group: '', version: 'v1', kind: 'Namespace' });

/**
 * True when the request carries no object, or one that decodes as another kind: upstream's type
 * assertion fails ("failed to decode pod"). A value that is not an object fails decoding instead.
 */
export function notOfKind(raw: unknown, requestKind: GroupVersionKind, want: GroupVersionKind): boolean {
  if (raw === null || raw === undefined) return true;
  if (!isRecord(raw)) return false;
  const k = objectKind(raw, requestKind);
  return k.group !== want.group || k.version !== want.version || k.kind !== want.kind;
}

export function decodePod(raw: unknown): Pod {
  // The common case (the schema would return the object unchanged) skips the schema walk.
  if (isPlainPod(raw)) return raw;
  return parse(podSchema, raw) as Pod;
}

export function decodeNamespace(raw: unknown): Namespace {
  return parse(namespaceSchema, raw) as Namespace;
}

export interface PodTemplate {
  readonly metadata: ObjectMeta | null | undefined;
  readonly spec: PodSpec;
}

/** Go's zero PodSpec for an absent spec. */
export function templateOf(
  t: { metadata?: ObjectMeta | null; spec?: PodSpec | null } | null | undefined,
): PodTemplate | undefined {
  if (t === null || t === undefined) return undefined;
  return { metadata: t.metadata ?? {}, spec: t.spec ?? {} };
}

export const controllerSchemas = {
  template: z.looseObject({ template: templateSchema.nullish() }),
  specTemplate: z.looseObject({ spec: z.looseObject({ template: templateSchema.nullish() }).nullish() }),
  cronJob: z.looseObject({
    spec: z
      .looseObject({
        jobTemplate: z
          .looseObject({ spec: z.looseObject({ template: templateSchema.nullish() }).nullish() })
          .nullish(),
      })
      .nullish(),
  }),
};

export { parse as decodeWith };
