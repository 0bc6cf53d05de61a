// Fixtures for the "windowsHostProcess" check (upstream test/fixtures_windowsHostProcess.go).
import { LevelBaseline, MajorMinorVersion, type WindowsSecurityContextOptions } from '../../src/api/index.js';
import type { FixtureRegistration } from './fixtures.js';
import {
  container,
  ensureSecurityContext,
  initContainer,
  podSC,
  sc,
  tweak,
  type FixturePod,
} from './helpers.js';

function withWindowsOptions(pod: FixturePod): FixturePod {
  return tweak(ensureSecurityContext(pod), (p) => {
    podSC(p).windowsOptions ??= {};
    sc(container(p)).windowsOptions ??= {};
    sc(initContainer(p)).windowsOptions ??= {};
  });
}

function windowsOptions(o: {
  windowsOptions?: WindowsSecurityContextOptions | null;
}): WindowsSecurityContextOptions {
  if (!o.windowsOptions) throw new Error('fixture has no windowsOptions');
  return o.windowsOptions;
}

export const windowsHostProcessFixtures: readonly FixtureRegistration[] = [
  {
    key: { level: LevelBaseline, version: MajorMinorVersion(1, 0), check: 'windowsHostProcess' },
    generator: {
      expectErrorSubstring: 'hostProcess',
      // minimal valid pod already captures all valid combinations
      generatePass: () => [],
      generateFail: (pod) => {
        const p = withWindowsOptions(pod);
        return [
          // true for pod; hostNetwork is required for HostProcess pods, so the pod passes validation
          tweak(p, (p) => {
            p.spec.hostNetwork = true;
            windowsOptions(podSC(p)).hostProcess = true;
          }),
          // true for containers
          tweak(p, (p) => {
            p.spec.hostNetwork = true;
            windowsOptions(sc(container(p))).hostProcess = true;
            windowsOptions(sc(initContainer(p))).hostProcess = true;
          }),
        ];
      },
    },
  },
];
