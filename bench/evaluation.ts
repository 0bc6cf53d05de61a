// Figures 1 and 5a: policy evaluation alone (the checks and their aggregation, no JSON, no admission)
// for representative pods, and its cost against the number of containers.
import { LatestVersion, MajorMinorVersion, type LevelVersion } from '../src/api/index.js';
import { aggregateCheckResults } from '../src/policy/check.js';
import { defaultChecks } from '../src/policy/checks/index.js';
import { newEvaluator } from '../src/policy/registry.js';
import { measure } from './measure.js';
import { benchPodSpec } from './pods.js';
import { emitRow, int, us } from './table.js';

/** Issue 14's bound for restricted:latest with 3 containers (upstream Go: 0.73 µs side by side, README section 1). */
const evaluationTargetUs = 1.5;

const levels: readonly [string, LevelVersion][] = [
  ['baseline:latest', { level: 'baseline', version: LatestVersion() }],
  ['restricted:latest', { level: 'restricted', version: LatestVersion() }],
  ['baseline:v1.0', { level: 'baseline', version: MajorMinorVersion(1, 0) }],
  ['restricted:v1.22', { level: 'restricted', version: MajorMinorVersion(1, 22) }],
];

const shapes: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, 1],
  [3, 0],
  [3, 1],
  [20, 0],
  [20, 2],
];

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Figure 1: pods per second for each pod shape and policy. */
export function evaluationFigures(): void {
  const evaluator = newEvaluator(defaultChecks);
  for (const [containers, ephemeral] of shapes) {
    const spec = benchPodSpec(containers, ephemeral);
    const meta = { name: 'bench' };
    for (const [name, lv] of levels) {
      const m = measure(() => aggregateCheckResults(evaluator.evaluatePod(lv, meta, spec)), 300);
      const targeted = containers === 3 && ephemeral === 0 && name === 'restricted:latest';
      emitRow({
        section: '1 evaluation',
        case: `${plural(containers, 'container')} + ${ephemeral} ephemeral, ${name}`,
        result: `${int(m.opsPerSec)} pods/s (${us(m.nsPerOp)}/pod)`,
        ...(targeted
          ? { target: `≤ ${evaluationTargetUs} µs/pod`, ok: m.nsPerOp <= evaluationTargetUs * 1000 }
          : {}),
      });
    }
  }
}

/** Least-squares line y = a + b·x and its coefficient of determination. */
export function linearFit(points: readonly (readonly [number, number])[]): {
  a: number;
  b: number;
  r2: number;
} {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const b = sxy / sxx;
  const a = my - b * mx;
  const ssRes = points.reduce((s, [x, y]) => s + (y - (a + b * x)) ** 2, 0);
  const ssTot = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  return { a, b, r2: 1 - ssRes / ssTot };
}

/** Figure 5a: restricted:latest evaluation time against containers per pod, and a linear fit. */
export function containerScalingFigures(): void {
  const evaluator = newEvaluator(defaultChecks);
  const lv: LevelVersion = { level: 'restricted', version: LatestVersion() };
  const points: [number, number][] = [];
  for (const n of [1, 2, 5, 10, 20, 50, 100]) {
    const spec = benchPodSpec(n, 0);
    const meta = { name: 'bench' };
    const m = measure(() => aggregateCheckResults(evaluator.evaluatePod(lv, meta, spec)), 300, 200);
    points.push([n, m.nsPerOp]);
    emitRow({
      section: '5 scaling',
      case: `evaluate ${plural(n, 'container')}, restricted:latest`,
      result: `${us(m.nsPerOp)}/pod, ${int(m.nsPerOp / (n + 1))} ns per container`,
    });
  }
  const fit = linearFit(points);
  emitRow({
    section: '5 scaling',
    case: 'evaluation vs containers (1..100)',
    result: `t = ${us(fit.a)} + ${int(fit.b)} ns × containers, R² = ${fit.r2.toFixed(4)}`,
    target: 'linear (R² ≥ 0.99)',
    ok: fit.r2 >= 0.99,
  });
}
