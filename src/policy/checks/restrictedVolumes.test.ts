import { describe, expect, it } from 'vitest';
import { LevelRestricted, MajorMinorVersion, type PodSpec, type Volume } from '../../api/index.js';
import { restrictedVolumes, restrictedVolumes_1_0 } from './restrictedVolumes.js';

const reason = 'restricted volume types';

// upstream TestRestrictedVolumes, as webhook JSON
const upstreamVolumes: Volume[] = [
  // allowed types
  { name: 'a1', emptyDir: {} },
  { name: 'a2', secret: {} },
  { name: 'a3', persistentVolumeClaim: {} },
  { name: 'a4', downwardAPI: {} },
  { name: 'a5', configMap: {} },
  { name: 'a6', projected: {} },
  { name: 'a7', csi: {} },
  { name: 'a8', ephemeral: {} },
  { name: 'a9', image: {} },
  // known restricted types
  { name: 'b1', hostPath: {} },
  { name: 'b2', gcePersistentDisk: {} },
  { name: 'b3', awsElasticBlockStore: {} },
  { name: 'b4', gitRepo: {} },
  { name: 'b5', nfs: {} },
  { name: 'b6', iscsi: {} },
  { name: 'b7', glusterfs: {} },
  { name: 'b8', rbd: {} },
  { name: 'b9', flexVolume: {} },
  { name: 'b10', cinder: {} },
  { name: 'b11', cephfs: {} },
  { name: 'b12', flocker: {} },
  { name: 'b13', fc: {} },
  { name: 'b14', azureFile: {} },
  { name: 'b15', vsphereVolume: {} },
  { name: 'b16', quobyte: {} },
  { name: 'b17', azureDisk: {} },
  { name: 'b18', photonPersistentDisk: {} },
  { name: 'b19', portworxVolume: {} },
  { name: 'b20', scaleIO: {} },
  { name: 'b21', storageos: {} },
  // unknown type: a zero VolumeSource
  { name: 'c1' },
];

describe('restrictedVolumes descriptor', () => {
  it('is a restricted check from 1.0 that overrides hostPathVolumes', () => {
    expect(restrictedVolumes.id).toBe('restrictedVolumes');
    expect(restrictedVolumes.level).toBe(LevelRestricted);
    expect(restrictedVolumes.versions).toEqual([
      {
        minimumVersion: MajorMinorVersion(1, 0),
        checkPod: restrictedVolumes_1_0,
        overrideCheckIDs: ['hostPathVolumes'],
      },
    ]);
  });
});

describe('restrictedVolumes_1_0', () => {
  it.each([
    // upstream: every allowed, known restricted and unknown type
    {
      name: 'host path volumes',
      spec: { volumes: upstreamVolumes },
      reason,
      detail:
        'volumes ' +
        '"b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"' +
        ' use restricted volume types ' +
        '"awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", ' +
        '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"',
    },
    // no volumes, null volumes, only allowed volumes
    { name: 'no volumes', spec: {} },
    { name: 'null volumes', spec: { volumes: null } },
    { name: 'allowed volumes only', spec: { volumes: upstreamVolumes.slice(0, 9) } },
    // singular grammar
    {
      name: 'one volume',
      spec: { volumes: [{ name: 'data', nfs: { server: 'x', path: '/' } }] },
      reason,
      detail: 'volume "data" uses restricted volume type "nfs"',
    },
    // an allowed source wins over a forbidden one set beside it (upstream checks allowed types first)
    {
      name: 'allowed and forbidden sources together',
      spec: { volumes: [{ name: 'v', hostPath: { path: '/' }, configMap: {} }] },
    },
    // two forbidden sources: the first in upstream's order names the type
    {
      name: 'two forbidden sources',
      spec: { volumes: [{ name: 'v', nfs: {}, hostPath: {} }] },
      reason,
      detail: 'volume "v" uses restricted volume type "hostPath"',
    },
    // a null source is unset, as a nil Go pointer
    {
      name: 'null forbidden source',
      spec: { volumes: [{ name: 'v', hostPath: null }] },
      reason,
      detail: 'volume "v" uses restricted volume type "unknown"',
    },
    {
      name: 'null allowed source',
      spec: { volumes: [{ name: 'v', emptyDir: null, nfs: {} }] },
      reason,
      detail: 'volume "v" uses restricted volume type "nfs"',
    },
    // a key Go does not know is dropped on decoding: unknown
    {
      name: 'unrecognized source',
      spec: { volumes: [{ name: 'v', futureVolume: {} }] },
      reason,
      detail: 'volume "v" uses restricted volume type "unknown"',
    },
    // a null entry decodes to a zero Volume: empty name, unknown type
    {
      name: 'null volume entry',
      spec: { volumes: [null] },
      reason,
      detail: 'volume "" uses restricted volume type "unknown"',
    },
    // names keep pod order with duplicates; types are a sorted set
    {
      name: 'names in order, types sorted and deduplicated',
      spec: {
        volumes: [
          { name: 'z', nfs: {} },
          { name: 'y', hostPath: {} },
          { name: 'z', nfs: {} },
        ],
      },
      reason,
      detail: 'volumes "z", "y", "z" use restricted volume types "hostPath", "nfs"',
    },
    // volumes are pod-level: they count even when the only containers are ephemeral
    {
      name: 'pod with ephemeral containers only',
      spec: {
        volumes: [{ name: 'host', hostPath: { path: '/' } }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
      reason,
      detail: 'volume "host" uses restricted volume type "hostPath"',
    },
  ] as { name: string; spec: PodSpec; reason?: string; detail?: string }[])(
    '$name',
    ({ spec, reason, detail }) => {
      const result = restrictedVolumes_1_0(undefined, spec);
      expect(result.allowed).toBe(reason === undefined);
      expect(result.forbiddenReason).toBe(reason);
      expect(result.forbiddenDetail).toBe(detail);
    },
  );

  it('reports a pod-level finding per restricted volume, at its source or at the volume when unknown', () => {
    const result = restrictedVolumes_1_0(undefined, {
      volumes: [{ name: 'ok', secret: {} }, { name: 'data', nfs: {} }, { name: 'odd' }],
    });
    expect(result.findings).toEqual([{ path: 'spec.volumes[1].nfs' }, { path: 'spec.volumes[2]' }]);
  });
});
