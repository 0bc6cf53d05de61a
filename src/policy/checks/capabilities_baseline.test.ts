import { describe, expect, it } from 'vitest';
import { MajorMinorVersion, type PodSpec } from '../../api/index.js';
import {
  capabilities_baseline,
  capabilitiesBaseline_1_0,
  checkCapabilitiesBaselineID,
} from './capabilities_baseline.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const reason = 'non-default capabilities';
const defaultSet = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

describe('capabilitiesBaseline_1_0', () => {
  it.each<Case>([
    // upstream "multiple containers": capabilities deduplicated and sorted
    {
      name: 'multiple containers',
      spec: {
        containers: [
          { name: 'a', securityContext: { capabilities: { add: ['FOO', 'BAR'] } } },
          { name: 'b', securityContext: { capabilities: { add: ['BAR', 'BAZ'] } } },
        ],
      },
      reason,
      detail: 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add',
    },
    // no security context, no capabilities, empty or null add lists
    {
      name: 'nothing added',
      spec: {
        containers: [
          { name: 'a' },
          { name: 'b', securityContext: {} },
          { name: 'c', securityContext: { capabilities: null } },
          { name: 'd', securityContext: { capabilities: { add: [], drop: ['ALL'] } } },
          { name: 'e', securityContext: { capabilities: { add: null } } },
        ],
      },
    },
    // the whole default set is allowed
    {
      name: 'default set',
      spec: { containers: [{ name: 'a', securityContext: { capabilities: { add: defaultSet } } }] },
    },
    // NET_RAW is not in the default set; names are case sensitive
    {
      name: 'NET_RAW and lowercase',
      spec: {
        containers: [
          { name: 'a', securityContext: { capabilities: { add: ['chown', 'NET_RAW', 'CHOWN'] } } },
        ],
      },
      reason,
      detail: 'container "a" must not include "NET_RAW", "chown" in securityContext.capabilities.add',
    },
    // init, regular, then ephemeral containers
    {
      name: 'ephemeral containers are visited last',
      spec: {
        ephemeralContainers: [
          { name: 'debugger', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
        ],
        containers: [{ name: 'app', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }],
        initContainers: [{ name: 'init', securityContext: { capabilities: { add: ['NET_ADMIN', 'KILL'] } } }],
      },
      reason,
      detail:
        'containers "init", "app", "debugger" must not include "NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE" in securityContext.capabilities.add',
    },
    // only the ephemeral container adds a capability
    {
      name: 'ephemeral container only',
      spec: {
        containers: [{ name: 'app', securityContext: { capabilities: { add: ['CHOWN'] } } }],
        ephemeralContainers: [
          { name: 'debugger', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
        ],
      },
      reason,
      detail: 'container "debugger" must not include "SYS_PTRACE" in securityContext.capabilities.add',
    },
    // sorted by UTF-8 bytes as Go does: U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80)
    {
      name: 'byte order',
      spec: {
        containers: [{ name: 'a', securityContext: { capabilities: { add: ['\u{1F600}', '\uFF21', 'Z'] } } }],
      },
      reason,
      detail: 'container "a" must not include "Z", "\uFF21", "\u{1F600}" in securityContext.capabilities.add',
    },
  ])('$name', ({ spec, reason, detail }) => {
    const result = capabilitiesBaseline_1_0(undefined, spec);
    expect(result.allowed).toBe(reason === undefined);
    expect(result.forbiddenReason).toBe(reason);
    expect(result.forbiddenDetail).toBe(detail);
  });

  it('reports a finding per offending container with its kind and field path', () => {
    const result = capabilitiesBaseline_1_0(undefined, {
      initContainers: [{ name: 'init', securityContext: { capabilities: { add: ['NET_RAW'] } } }],
      containers: [{ name: 'app', securityContext: { capabilities: { add: ['CHOWN'] } } }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } }],
    });
    expect(result.findings).toEqual([
      {
        container: { name: 'init', kind: 'init' },
        path: 'spec.initContainers[0].securityContext.capabilities.add',
      },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.capabilities.add',
      },
    ]);
  });
});

describe('capabilities_baseline descriptor', () => {
  it('is a baseline check with one 1.0 version', () => {
    expect(checkCapabilitiesBaselineID).toBe('capabilities_baseline');
    expect(capabilities_baseline.id).toBe('capabilities_baseline');
    expect(capabilities_baseline.level).toBe('baseline');
    expect(capabilities_baseline.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: capabilitiesBaseline_1_0 },
    ]);
  });
});
