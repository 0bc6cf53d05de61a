// Scenarios as plans: ordered API requests per namespace group, each optionally with an expected
// outcome. Plans run concurrently, their steps in order; every outcome is recorded under
// "<plan>/<step>" so the same plan can be asserted on one cluster and diffed across two.
import type { ApiRequest, Cluster, Outcome } from './cluster.js';
import { deleteNamespace } from './requests.js';

/** Returns what is wrong with an outcome, or undefined when it is as expected. */
export type Expectation = (o: Outcome) => string | undefined;

export interface Step {
  readonly id: string;
  readonly request: ApiRequest;
  /**
   * A setup step must succeed for the rest of the plan to make sense ('may-exist': or answer 409
   * AlreadyExists). Setup outcomes are not part of the compatibility diff.
   */
  readonly setup?: true | 'may-exist';
  readonly expect?: Expectation;
  /** What the step exercises (e.g. the fixture "fail/procmount0"): the unit reported as not applicable. */
  readonly subject?: string;
}

export interface Plan {
  readonly name: string;
  /** Namespaces the plan may create, deleted afterwards. */
  readonly namespaces: readonly string[];
  readonly steps: readonly Step[];
}

export type Outcomes = ReadonlyMap<string, Outcome>;

export function stepKey(plan: Plan, step: Step): string {
  return `${plan.name}/${step.id}`;
}

export function describeOutcome(o: Outcome): string {
  return JSON.stringify(o);
}

async function runPlan(cluster: Cluster, plan: Plan, into: Map<string, Outcome>): Promise<void> {
  for (const step of plan.steps) {
    const o = await cluster.outcome(step.request);
    into.set(stepKey(plan, step), o);
    if (step.setup === undefined || o.allowed || (step.setup === 'may-exist' && o.code === 409)) continue;
    throw new Error(`${cluster.name}: setup step ${stepKey(plan, step)} failed: ${describeOutcome(o)}`);
  }
}

/** Runs plans, at most `concurrency` at a time; resolves to every recorded outcome. */
export async function runPlans(cluster: Cluster, plans: readonly Plan[], concurrency = 8): Promise<Outcomes> {
  const outcomes = new Map<string, Outcome>();
  const queue = [...plans];
  const worker = async (): Promise<void> => {
    for (let plan = queue.shift(); plan !== undefined; plan = queue.shift()) {
      await runPlan(cluster, plan, outcomes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return outcomes;
}

/** Every step whose expectation is not met (or that never ran), one line each. */
export function unmetExpectations(plans: readonly Plan[], outcomes: Outcomes): string[] {
  const problems: string[] = [];
  for (const plan of plans) {
    for (const step of plan.steps) {
      if (!step.expect) continue;
      const key = stepKey(plan, step);
      const o = outcomes.get(key);
      const problem = o === undefined ? 'did not run' : step.expect(o);
      if (problem !== undefined)
        problems.push(`${key}: ${problem}; got ${o ? describeOutcome(o) : 'nothing'}`);
    }
  }
  return problems;
}

export interface NotApplicable {
  readonly plan: string;
  readonly subject: string;
  /** The fields the API server dropped from what a step of this subject sent. */
  readonly dropped: readonly string[];
}

/**
 * Subjects whose objects the API server did not keep as sent (a field dropped because its feature
 * gate is off): their steps show nothing about admission on this server. Only admitted creates can
 * show it, so every step of the subject counts.
 */
export function notApplicable(plans: readonly Plan[], outcomes: Outcomes): NotApplicable[] {
  const out: NotApplicable[] = [];
  for (const plan of plans) {
    const bySubject = new Map<string, Set<string>>();
    for (const step of plan.steps) {
      const dropped = outcomes.get(stepKey(plan, step))?.dropped;
      if (step.subject === undefined || !dropped) continue;
      const set = bySubject.get(step.subject) ?? new Set<string>();
      for (const path of dropped) set.add(path.replace(/^spec\.template\./, ''));
      bySubject.set(step.subject, set);
    }
    for (const [subject, dropped] of bySubject)
      out.push({ plan: plan.name, subject, dropped: [...dropped].sort() });
  }
  return out;
}

/**
 * unmetExpectations, except for the steps of not-applicable subjects, which are returned apart so
 * that a report names them.
 */
export function assessPlans(
  plans: readonly Plan[],
  outcomes: Outcomes,
): { problems: string[]; notApplicable: NotApplicable[] } {
  const na = notApplicable(plans, outcomes);
  const skip = new Set(na.map((n) => `${n.plan}\0${n.subject}`));
  const applicable = plans.map((plan) => ({
    ...plan,
    steps: plan.steps.filter((s) => s.subject === undefined || !skip.has(`${plan.name}\0${s.subject}`)),
  }));
  return { problems: unmetExpectations(applicable, outcomes), notApplicable: na };
}

/** Deletes the plans' namespaces without waiting for them to go (best effort). */
export async function deletePlanNamespaces(cluster: Cluster, plans: readonly Plan[]): Promise<void> {
  const names = [...new Set(plans.flatMap((p) => p.namespaces))];
  await Promise.allSettled(names.map((n) => cluster.send(deleteNamespace(n))));
}
