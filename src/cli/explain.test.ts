// `explain` on the six design examples (conformance/admission/design-examples.yaml): each resolved
// policy matches the vector's audit annotations and names the step of the chain that supplied it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Explanation } from '../admission/explain.js';
import { parseVectorFile, type Vector } from '../conformance/vectors.js';
import { CliUsageError } from './errors.js';
import { run } from './explain.js';

const dir = mkdtempSync(join(tmpdir(), 'psa-explain-test-'));
const examples = parseVectorFile(
  readFileSync(new URL('../../conformance/admission/design-examples.yaml', import.meta.url), 'utf8'),
  'design-examples.yaml',
);

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function output(argv: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  expect(await run(argv)).toBe(0);
  return log.mock.calls.map((c) => String(c[0])).join('\n');
}

function argsFor(v: Vector): string[] {
  const args = ['-f', file(`${v.name}-ns.json`, v.namespaces[0])];
  if (v.config !== undefined) args.push('--config', file(`${v.name}-config.json`, v.config));
  return args;
}

afterEach(() => vi.restoreAllMocks());

/** What each example's enforce resolution must show: [regular level step, ephemeral level step, chain step]. */
const wanted: Record<string, { regular: string; ephemeral: string; chainStep: number; split: boolean }> = {
  'design-example-1': { regular: 'label', ephemeral: 'ephemeral-label', chainStep: 1, split: true },
  'design-example-2': { regular: 'label', ephemeral: 'ephemeral-label', chainStep: 1, split: true },
  'design-example-3': { regular: 'label', ephemeral: 'label', chainStep: 2, split: false },
  'design-example-4': { regular: 'default', ephemeral: 'ephemeral-default', chainStep: 3, split: true },
  'design-example-5': { regular: 'label', ephemeral: 'ephemeral-label', chainStep: 1, split: true },
  'design-example-6': { regular: 'default', ephemeral: 'ephemeral-label', chainStep: 1, split: true },
};

describe('explain: the design examples', () => {
  it('has the six examples', () => {
    expect(examples.map((v) => v.name)).toEqual(Object.keys(wanted));
  });

  it.each(examples.map((v) => [v.name, v] as const))('%s', async (name, v) => {
    const e = JSON.parse(await output([...argsFor(v), '--json'])) as Explanation;
    const enforce = e.modes.find((m) => m.mode === 'enforce');
    const want = wanted[name];
    const annotations = v.expected.auditAnnotations ?? {};
    expect(enforce?.regular.policy).toBe(annotations['enforce-policy']);
    expect(enforce?.ephemeral.policy).toBe(
      annotations['ephemeral-enforce-policy'] ?? enforce?.regular.policy,
    );
    expect(enforce?.regular.levelSource.step).toBe(want?.regular);
    expect(enforce?.ephemeral.levelSource.step).toBe(want?.ephemeral);
    expect(enforce?.ephemeral.levelSource.chainStep).toBe(want?.chainStep);
    expect(enforce?.split).toBe(want?.split);
    expect(e.errors.length > 0).toBe(annotations['error'] !== undefined);
  });

  it('example 3: the enforce label stops the chain before the ephemeral default, in words', async () => {
    const v = examples[2] as Vector;
    const text = await output(argsFor(v));
    expect(text).toContain('configuration defaults: enforce=privileged');
    expect(text).toContain('ephemeral-enforce=privileged');
    expect(text).toContain(
      '    level    restricted  step 2: label pod-security.kubernetes.io/enforce="restricted"',
    );
    expect(text).toContain('  => one policy: the whole pod is judged at restricted:latest, as upstream does');
  });

  it('example 6: the invalid ephemeral-enforce fails closed, and the error is listed', async () => {
    const text = await output(argsFor(examples[5] as Vector));
    expect(text).toContain(
      'step 1: label pod-security.kubernetes.io/ephemeral-enforce="bogus" (invalid level: fails closed to restricted)',
    );
    expect(text).toContain(
      '  metadata.labels[pod-security.kubernetes.io/ephemeral-enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted',
    );
    expect(text).toContain('privileged short-cut: no');
  });
});

describe('explain: flags', () => {
  it('reads --namespace-labels with check syntax, and names warn defaulting', async () => {
    const text = await output(['--namespace-labels', 'enforce=baseline,ephemeral-enforce=restricted']);
    expect(text).toContain(
      'level    restricted  warn defaulting: the ephemeral enforce level, set by a valid label, is stricter and neither ephemeral-warn nor warn is set',
    );
    expect(text).toContain('level    baseline    warn defaulting: the enforce level');
  });

  it('with the feature gate off, ephemeral labels are ignored and said to be', async () => {
    const text = await output([
      '-l',
      'ephemeral-enforce=baseline',
      '--feature-gates',
      'PodSecurityEphemeralLevels=false',
    ]);
    expect(text).toContain('ignored (feature gate off): label ephemeral-enforce');
    expect(text).toContain('privileged short-cut: yes');
  });

  it.each([
    [['-l', 'enforce'], '--namespace-labels: expected key=value, got "enforce"'],
    [['-l', 'a=b', '-f', 'x.yaml'], 'use either -f NAMESPACE_FILE or --namespace-labels, not both'],
    [['-f', join(dir, 'missing.yaml')], `${join(dir, 'missing.yaml')}: cannot read file (ENOENT)`],
    [
      ['-f', file('two.yaml', 'kind: Namespace\n---\nkind: Namespace\n')],
      `${join(dir, 'two.yaml')}: expected one Namespace, found 2 objects`,
    ],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('%j: one-line error', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(new CliUsageError(message));
  });
});
