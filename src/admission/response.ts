// Admission responses (upstream admission/response.go): shared allowed responses are deeply frozen,
// so a caller that needs to add warnings must start from allowedResponse().
import {
  EnforcedPolicyAnnotationKey,
  ExemptionReasonAnnotationKey,
  type Attributes,
  type FieldErrorList,
} from '../api/index.js';
import { forbiddenStatus, invalidStatus, type Status } from './status.js';

/** admission.k8s.io/v1 AdmissionResponse without uid, keys in Go's JSON field order. */
export interface AdmissionResponse {
  allowed: boolean;
  status?: Status;
  auditAnnotations?: Record<string, string>;
  warnings?: string[];
}

export function allowedResponse(): AdmissionResponse {
  return { allowed: true };
}

function sharedAllowed(annotations?: Record<string, string>): Readonly<AdmissionResponse> {
  const r: AdmissionResponse = { allowed: true };
  if (annotations) r.auditAnnotations = Object.freeze(annotations) as Record<string, string>;
  return Object.freeze(r);
}

export const sharedAllowedResponse = sharedAllowed();
export const sharedAllowedPrivilegedResponse = sharedAllowed({
  [EnforcedPolicyAnnotationKey]: 'privileged:latest',
});
export const sharedAllowedByUserExemptionResponse = sharedAllowed({ [ExemptionReasonAnnotationKey]: 'user' });
export const sharedAllowedByNamespaceExemptionResponse = sharedAllowed({
  [ExemptionReasonAnnotationKey]: 'namespace',
});
export const sharedAllowedByRuntimeClassExemptionResponse = sharedAllowed({
  [ExemptionReasonAnnotationKey]: 'runtimeClass',
});

/** The decision is deny for policy violations. */
export function forbiddenResponse(attrs: Attributes, message: string): AdmissionResponse {
  return { allowed: false, status: forbiddenStatus(attrs.resource, attrs.name, message) };
}

/** Namespace requests whose pod security labels are invalid. */
export function invalidResponse(attrs: Attributes, errs: FieldErrorList): AdmissionResponse {
  return { allowed: false, status: invalidStatus(attrs.kind, attrs.name, errs) };
}

/** Generic errors: the status, plus an `error` audit annotation with the cause when known. */
export function errorResponse(cause: string | undefined, status: Status): AdmissionResponse {
  const detail = cause === undefined ? status.message : `${status.message}: ${cause}`;
  return { allowed: false, status, auditAnnotations: { error: detail } };
}
