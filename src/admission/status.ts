// metav1.Status values as apimachinery's apierrors constructors build them (NewForbidden, NewInvalid,
// NewBadRequest, NewInternalError), with keys in Go's JSON field order.
import {
  fieldErrorsAggregate,
  goQuote,
  groupKindString,
  groupResourceString,
  type FieldErrorList,
  type GroupVersionKind,
  type GroupVersionResource,
} from '../api/index.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface Status {
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

function details(name: string, group: string, kind: string, causes?: StatusCause[]): StatusDetails {
  const d: StatusDetails = {};
  if (name !== '') d.name = name;
  if (group !== '') d.group = group;
  if (kind !== '') d.kind = kind;
  if (causes !== undefined && causes.length > 0) d.causes = causes;
  return d;
}

export function forbiddenStatus(resource: GroupVersionResource, name: string, message: string): Status {
  const gr = groupResourceString(resource);
  let full: string;
  if (resource.group === '' && resource.resource === '') full = `forbidden: ${message}`;
  else if (name === '') full = `${gr} is forbidden: ${message}`;
  else full = `${gr} ${goQuote(name)} is forbidden: ${message}`;
  return {
    metadata: {},
    status: 'Failure',
    message: full,
    reason: 'Forbidden',
    details: details(name, resource.group, resource.resource),
    code: 403,
  };
}

export function invalidStatus(kind: GroupVersionKind, name: string, errs: FieldErrorList): Status {
  const causes = errs.map((e) => ({
    reason: e.type,
    message: `Invalid value: ${goQuote(e.badValue)}: ${e.detail}`,
    field: e.field,
  }));
  const gk = groupKindString(kind);
  const message =
    errs.length === 0
      ? `${gk} ${goQuote(name)} is invalid`
      : `${gk} ${goQuote(name)} is invalid: ${fieldErrorsAggregate(errs)}`;
  return {
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    details: details(name, kind.group, kind.kind, causes),
    code: 422,
  };
}

export function badRequestStatus(message: string): Status {
  return { metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

export function internalErrorStatus(errMessage: string): Status {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${errMessage}`,
    reason: 'InternalError',
    details: { causes: [{ message: errMessage }] },
    code: 500,
  };
}
