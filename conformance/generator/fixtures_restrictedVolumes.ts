// Fixtures for the "restrictedVolumes" check (upstream test/fixtures_restrictedVolumes.go).
import { LevelRestricted, MajorMinorVersion, type Volume } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import { tweak } from './helpers.js';

/** One pod per volume source the restricted level forbids, each as volume "volume1". */
const forbiddenSources: ReadonlyArray<Record<string, unknown>> = [
  { gcePersistentDisk: { pdName: 'test' } },
  { awsElasticBlockStore: { volumeID: 'test' } },
  { gitRepo: { repository: 'github.com/kubernetes/kubernetes' } },
  { nfs: { server: 'test', path: '/test' } },
  { iscsi: { targetPortal: 'test', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0 } },
  { glusterfs: { path: 'test', endpoints: 'test' } },
  { rbd: { monitors: ['test'], image: 'test' } },
  { flexVolume: { driver: 'test' } },
  { cinder: { volumeID: 'test' } },
  { cephfs: { monitors: ['test'] } },
  { flocker: { datasetName: 'test' } },
  { fc: { wwids: ['test'] } },
  { azureFile: { secretName: 'test', shareName: 'test' } },
  { vsphereVolume: { volumePath: 'test' } },
  { quobyte: { registry: 'localhost:1234', volume: 'test' } },
  { azureDisk: { diskName: 'test', diskURI: 'https://test.blob.core.windows.net/test/test.vhd' } },
  { portworxVolume: { volumeID: 'test', fsType: 'ext4' } },
  // scaleIO.secretRef has no omitempty: Go writes it as null
  { scaleIO: { volumeName: 'test', gateway: 'localhost', system: 'test', secretRef: null } },
  { storageos: { volumeName: 'test' } },
  { hostPath: { path: '/dev/null' } },
];

/** Every volume type the restricted level allows. CSI and generic ephemeral volumes are left out
 * until upstream adds them (it waits for those features to be GA). */
const allowedVolumes: readonly Volume[] = [
  // implicit emptyDir: the API server defaults a volume without a source to emptyDir
  { name: 'volume0' },
  { name: 'volume1', emptyDir: {} },
  { name: 'volume2', secret: { secretName: 'test' } },
  { name: 'volume3', persistentVolumeClaim: { claimName: 'test' } },
  {
    name: 'volume4',
    downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
  },
  { name: 'volume5', configMap: { name: 'test' } },
  { name: 'volume6', projected: { sources: [] } },
];

export const restrictedVolumesFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelRestricted, version: MajorMinorVersion(1, 0), check: 'restrictedVolumes' },
    generator: {
      expectErrorSubstring: 'restricted volume types',
      generatePass: (p) => [
        // pod that has all allowed volume types
        tweak(p, (p) => {
          p.spec.volumes = structuredClone([...allowedVolumes]);
        }),
      ],
      generateFail: (p) =>
        forbiddenSources.map((source) =>
          tweak(p, (p) => {
            p.spec.volumes = [{ name: 'volume1', ...structuredClone(source) }];
          }),
        ),
    },
  },
];
