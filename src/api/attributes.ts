// The admission request parameters Pod Security consumes (upstream api/attributes.go), built from an
// admission.k8s.io/v1 AdmissionRequest; objects stay raw JSON until the admission layer decodes them.

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | (string & {});

export interface Attributes {
  readonly name: string;
  readonly namespace: string;
  readonly resource: GroupVersionResource;
  readonly kind: GroupVersionKind;
  readonly subresource: string;
  readonly operation: Operation;
  readonly username: string;
  /**
   * The request's raw userInfo (username, uid, groups, extra), read only where the whole user is needed
   * (exec and attach into an ephemeral container); absent when unknown.
   */
  readonly userInfo?: unknown;
  /** The raw object of the request (null when absent). */
  readonly object: unknown;
  /** The raw existing object; only set for UPDATE. */
  readonly oldObject: unknown;
}

/** "pods", "deployments.apps": Go's schema.GroupResource.String(). */
export function groupResourceString(r: { group: string; resource: string }): string {
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}

/** "Namespace", "Deployment.apps": Go's schema.GroupKind.String(). */
export function groupKindString(k: { group: string; kind: string }): string {
  return k.group === '' ? k.kind : `${k.kind}.${k.group}`;
}
