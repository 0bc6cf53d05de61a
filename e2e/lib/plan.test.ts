import { describe, expect, it } from 'vitest';
import type { Outcome } from './cluster.js';
import { allowed, denied } from './expect.js';
import { assessPlans, stepKey, type Plan } from './plan.js';

const request = { method: 'POST', path: '/x' } as const;
const plan: Plan = {
  name: 'ns',
  namespaces: ['ns'],
  steps: [
    { id: 'namespace', request, setup: true },
    { id: 'pod fail/procmount0', request, expect: denied(), subject: 'fail/procmount0' },
    { id: 'deployment fail/procmount0', request, expect: allowed(), subject: 'fail/procmount0' },
    { id: 'pod fail/privileged0', request, expect: denied(), subject: 'fail/privileged0' },
  ],
};
const admitted: Outcome = { allowed: true, code: 201, message: '', warnings: [] };

function outcomes(byStep: Record<string, Outcome>): Map<string, Outcome> {
  return new Map(Object.entries(byStep).map(([id, o]) => [`ns/${id}`, o]));
}

describe('assessPlans', () => {
  it('reports a fixture whose fields the server dropped as not applicable, and only that one', () => {
    const dropped = ['spec.containers[0].securityContext.procMount', 'spec.hostUsers'];
    const { problems, notApplicable } = assessPlans(
      [plan],
      outcomes({
        namespace: admitted,
        'pod fail/procmount0': { ...admitted, dropped },
        'deployment fail/procmount0': {
          ...admitted,
          dropped: [
            'spec.template.spec.hostUsers',
            'spec.template.spec.containers[0].securityContext.procMount',
          ],
        },
        'pod fail/privileged0': admitted,
      }),
    );
    expect(notApplicable).toEqual([{ plan: 'ns', subject: 'fail/procmount0', dropped }]);
    expect(problems).toEqual([
      `${stepKey(plan, plan.steps[3]!)}: expected denied; got ${JSON.stringify(admitted)}`,
    ]);
  });

  it('asserts every fixture when nothing was dropped', () => {
    const { problems, notApplicable } = assessPlans(
      [plan],
      outcomes({
        namespace: admitted,
        'pod fail/procmount0': admitted,
        'deployment fail/procmount0': admitted,
      }),
    );
    expect(notApplicable).toEqual([]);
    expect(problems).toEqual([
      `ns/pod fail/procmount0: expected denied; got ${JSON.stringify(admitted)}`,
      'ns/pod fail/privileged0: did not run; got nothing',
    ]);
  });
});
