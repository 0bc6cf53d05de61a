// EvaluatePodsInNamespace (upstream admission/admission.go): existing pods checked against a tightened
// enforce policy within a pod cap and time budget, summarised as warnings. The extension adds an
// ephemeral-enforce dry-run that judges the ephemeral view of pods that have ephemeral containers.
import { goQuote, levelVersionString, type LevelVersion, type Pod } from '../api/index.js';
import { aggregateCheckResults, forbiddenReason } from '../policy/check.js';
import type { Evaluator } from '../policy/registry.js';
import type { Clock, PodLister, RequestContext } from './ports.js';
import { ephemeralView, hasEphemeralContainers, regularView, type View } from './views.js';

/** What a namespace dry-run needs from admission (Admission satisfies it). */
export interface DryRunDeps {
  readonly evaluator: Evaluator;
  readonly podLister: PodLister;
  readonly clock: Clock;
  readonly namespaceMaxPodsToCheck: number;
  readonly namespacePodCheckTimeoutMs: number;
  exemptRuntimeClass(runtimeClass: string | null | undefined): boolean;
}

export interface DryRun {
  readonly lv: LevelVersion;
  readonly view: View;
  /** The word used in warnings: "enforce" or "ephemeral-enforce". */
  readonly mode: 'enforce' | 'ephemeral-enforce';
}

interface PodCount {
  podName: string;
  podCount: number;
}

class DryRunTally {
  readonly order: string[] = [];
  readonly counts = new Map<string, PodCount>();

  add(reason: string, podName: string): void {
    const c = this.counts.get(reason);
    if (c === undefined) {
      this.order.push(reason);
      this.counts.set(reason, { podName, podCount: 1 });
      return;
    }
    if (podName < c.podName) c.podName = podName;
    c.podCount++;
  }

  /** Pod warnings prefixed with the lexically first pod name and the count of others, sorted. */
  decorated(): string[] {
    return this.order
      .map((warning) => {
        const c = this.counts.get(warning) as PodCount;
        if (c.podCount === 1) return `${c.podName}: ${warning}`;
        if (c.podCount === 2) return `${c.podName} (and 1 other pod): ${warning}`;
        return `${c.podName} (and ${c.podCount - 1} other pods): ${warning}`;
      })
      .sort();
  }
}

function controllerUID(pod: Pod): string | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref ? (ref.uid ?? '') : undefined;
}

/** Drops runtime-class-exempt pods; one pod per controller first, the other replicas last. */
export function prioritizePods(a: DryRunDeps, pods: readonly Pod[]): Pod[] {
  const prioritized: Pod[] = [];
  const duplicates: Pod[] = [];
  const seen = new Set<string>();
  for (const pod of pods) {
    if (a.exemptRuntimeClass(pod.spec?.runtimeClassName)) continue;
    const uid = controllerUID(pod);
    if (uid === undefined) prioritized.push(pod);
    else if (seen.has(uid)) duplicates.push(pod);
    else {
      prioritized.push(pod);
      seen.add(uid);
    }
  }
  return [...prioritized, ...duplicates];
}

function budgetMs(a: DryRunDeps, ctx: RequestContext): number {
  let timeout = a.namespacePodCheckTimeoutMs;
  if (ctx.deadline !== undefined) timeout = Math.min(timeout, (ctx.deadline - a.clock.now()) / 2);
  return Math.max(0, timeout);
}

function judge(a: DryRunDeps, run: DryRun, pod: Pod): string | undefined {
  const spec = pod.spec ?? {};
  if (run.view === 'ephemeral' && !hasEphemeralContainers(spec)) return undefined;
  const viewSpec =
    run.view === 'ephemeral' ? ephemeralView(spec) : run.view === 'regular' ? regularView(spec) : spec;
  const r = aggregateCheckResults(a.evaluator.evaluatePod(run.lv, pod.metadata, viewSpec));
  return r.allowed ? undefined : forbiddenReason(r);
}

/** Checks existing pods against each dry-run's policy; returns upstream's warnings, one block per dry-run. */
export async function evaluatePodsInNamespace(
  a: DryRunDeps,
  namespace: string,
  runs: readonly DryRun[],
  ctx: RequestContext,
): Promise<string[]> {
  const timeout = budgetMs(a, ctx);
  const deadline = a.clock.now() + timeout;
  const signals = [AbortSignal.timeout(Math.max(1, Math.ceil(timeout)))];
  if (ctx.signal) signals.push(ctx.signal);
  let pods: Pod[];
  try {
    pods = await a.podLister.listPods(namespace, AbortSignal.any(signals));
  } catch {
    return runs.map((r) => `failed to list pods while checking new PodSecurity ${r.mode} level`);
  }
  const prioritized = prioritizePods(a, pods);
  const total = prioritized.length;
  const candidates = prioritized.slice(0, a.namespaceMaxPodsToCheck);
  const tallies = runs.map(() => new DryRunTally());
  let checked = candidates.length;
  for (let i = 0; i < candidates.length; i++) {
    const pod = candidates[i] as Pod;
    runs.forEach((run, r) => {
      const reason = judge(a, run, pod);
      if (reason !== undefined) tallies[r]?.add(reason, pod.metadata?.name ?? '');
    });
    if (a.clock.now() > deadline || ctx.signal?.aborted === true) {
      checked = i + 1;
      break;
    }
  }
  return runs.flatMap((run, r) => warningsFor(run, tallies[r] as DryRunTally, namespace, checked, total));
}

function warningsFor(
  run: DryRun,
  tally: DryRunTally,
  namespace: string,
  checked: number,
  total: number,
): string[] {
  const warnings: string[] = [];
  if (checked < total) {
    warnings.push(
      `new PodSecurity ${run.mode} level only checked against the first ${checked} of ${total} existing pods`,
    );
  }
  if (tally.order.length > 0) {
    warnings.push(
      `existing pods in namespace ${goQuote(namespace)} violate the new PodSecurity ${run.mode} level ${goQuote(levelVersionString(run.lv))}`,
    );
  }
  return [...warnings, ...tally.decorated()];
}
