// AdmissionReview in and out: the zod-checked admission.k8s.io/v1 request, its Attributes, and the
// response review with keys in Go's JSON order and the request uid echoed.
import { z } from 'zod';
import type { Attributes } from '../api/index.js';
import { compareGoStrings } from '../policy/helpers.js';
import type { Admission } from './admission.js';
import { plainReviewRequest } from './decode_fast.js';
import type { RequestContext } from './ports.js';
import type { AdmissionResponse } from './response.js';

const gvk = z.looseObject({
  group: z.string().default(''),
  version: z.string().default(''),
  kind: z.string(),
});
const gvr = z.looseObject({
  group: z.string().default(''),
  version: z.string().default(''),
  resource: z.string(),
});

const requestSchema = z.looseObject({
  uid: z.string(),
  kind: gvk,
  resource: gvr,
  subResource: z.string().nullish(),
  requestSubResource: z.string().nullish(),
  name: z.string().nullish(),
  namespace: z.string().nullish(),
  operation: z.string(),
  userInfo: z.looseObject({ username: z.string().nullish() }).nullish(),
  // Absent in reviews that have none (oldObject on CREATE, object on DELETE); Go decodes them as null.
  object: z.unknown().optional(),
  oldObject: z.unknown().optional(),
});

export const admissionReviewSchema = z.looseObject({
  apiVersion: z.literal('admission.k8s.io/v1'),
  kind: z.literal('AdmissionReview'),
  request: requestSchema,
});

export type AdmissionRequest = z.infer<typeof requestSchema>;

/** A body that is not an admission.k8s.io/v1 AdmissionReview with a request. */
export class InvalidReviewError extends Error {}

export function parseAdmissionReview(body: unknown): AdmissionRequest {
  const plain = plainReviewRequest(body);
  if (plain !== undefined) return plain as AdmissionRequest;
  const r = admissionReviewSchema.safeParse(body);
  if (r.success) return r.data.request;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new InvalidReviewError(
    `not an admission.k8s.io/v1 AdmissionReview: ${where}${issue?.message ?? 'invalid'}`,
  );
}

export function requestAttributes(req: AdmissionRequest): Attributes {
  return {
    name: req.name ?? '',
    namespace: req.namespace ?? '',
    kind: { group: req.kind.group, version: req.kind.version, kind: req.kind.kind },
    resource: { group: req.resource.group, version: req.resource.version, resource: req.resource.resource },
    subresource: req.requestSubResource ?? req.subResource ?? '',
    operation: req.operation,
    username: req.userInfo?.username ?? '',
    userInfo: req.userInfo ?? null,
    object: req.object ?? null,
    oldObject: req.oldObject ?? null,
  };
}

export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: { uid: string } & AdmissionResponse;
}

/**
 * A string map as Go's encoding/json writes it: keys in byte (code point) order, whatever the insertion
 * order. Audit annotation keys are qualified names, never array indices (which JavaScript enumerates first).
 */
export function goSortedMap(m: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => compareGoStrings(a, b)));
}

/**
 * The response review; a fresh object in Go's field order (structs) and sorted keys (the one map,
 * auditAnnotations), so its JSON is byte-identical to upstream's; never the shared response itself.
 */
export function reviewResponse(uid: string, r: Readonly<AdmissionResponse>): AdmissionReviewResponse {
  const response: { uid: string } & AdmissionResponse = { uid, allowed: r.allowed };
  if (r.status) response.status = r.status;
  if (r.auditAnnotations && Object.keys(r.auditAnnotations).length > 0)
    response.auditAnnotations = goSortedMap(r.auditAnnotations);
  if (r.warnings && r.warnings.length > 0) response.warnings = [...r.warnings];
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** Handles one review body end to end; throws InvalidReviewError for a body that is not a review. */
export async function handleReview(
  admission: Admission,
  body: unknown,
  ctx: RequestContext = {},
): Promise<AdmissionReviewResponse> {
  const req = parseAdmissionReview(body);
  const response = await admission.validate(requestAttributes(req), ctx);
  return reviewResponse(req.uid, response);
}
