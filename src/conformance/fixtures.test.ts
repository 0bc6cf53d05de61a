import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelRestricted, MajorMinorVersion } from '../api/index.js';
import { aggregateCheckResults, forbiddenDetail } from '../policy/check.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { FixtureLayoutError, runConformance } from './fixtures.js';
import { applyDefaults, FixtureError, parseFixture } from './pod.js';

const dirs: string[] = [];

/** A temp testdata folder holding the given files (path relative to the folder → content). */
async function testdata(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'psa-fixtures-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A pod with one container, plus extra spec fields given as YAML lines under spec. */
function pod(containerYAML: string, specYAML = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: pause\n${containerYAML}${specYAML}`;
}

const plain = pod('');
const privileged = pod('    securityContext:\n      privileged: true\n');
const netRaw = pod(
  '    securityContext:\n      capabilities:\n        add: [NET_RAW]\n        drop: [ALL]\n',
);
/** Restricted in every respect but privileged=true. */
const restrictedPrivileged = pod(
  '    securityContext:\n      privileged: true\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]\n',
  '  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n',
);
const privilegedDetail = 'privileged (container "c" must not set securityContext.privileged=true)';

describe('runConformance', () => {
  it.each([
    // pass fixtures must be allowed
    { name: 'allowed pass fixture', path: 'baseline/v1.0/pass/base.yaml', content: plain, reason: undefined },
    {
      name: 'forbidden pass fixture',
      path: 'baseline/v1.0/pass/base.yaml',
      content: privileged,
      reason: `expected allowed, got forbidden: ${privilegedDetail}`,
    },
    // fail fixtures must be forbidden by the check named by the file
    {
      name: 'fail fixture failing its check',
      path: 'baseline/v1.0/fail/privileged0.yaml',
      content: privileged,
    },
    {
      name: 'allowed fail fixture',
      path: 'baseline/v1.0/fail/privileged1.yaml',
      content: plain,
      reason: 'expected forbidden by check "privileged", got allowed',
    },
    {
      name: 'fail fixture failing another check',
      path: 'baseline/v1.0/fail/hostports0.yaml',
      content: privileged,
      reason: `expected forbidden by check "hostPorts", got: ${privilegedDetail}`,
    },
    {
      name: 'fail fixture named after no check',
      path: 'baseline/v1.0/fail/nosuchcheck0.yaml',
      content: privileged,
      reason: 'no check is named after fixture "nosuchcheck0"',
    },
    // at restricted v1.22+, capabilities_restricted overrides capabilities_baseline and counts for it
    {
      name: 'overridden baseline check',
      path: 'restricted/v1.22/fail/capabilities_baseline0.yaml',
      content: netRaw,
    },
    {
      name: 'override named in the reason',
      path: 'restricted/v1.22/fail/capabilities_baseline0.yaml',
      content: restrictedPrivileged,
      reason:
        'expected forbidden by check "capabilities_baseline" (or "capabilities_restricted", which overrides it), ' +
        `got: ${privilegedDetail}`,
    },
    // overrides apply only at the restricted level
    {
      name: 'no override at baseline',
      path: 'baseline/v1.22/fail/capabilities_baseline0.yaml',
      content: privileged,
      reason: `expected forbidden by check "capabilities_baseline", got: ${privilegedDetail}`,
    },
    // fail-ephemeral fixtures: forbidden by the named check, and holding ephemeral containers
    {
      name: 'fail-ephemeral fixture',
      path: 'baseline/v1.0/fail-ephemeral/privileged0.yaml',
      content: pod(
        '',
        '  ephemeralContainers:\n  - name: debugger\n    securityContext:\n      privileged: true\n',
      ),
    },
    {
      name: 'fail-ephemeral fixture without ephemeral containers',
      path: 'baseline/v1.0/fail-ephemeral/privileged0.yaml',
      content: privileged,
      reason: 'fail-ephemeral fixture has no spec.ephemeralContainers',
    },
    // a volume without a source is defaulted to emptyDir, which restricted allows
    {
      name: 'volume defaulting',
      path: 'restricted/v1.0/pass/restrictedvolumes0.yaml',
      content: pod('', '  securityContext:\n    runAsNonRoot: true\n  volumes:\n  - name: volume0\n'),
    },
  ] as { name: string; path: string; content: string; reason?: string }[])(
    '$name',
    async ({ path, content, reason }) => {
      const report = await runConformance(await testdata({ [path]: content }));
      const [level, version] = path.split('/');
      expect(report.groups).toEqual([
        { level, version, passed: reason === undefined ? 1 : 0, failed: reason === undefined ? 0 : 1 },
      ]);
      expect(report.failures).toEqual(reason === undefined ? [] : [{ file: path, reason }]);
    },
  );

  it('reports bad YAML and non-pods as failures naming the file', async () => {
    const dir = await testdata({
      'baseline/v1.0/pass/bad.yaml': 'spec: [unclosed\n',
      'baseline/v1.0/pass/service.yaml': 'apiVersion: v1\nkind: Service\nspec: {}\n',
      'baseline/v1.0/pass/base.yaml': plain,
    });
    const report = await runConformance(dir);
    expect({ passed: report.passed, failed: report.failed }).toEqual({ passed: 1, failed: 2 });
    const [bad, service] = report.failures;
    expect(bad?.file).toBe('baseline/v1.0/pass/bad.yaml');
    expect(bad?.reason).toMatch(new RegExp(`^${join(dir, 'baseline/v1.0/pass/bad.yaml')}: invalid YAML: `));
    expect(service?.reason).toBe(
      `${join(dir, 'baseline/v1.0/pass/service.yaml')}: not a v1 Pod: kind: Invalid input: expected "Pod"; ` +
        'spec.containers: Invalid input: expected array, received undefined',
    );
  });

  it('counts per level and version, in numeric version order, and ignores other files', async () => {
    const dir = await testdata({
      'README.md': 'not a fixture',
      'restricted/v1.2/pass/notes.txt': 'not a fixture',
      'restricted/v1.10/fail/privileged0.yaml': privileged,
      'restricted/v1.2/fail/privileged0.yaml': privileged,
      'baseline/v1.10/pass/base.yaml': plain,
      'baseline/v1.10/pass/privileged0.yaml': privileged,
    });
    const report = await runConformance(dir);
    expect(report.groups).toEqual([
      { level: 'baseline', version: 'v1.10', passed: 1, failed: 1 },
      { level: 'restricted', version: 'v1.2', passed: 1, failed: 0 },
      { level: 'restricted', version: 'v1.10', passed: 1, failed: 0 },
    ]);
    expect({ passed: report.passed, failed: report.failed }).toEqual({ passed: 3, failed: 1 });
  });

  it.each([
    {
      name: 'unknown level',
      path: 'privileged/v1.0/pass/base.yaml',
      message: 'unexpected folder, want baseline or restricted',
    },
    {
      name: 'bad version',
      path: 'baseline/latest/pass/base.yaml',
      message: 'unexpected folder, want v1.<minor>',
    },
    {
      name: 'unknown kind',
      path: 'baseline/v1.0/warn/base.yaml',
      message: 'unexpected folder, want pass, fail, fail-ephemeral',
    },
    { name: 'no fixtures', path: 'README.md', message: 'no fixtures found' },
  ])('rejects a bad layout: $name', async ({ path, message }) => {
    const dir = await testdata({ [path]: plain });
    await expect(runConformance(dir)).rejects.toThrow(FixtureLayoutError);
    await expect(runConformance(dir)).rejects.toThrow(message);
  });

  it('judges with the given checks', async () => {
    const dir = await testdata({ 'baseline/v1.0/fail/privileged0.yaml': privileged });
    const report = await runConformance(
      dir,
      defaultChecks.filter((c) => c.id !== 'privileged'),
    );
    expect(report.failures).toEqual([
      {
        file: 'baseline/v1.0/fail/privileged0.yaml',
        reason: 'no check is named after fixture "privileged0"',
      },
    ]);
  });
});

describe('parseFixture', () => {
  it('keeps unknown fields', () => {
    const p = parseFixture('f.yaml', pod('    ports:\n    - hostPort: 80\n', '  hostUsers: false\n'));
    expect(p.spec.hostUsers).toBe(false);
    expect(p.spec.containers?.[0]?.ports).toEqual([{ hostPort: 80 }]);
  });

  it.each([
    { name: 'bad YAML', text: 'a: [', message: /^f\.yaml: invalid YAML: / },
    {
      name: 'empty file',
      text: '',
      message: /^f\.yaml: not a v1 Pod: \(root\): Invalid input: expected object/,
    },
    { name: 'not an object', text: '- a\n', message: /^f\.yaml: not a v1 Pod: \(root\): / },
    {
      name: 'wrong apiVersion',
      text: plain.replace('apiVersion: v1', 'apiVersion: v2'),
      message: /apiVersion: Invalid input/,
    },
  ])('rejects $name with a FixtureError naming the file', ({ text, message }) => {
    expect(() => parseFixture('f.yaml', text)).toThrow(FixtureError);
    expect(() => parseFixture('f.yaml', text)).toThrow(message);
  });
});

describe('applyDefaults', () => {
  it.each([
    { name: 'no source', volume: { name: 'v' }, want: { name: 'v', emptyDir: {} } },
    {
      name: 'null source',
      volume: { name: 'v', secret: null },
      want: { name: 'v', secret: null, emptyDir: {} },
    },
    {
      name: 'with source',
      volume: { name: 'v', hostPath: { path: '/' } },
      want: { name: 'v', hostPath: { path: '/' } },
    },
  ])('volume with $name', ({ volume, want }) => {
    const p = parseFixture('f.yaml', plain);
    const defaulted = applyDefaults({ ...p, spec: { ...p.spec, volumes: [volume] } });
    expect(defaulted.spec.volumes).toEqual([want]);
  });

  it('is what makes a volume without a source pass restricted', () => {
    const p = parseFixture(
      'f.yaml',
      pod('', '  securityContext:\n    runAsNonRoot: true\n  volumes:\n  - name: volume0\n'),
    );
    const evaluator = newEvaluator(defaultChecks);
    const judge = (spec: typeof p.spec) =>
      forbiddenDetail(
        aggregateCheckResults(
          evaluator.evaluatePod(
            { level: LevelRestricted, version: MajorMinorVersion(1, 0) },
            p.metadata,
            spec,
          ),
        ),
      );
    expect(judge(p.spec)).toBe(
      'restricted volume types (volume "volume0" uses restricted volume type "unknown")',
    );
    expect(judge(applyDefaults(p).spec)).toBe('');
  });
});
