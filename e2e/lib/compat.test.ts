import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/api/index.js';
import { appArmorProfile_1_0 } from '../../src/policy/checks/appArmorProfile.js';
import { seLinuxOptions_1_0 } from '../../src/policy/checks/seLinuxOptions.js';
import type { Outcome } from './cluster.js';
import { classifyDifferences, diffOutcomes } from './compat.js';
import { rewordings, rewordingsBefore } from './rewordings.js';

const spec: PodSpec = { containers: [{ name: 'c', image: 'pause' }] };

/** A denial as the API server words it, around one check's reason and detail. */
function denial(reason: string, detail: string, rest = ''): Outcome {
  return {
    allowed: false,
    code: 403,
    message: `pods "test" is forbidden: violates PodSecurity "baseline:v1.0": ${reason} (${detail})${rest}`,
    warnings: [],
  };
}

function warned(reason: string, detail: string): Outcome {
  return {
    allowed: true,
    code: 201,
    message: '',
    warnings: [`would violate PodSecurity "baseline:v1.0": ${reason} (${detail})`],
  };
}

// The texts psa-ephemeral answers today, from its own checks.
const seLinuxNow = seLinuxOptions_1_0(undefined, {
  ...spec,
  securityContext: { seLinuxOptions: { user: 'u', role: 'r' } },
});
const appArmorNow = appArmorProfile_1_0(
  {
    annotations: {
      'container.apparmor.security.beta.kubernetes.io/c': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/d': 'bogus',
    },
  },
  spec,
);
// The texts of upstream before 01922af and 32ef468 (check_seLinuxOptions.go, check_appArmorProfile.go).
const seLinuxBefore = 'pod set forbidden securityContext.seLinuxOptions: ';
const appArmorBefore =
  'container.apparmor.security.beta.kubernetes.io/c="unconfined", container.apparmor.security.beta.kubernetes.io/d="bogus"';

function classify(webhook: Outcome, builtin: Outcome, builtinMinor: number) {
  return classifyDifferences(diffOutcomes({ r: webhook }, { r: builtin }), rewordingsBefore(builtinMinor));
}

describe('the compatibility diff and historical rewordings', () => {
  it('reads the new texts from the checks as the table expects them', () => {
    expect(seLinuxNow.forbiddenDetail).toBe(
      'pod set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set',
    );
    expect(appArmorNow.forbiddenReason).toBe('forbidden AppArmor profiles');
    expect(appArmorNow.forbiddenDetail).toBe(
      'annotations must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/c="unconfined"", "container.apparmor.security.beta.kubernetes.io/d="bogus""',
    );
  });

  it('excuses the seLinuxOptions rewording only for servers before v1.26', () => {
    const webhook = denial('seLinuxOptions', seLinuxNow.forbiddenDetail ?? '');
    const builtin = denial('seLinuxOptions', seLinuxBefore);
    const old = classify(webhook, builtin, 25);
    expect(old.differences).toEqual([]);
    expect(old.excused.map((e) => [e.request, e.fields, e.rewordings])).toEqual([
      ['r', ['message'], ['seLinuxOptions 01922af (v1.26)']],
    ]);
    const current = classify(webhook, builtin, 26);
    expect(current.excused).toEqual([]);
    expect(current.differences.map((d) => d.fields)).toEqual([['message']]);
  });

  it('excuses the AppArmor rewording only for servers before v1.30, in warnings too', () => {
    const webhook = warned(appArmorNow.forbiddenReason ?? '', appArmorNow.forbiddenDetail ?? '');
    const builtin = warned('forbidden AppArmor profiles', appArmorBefore);
    expect(classify(webhook, builtin, 29).excused.map((e) => e.rewordings)).toEqual([
      ['appArmorProfile 32ef468 (v1.30)'],
    ]);
    expect(classify(webhook, builtin, 30).differences.map((d) => d.fields)).toEqual([['warnings']]);
  });

  it('excuses both rewordings in one message, followed by another check', () => {
    const rest = ', privileged (container "c" must not set securityContext.privileged=true)';
    const webhook = denial(
      appArmorNow.forbiddenReason ?? '',
      `${appArmorNow.forbiddenDetail ?? ''}), seLinuxOptions (${seLinuxNow.forbiddenDetail ?? ''}`,
      rest,
    );
    const builtin = denial(
      appArmorNow.forbiddenReason ?? '',
      `${appArmorBefore}), seLinuxOptions (${seLinuxBefore}`,
      rest,
    );
    const { differences, excused } = classify(webhook, builtin, 25);
    expect(differences).toEqual([]);
    expect(excused[0]?.rewordings).toEqual([
      'seLinuxOptions 01922af (v1.26)',
      'appArmorProfile 32ef468 (v1.30)',
    ]);
  });

  it('still fails on a made-up difference, alone or next to an excusable rewording', () => {
    const webhook = denial('seLinuxOptions', seLinuxNow.forbiddenDetail ?? '');
    const madeUp: Outcome[] = [
      // the same text, another status code
      { ...denial('seLinuxOptions', seLinuxBefore), code: 400 },
      // allowed instead of denied
      { allowed: true, code: 201, message: '', warnings: [] },
      // the old text plus one more word
      denial('seLinuxOptions', `${seLinuxBefore}x`),
      // another check's detail changed
      denial('seLinuxOptions', seLinuxBefore, ', privileged (container "c")'),
      // the rewording's text, but an extra warning
      { ...denial('seLinuxOptions', seLinuxBefore), warnings: ['something else'] },
    ];
    for (const builtin of madeUp) {
      const { differences, excused } = classify(webhook, builtin, 25);
      expect(excused, builtin.message).toEqual([]);
      expect(differences, builtin.message).toHaveLength(1);
    }
  });

  it('never excuses a request that ran on one side only', () => {
    const webhook = denial('seLinuxOptions', seLinuxNow.forbiddenDetail ?? '');
    const { differences, excused } = classifyDifferences(diffOutcomes({ r: webhook }, {}), rewordings);
    expect(excused).toEqual([]);
    expect(differences.map((d) => d.fields)).toEqual([['missing']]);
  });

  it('leaves a detail that names a forbidden type alone (its wording did not change)', () => {
    const typed = seLinuxOptions_1_0(undefined, {
      ...spec,
      securityContext: { seLinuxOptions: { type: 'bad', user: 'u' } },
    });
    const text = typed.forbiddenDetail ?? '';
    expect(text).toBe('pod set forbidden securityContext.seLinuxOptions: type "bad"; user may not be set');
    for (const r of rewordings) expect(r.toOld(`seLinuxOptions (${text})`)).toBe(`seLinuxOptions (${text})`);
  });
});
