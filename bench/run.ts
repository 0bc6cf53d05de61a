// `make bench`: every figure of issue 6, printed as one table under the machine's CPU model. Each
// section runs in a fresh Node process (`run.js --section NAME`), so one section's JIT feedback and
// heap never colour another's; the webhook section starts its own server and load generators.
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { admissionFigures, namespaceScalingFigures } from './admission.js';
import { dryRunFigures } from './dryrun.js';
import { execFigures } from './exec.js';
import { containerScalingFigures, evaluationFigures } from './evaluation.js';
import { clientCore, pinning, serverCore, serverNodeFlags } from './procs.js';
import { formatTable, rowPrefix, type Row } from './table.js';
import { versusFigures } from './versus.js';
import { clusterServerMemoryFigures, serverFigures, serverMemoryFigures } from './webhook.js';
import { workersFigures } from './workers.js';

const sections: Readonly<Record<string, () => unknown>> = {
  evaluation: evaluationFigures,
  admission: admissionFigures,
  webhook: serverFigures,
  'dry-run': dryRunFigures,
  exec: execFigures,
  'container-scaling': containerScalingFigures,
  'namespace-scaling': namespaceScalingFigures,
  'namespace-memory': serverMemoryFigures,
  'namespace-memory-informer': clusterServerMemoryFigures,
  'vs-upstream': versusFigures,
  workers: workersFigures,
};

/** Runs one section in a child process; its rows are collected, anything else it prints passes through. */
function runSection(name: string, rows: Row[]): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [script, '--section', name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(rowPrefix)) return void console.error(line);
    const row = JSON.parse(line.slice(rowPrefix.length)) as Row;
    rows.push(row);
    console.error(`  ${row.section} | ${row.case} | ${row.result}`);
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`section ${name} exited ${code}`)),
    ),
  );
}

/** The 1, 5 and 15 minute load averages: other work on the machine shows here and in the figures. */
function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const started = performance.now();
  const header = [
    `psa-ephemeral bench  ${new Date().toISOString()}  node ${process.version}`,
    `cpu: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} (nproc ${availableParallelism()})  load average at start: ${loadAverage()}`,
    pinning
      ? `webhook: server pinned to core ${serverCore}, load generators to core ${clientCore} (taskset)`
      : 'webhook: not pinned (taskset not installed)',
    `server node flags: ${serverNodeFlags.length > 0 ? serverNodeFlags.join(' ') : 'none'}`,
  ];
  console.error(header.join('\n'));
  const rows: Row[] = [];
  // BENCH_SECTIONS=webhook,workers runs only those sections.
  for (const name of Object.keys(sections).filter((n) => only === undefined || only.includes(n))) {
    console.error(`section ${name} ...`);
    await runSection(name, rows);
  }
  // Stable: rows keep their order within a section; 5 scaling collects its parts.
  rows.sort((a, b) => a.section.localeCompare(b.section));
  const missed = rows.filter((r) => r.ok === false).length;
  const targets = rows.filter((r) => r.ok !== undefined).length;
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    [
      ...header,
      '',
      formatTable(rows),
      '',
      `${targets - missed} of ${targets} targets met; bench took ${elapsed.toFixed(0)} s; load average at end: ${loadAverage()}`,
    ].join('\n'),
  );
}

const i = process.argv.indexOf('--section');
const only = process.env['BENCH_SECTIONS']?.split(',');
if (i >= 0) {
  const section = sections[process.argv[i + 1] ?? ''];
  if (section === undefined) throw new Error(`unknown section ${process.argv[i + 1]}`);
  await section();
} else {
  await main();
}
