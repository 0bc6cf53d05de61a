// Check "restrictedVolumes" (restricted): inline volumes are limited to a safe list of types
// (upstream policy/check_restrictedVolumes.go).
import {
  LevelRestricted,
  MajorMinorVersion,
  type ObjectMeta,
  type PodSpec,
  type Volume,
} from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, forbidden, joinQuote, pluralize, podFinding } from '../helpers.js';

/**
 * In addition to restricting HostPath volumes, the restricted profile
 * limits usage of inline pod volume sources to:
 * configMap, downwardAPI, emptyDir, projected, secret, csi, persistentVolumeClaim, ephemeral, image.
 *
 * Restricted Fields:
 *   spec.volumes[*].hostPath
 *   spec.volumes[*].gcePersistentDisk
 *   spec.volumes[*].awsElasticBlockStore
 *   spec.volumes[*].gitRepo
 *   spec.volumes[*].nfs
 *   spec.volumes[*].iscsi
 *   spec.volumes[*].glusterfs
 *   spec.volumes[*].rbd
 *   spec.volumes[*].flexVolume
 *   spec.volumes[*].cinder
 *   spec.volumes[*].cephfs
 *   spec.volumes[*].flocker
 *   spec.volumes[*].fc
 *   spec.volumes[*].azureFile
 *   spec.volumes[*].vsphereVolume
 *   spec.volumes[*].quobyte
 *   spec.volumes[*].azureDisk
 *   spec.volumes[*].portworxVolume
 *   spec.volumes[*].photonPersistentDisk
 *   spec.volumes[*].scaleIO
 *   spec.volumes[*].storageos
 *
 * Allowed Values: undefined/null
 *
 * Volumes are pod-level, so they count for ephemeral containers (spec.ephemeralContainers) too.
 */
export const restrictedVolumes = defineCheck({
  id: 'restrictedVolumes',
  level: LevelRestricted,
  versions: [
    {
      minimumVersion: MajorMinorVersion(1, 0),
      checkPod: restrictedVolumes_1_0,
      overrideCheckIDs: ['hostPathVolumes'],
    },
  ],
});

/** Allowed volume sources; any one of them present allows the volume, whatever else it sets. */
const allowedTypes = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/** Known forbidden volume sources, in upstream's order: the first one present names the volume's type. */
const forbiddenTypes = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

/** A source is set when its key is present and non-null, as a Go pointer field decoded from JSON. */
function hasSource(volume: Volume, key: string): boolean {
  return volume[key] !== undefined && volume[key] !== null;
}

export function restrictedVolumes_1_0(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const badVolumes: string[] = [];
  const badVolumeTypes = new Set<string>();
  const findings: Finding[] = [];
  (podSpec.volumes ?? []).forEach((entry, i) => {
    // A null entry decodes in Go to a zero Volume: no name, no source.
    const volume: Volume = entry ?? {};
    if (allowedTypes.some((t) => hasSource(volume, t))) return;
    badVolumes.push(typeof volume.name === 'string' ? volume.name : '');
    const type = forbiddenTypes.find((t) => hasSource(volume, t));
    // No known source (a zero VolumeSource, or only keys Go does not know) is "unknown".
    badVolumeTypes.add(type ?? 'unknown');
    findings.push(podFinding(type === undefined ? `spec.volumes[${i}]` : `spec.volumes[${i}].${type}`));
  });
  if (badVolumes.length === 0) return ALLOWED;
  // Type names are ASCII, so the default sort matches Go's sorted string set.
  const types = [...badVolumeTypes].sort();
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ` +
      `${pluralize('uses', 'use', badVolumes.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
    findings,
  );
}
