// Pod spec extraction from pods and the pod controllers upstream evaluates (DefaultPodSpecExtractor in
// upstream admission/admission.go), keyed by the request's group and kind.
import type { GroupVersionKind, GroupVersionResource } from '../api/index.js';
import { controllerSchemas, decodePod, decodeWith, templateOf, type PodTemplate } from './decode.js';

const podSpecResources = new Set([
  '/pods',
  '/replicationcontrollers',
  '/podtemplates',
  'apps/replicasets',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
]);

export interface PodSpecExtractor {
  /** True if the resource may contain an extractable pod spec. */
  hasPodSpec(resource: GroupVersionResource): boolean;
  /** The pod template to evaluate; undefined if the object has none. Throws on undecodable objects. */
  extractPodSpec(kind: GroupVersionKind, raw: unknown): PodTemplate | undefined;
}

function extract(kind: GroupVersionKind, raw: unknown): PodTemplate | undefined {
  switch (`${kind.group}/${kind.kind}`) {
    case '/Pod': {
      const pod = decodePod(raw);
      return { metadata: pod.metadata ?? {}, spec: pod.spec ?? {} };
    }
    case '/PodTemplate':
      return templateOf(decodeWith(controllerSchemas.template, raw).template ?? {});
    case '/ReplicationController':
      // The only controller whose template is a pointer: no template, nothing to evaluate.
      return templateOf(decodeWith(controllerSchemas.specTemplate, raw).spec?.template);
    case 'apps/ReplicaSet':
    case 'apps/Deployment':
    case 'apps/DaemonSet':
    case 'apps/StatefulSet':
    case 'batch/Job':
      return templateOf(decodeWith(controllerSchemas.specTemplate, raw).spec?.template ?? {});
    case 'batch/CronJob':
      return templateOf(decodeWith(controllerSchemas.cronJob, raw).spec?.jobTemplate?.spec?.template ?? {});
    default:
      throw new Error(`unexpected object type: ${gvkString(kind)}`);
  }
}

/** Go's schema.GroupVersionKind.String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
export function gvkString(k: GroupVersionKind): string {
  return `${k.group}/${k.version}, Kind=${k.kind}`;
}

export const defaultPodSpecExtractor: PodSpecExtractor = Object.freeze({
  hasPodSpec: (r: GroupVersionResource) => podSpecResources.has(`${r.group}/${r.resource}`),
  extractPodSpec: extract,
});
