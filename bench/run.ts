// `make bench`: policy evaluation throughput and in-process admission handling against the JSON floor,
// printed as one table with the machine's CPU model.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { LatestVersion, MajorMinorVersion, type LevelVersion } from '../src/api/index.js';
import { Admission } from '../src/admission/admission.js';
import { defaultAdmissionConfiguration } from '../src/admission/config.js';
import { StaticNamespaceGetter, StaticPodLister } from '../src/admission/ports.js';
import { handleReview } from '../src/admission/review.js';
import { MemoryRecorder, type MetricsRecorder } from '../src/metrics/metrics.js';
import { aggregateCheckResults } from '../src/policy/check.js';
import { defaultChecks } from '../src/policy/checks/index.js';
import { newEvaluator } from '../src/policy/registry.js';
import { measure, measureAsync } from './measure.js';
import { benchPodSpec } from './pods.js';

const benchDir = process.env['BENCH_DIR'] ?? '../shared/bench';
const rows: string[][] = [];

function row(...cells: string[]): void {
  rows.push(cells);
  console.log(cells.join('  '));
}

function evaluationBench(): void {
  const evaluator = newEvaluator(defaultChecks);
  const levels: [string, LevelVersion][] = [
    ['baseline:latest', { level: 'baseline', version: LatestVersion() }],
    ['restricted:latest', { level: 'restricted', version: LatestVersion() }],
    ['restricted:v1.22', { level: 'restricted', version: MajorMinorVersion(1, 22) }],
  ];
  for (const [containers, ephemeral] of [
    [1, 0],
    [3, 0],
    [3, 1],
    [20, 0],
    [20, 2],
  ] as const) {
    const spec = benchPodSpec(containers, ephemeral);
    const meta = { name: 'bench' };
    for (const [name, lv] of levels) {
      const m = measure(() => aggregateCheckResults(evaluator.evaluatePod(lv, meta, spec)), 400);
      row(
        'evaluate',
        `${containers}c+${ephemeral}e`,
        name,
        `${Math.round(m.opsPerSec).toLocaleString('en-US')} pods/s`,
        `${(m.nsPerOp / 1000).toFixed(2)} µs/pod`,
      );
    }
  }
}

const noMetrics: MetricsRecorder = { recordEvaluation() {}, recordExemption() {}, recordError() {} };

async function admissionBench(): Promise<void> {
  const admission = new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator: newEvaluator(defaultChecks),
    metrics: noMetrics,
    namespaceGetter: new StaticNamespaceGetter([
      { metadata: { name: 'bench', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    ]),
    podLister: new StaticPodLister([]),
  });
  for (const file of ['web-restricted.review.json', 'web-privileged.review.json', 'web-20c.review.json']) {
    let body: string;
    try {
      body = readFileSync(`${benchDir}/${file}`, 'utf8');
    } catch {
      row('admission', file, 'skipped: not found');
      continue;
    }
    const response = await handleReview(admission, JSON.parse(body));
    const floor = measure(() => JSON.stringify(JSON.parse(body)) + JSON.stringify(response), 400, 100);
    const full = await measureAsync(
      async () => JSON.stringify(await handleReview(admission, JSON.parse(body))),
      600,
      100,
    );
    row(
      'admission',
      file,
      `${(full.nsPerOp / 1000).toFixed(1)} µs/review`,
      `floor ${(floor.nsPerOp / 1000).toFixed(1)} µs`,
      `ratio ${(full.nsPerOp / floor.nsPerOp).toFixed(2)}x`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `psa-ephemeral bench  ${new Date().toISOString()}  node ${process.version}  cpu: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
  );
  void MemoryRecorder;
  evaluationBench();
  await admissionBench();
}

await main();
