// The hot path's decoding without a schema walk: hand-written checks that say "zod would accept this
// AdmissionReview (or Pod) and return it unchanged", so the parsed JSON is used as it is. Anything
// else (a wrong type, a default to fill in, an own __proto__ key) goes through the zod schemas, which
// decide and word the error. decode_fast.test.ts proves the claim against the schemas with fast-check.
import type { Pod } from '../api/index.js';

type Obj = Record<string, unknown>;

/** A JSON object as zod's looseObject takes it; an own __proto__ key is left to zod (it drops it). */
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.hasOwn(v, '__proto__');
}

const isNil = (v: unknown): v is null | undefined => v === undefined || v === null;
const str = (v: unknown) => isNil(v) || typeof v === 'string';
const bool = (v: unknown) => isNil(v) || typeof v === 'boolean';
/** z.number().int(): a safe integer. */
const int = (v: unknown) => isNil(v) || Number.isSafeInteger(v);
const obj = (v: unknown, check: (o: Obj) => boolean) => isNil(v) || (isObj(v) && check(v));

function list(v: unknown, check: (item: unknown) => boolean): boolean {
  if (isNil(v)) return true;
  if (!Array.isArray(v)) return false;
  for (const item of v) if (!check(item)) return false;
  return true;
}

function strMap(v: unknown): boolean {
  if (isNil(v)) return true;
  if (!isObj(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}

const isString = (v: unknown) => typeof v === 'string';
const seLinux = (v: unknown) =>
  obj(v, (o) => str(o['user']) && str(o['role']) && str(o['type']) && str(o['level']));
const profile = (v: unknown) => obj(v, (o) => str(o['type']) && str(o['localhostProfile']));
const windows = (v: unknown) => obj(v, (o) => bool(o['hostProcess']));
const host = (v: unknown) => obj(v, (o) => str(o['host']));
const handler = (v: unknown) => obj(v, (o) => host(o['httpGet']) && host(o['tcpSocket']));

const capabilities = (v: unknown) => obj(v, (o) => list(o['add'], isString) && list(o['drop'], isString));

function securityContext(o: Obj): boolean {
  return (
    capabilities(o['capabilities']) &&
    bool(o['privileged']) &&
    seLinux(o['seLinuxOptions']) &&
    windows(o['windowsOptions']) &&
    int(o['runAsUser']) &&
    int(o['runAsGroup']) &&
    bool(o['runAsNonRoot']) &&
    bool(o['readOnlyRootFilesystem']) &&
    bool(o['allowPrivilegeEscalation']) &&
    str(o['procMount']) &&
    profile(o['seccompProfile']) &&
    profile(o['appArmorProfile'])
  );
}

const port = (v: unknown) => isObj(v) && int(v['hostPort']) && int(v['containerPort']);

function container(v: unknown): boolean {
  if (!isObj(v)) return false;
  return (
    str(v['name']) &&
    str(v['image']) &&
    list(v['ports'], port) &&
    obj(v['securityContext'], securityContext) &&
    handler(v['livenessProbe']) &&
    handler(v['readinessProbe']) &&
    handler(v['startupProbe']) &&
    obj(v['lifecycle'], (l) => handler(l['postStart']) && handler(l['preStop']))
  );
}

const sysctl = (v: unknown) => isObj(v) && str(v['name']) && str(v['value']);
const isInt = (v: unknown) => Number.isSafeInteger(v);

function podSecurityContext(o: Obj): boolean {
  return (
    seLinux(o['seLinuxOptions']) &&
    windows(o['windowsOptions']) &&
    int(o['runAsUser']) &&
    int(o['runAsGroup']) &&
    bool(o['runAsNonRoot']) &&
    list(o['supplementalGroups'], isInt) &&
    int(o['fsGroup']) &&
    list(o['sysctls'], sysctl) &&
    profile(o['seccompProfile']) &&
    profile(o['appArmorProfile'])
  );
}

const volume = (v: unknown) => isObj(v) && str(v['name']);

function podSpec(o: Obj): boolean {
  return (
    list(o['volumes'], volume) &&
    list(o['initContainers'], container) &&
    list(o['containers'], container) &&
    list(o['ephemeralContainers'], container) &&
    bool(o['hostNetwork']) &&
    bool(o['hostPID']) &&
    bool(o['hostIPC']) &&
    bool(o['hostUsers']) &&
    obj(o['securityContext'], podSecurityContext) &&
    str(o['runtimeClassName']) &&
    obj(o['os'], (os) => str(os['name']))
  );
}

const ownerReference = (v: unknown) =>
  isObj(v) && str(v['uid']) && bool(v['controller']) && str(v['kind']) && str(v['name']);

function objectMeta(o: Obj): boolean {
  return (
    str(o['name']) &&
    str(o['namespace']) &&
    str(o['uid']) &&
    strMap(o['labels']) &&
    strMap(o['annotations']) &&
    list(o['ownerReferences'], ownerReference)
  );
}

/** True when decode.ts's podSchema accepts `raw` and returns it unchanged: then `raw` is the Pod. */
export function isPlainPod(raw: unknown): raw is Pod {
  return isObj(raw) && obj(raw['metadata'], objectMeta) && obj(raw['spec'], podSpec);
}

/** group and version are given (the schema would default them to ""), the third name too. */
const groupVersion = (v: unknown, name: string) =>
  isObj(v) &&
  typeof v['group'] === 'string' &&
  typeof v['version'] === 'string' &&
  typeof v[name] === 'string';

function request(v: unknown): boolean {
  return (
    isObj(v) &&
    typeof v['uid'] === 'string' &&
    groupVersion(v['kind'], 'kind') &&
    groupVersion(v['resource'], 'resource') &&
    str(v['subResource']) &&
    str(v['requestSubResource']) &&
    str(v['name']) &&
    str(v['namespace']) &&
    typeof v['operation'] === 'string' &&
    obj(v['userInfo'], (u) => str(u['username']))
  );
}

/**
 * The request of a review that review.ts's admissionReviewSchema accepts and returns unchanged, or
 * undefined (then the schema decides).
 */
export function plainReviewRequest(body: unknown): Obj | undefined {
  if (!isObj(body) || body['apiVersion'] !== 'admission.k8s.io/v1' || body['kind'] !== 'AdmissionReview')
    return undefined;
  const req = body['request'];
  return request(req) ? (req as Obj) : undefined;
}
