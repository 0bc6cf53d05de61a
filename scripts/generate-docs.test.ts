// The KEP's generated evidence: the committed README is current, the matrix cells the design fixes
// hold, and the marker handling and --check behave as `make docs` / `make test` rely on.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  computeCounts,
  computeMatrix,
  computeResolution,
  generateSections,
  kepReadme,
  main,
  MarkerError,
  reasonsOf,
  replaceSections,
  repoRoot,
  sectionNames,
  staleSections,
  type MatrixCell,
  type Sections,
} from './generate-docs.js';

const root = repoRoot();

describe('the committed KEP', () => {
  it('is current: every generated section matches what the implementation produces', async () => {
    const text = readFileSync(join(root, kepReadme), 'utf8');
    const stale = staleSections(text, await generateSections(root));
    expect(stale, 'run `npx tsx scripts/generate-docs.ts` (make docs)').toEqual([]);
  });
});

describe('the kubectl debug profile matrix', () => {
  let cells: MatrixCell[];
  beforeAll(async () => {
    cells = await computeMatrix();
  });
  const cell = (app: string, eph: string, profile: string): MatrixCell => {
    const c = cells.find((x) => x.app === app && x.ephemeralEnforce === eph && x.profile === profile);
    if (c === undefined) throw new Error(`no cell ${app}/${eph}/${profile}`);
    return c;
  };

  it('has every profile x ephemeral-enforce x app level', () => {
    expect(cells).toHaveLength(6 * 4 * 2);
  });

  it('denies a privileged debugger on a restricted app when ephemeral-enforce=baseline', () => {
    const c = cell('restricted', 'baseline', 'sysadmin');
    expect(c.allowed).toBe(false);
    expect(c.message).toBe(
      'pods "web" is forbidden: violates PodSecurity "baseline:latest" for ephemeral containers: ' +
        'privileged (container "debugger" must not set securityContext.privileged=true)',
    );
    expect(c.violations).toEqual([
      { view: 'ephemeral view', policy: 'baseline:latest', reasons: ['privileged'] },
    ]);
    expect(c.auditAnnotations).toEqual({
      'enforce-policy': 'restricted:latest',
      'ephemeral-enforce-policy': 'baseline:latest',
    });
  });

  it.each(['restricted', 'baseline'])(
    'admits the baseline profile on a %s app when ephemeral-enforce=baseline',
    (app) => {
      expect(cell(app, 'baseline', 'baseline').allowed).toBe(true);
    },
  );

  it('admits only the restricted profile in a restricted namespace without ephemeral labels', () => {
    const allowed = cells.filter(
      (c) => c.app === 'restricted' && c.ephemeralEnforce === 'unset' && c.allowed,
    );
    expect(allowed.map((c) => c.profile)).toEqual(['restricted']);
    expect(cell('restricted', 'unset', 'baseline').auditAnnotations).toEqual({
      'enforce-policy': 'restricted:latest',
    });
  });

  it('admits every profile on a restricted app when ephemeral-enforce=privileged', () => {
    const row = cells.filter((c) => c.app === 'restricted' && c.ephemeralEnforce === 'privileged');
    expect(row.every((c) => c.allowed)).toBe(true);
  });

  it('holds debuggers of a baseline namespace to restricted when ephemeral-enforce=restricted', () => {
    const row = cells.filter((c) => c.app === 'baseline' && c.ephemeralEnforce === 'restricted');
    expect(row.filter((c) => c.allowed).map((c) => c.profile)).toEqual(['restricted']);
    expect(cell('baseline', 'restricted', 'legacy').violations.map((v) => v.view)).toEqual([
      'ephemeral view',
    ]);
  });

  it('judges the whole pod once, as upstream, when ephemeral-enforce equals enforce', () => {
    const c = cell('restricted', 'restricted', 'sysadmin');
    expect(c.violations.map((v) => v.view)).toEqual(['whole pod']);
    expect(c.auditAnnotations).toEqual({ 'enforce-policy': 'restricted:latest' });
  });
});

describe('the resolution table', () => {
  it('stops at the namespace enforce label before a config ephemeral default (design section 6)', () => {
    const row = computeResolution([
      { labels: { enforce: 'restricted' }, config: { 'ephemeral-enforce': 'privileged' }, note: '' },
    ])[0];
    expect(row?.ephemeral.enforce.level).toBe('restricted');
    expect(row?.regular.enforce.level).toBe('restricted');
  });

  it('evaluates an invalid ephemeral-enforce as restricted with an error', () => {
    const row = computeResolution([{ labels: { 'ephemeral-enforce': 'bogus' }, config: {}, note: '' }])[0];
    expect(row?.ephemeral.enforce.level).toBe('restricted');
    expect(row?.errors).toEqual([
      'metadata.labels[pod-security.kubernetes.io/ephemeral-enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted',
    ]);
  });
});

describe('reasonsOf', () => {
  it.each([
    // one reason with a detail
    ['privileged (container "a" must not set securityContext.privileged=true)', ['privileged']],
    // commas inside a detail do not split
    ['host ports (8080, 9090), privileged (containers "a", "b" must not)', ['host ports', 'privileged']],
    // a reason without detail
    ['unknown forbidden reason', ['unknown forbidden reason']],
  ])('%s', (detail, want) => {
    expect(reasonsOf(detail)).toEqual(want);
  });
});

describe('markers', () => {
  const sections: Sections = { matrix: 'M', resolution: 'R', responses: 'S', counts: 'C' };
  const doc = (body: (name: string) => string) =>
    sectionNames
      .map((n) => `## ${n}\n<!-- BEGIN GENERATED: ${n} -->${body(n)}<!-- END GENERATED: ${n} -->\n`)
      .join('\n');

  it('replaces only the text between the markers', () => {
    const out = replaceSections(`intro\n${doc(() => '\nold\n')}outro\n`, sections);
    expect(out).toBe(`intro\n${doc((n) => `\n${sections[n as keyof Sections]}\n`)}outro\n`);
    expect(staleSections(out, sections)).toEqual([]);
  });

  it('names the stale sections', () => {
    const current = replaceSections(
      doc(() => ''),
      sections,
    );
    expect(staleSections(current, { ...sections, counts: 'C2', matrix: 'M2' })).toEqual(['matrix', 'counts']);
  });

  it('refuses a document without a marker', () => {
    expect(() =>
      replaceSections(doc(() => '').replace('<!-- END GENERATED: counts -->', ''), sections),
    ).toThrow(new MarkerError('missing marker <!-- END GENERATED: counts -->'));
  });
});

describe('main', () => {
  let dir: string;
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  function tempRepo(readme: string): string {
    dir = mkdtempSync(join(tmpdir(), 'generate-docs-'));
    mkdirSync(join(dir, 'kep', 'NNNN-pod-security-ephemeral-levels'), { recursive: true });
    writeFileSync(join(dir, kepReadme), readme);
    return dir;
  }
  const empty = sectionNames
    .map((n) => `<!-- BEGIN GENERATED: ${n} -->\n<!-- END GENERATED: ${n} -->`)
    .join('\n\n');

  it('--check exits 1 naming the stale sections and writes nothing', async () => {
    const repo = tempRepo(empty);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['--check'], repo)).toBe(1);
    expect(errors.mock.calls[0]?.[0]).toContain(
      'generated sections matrix, resolution, responses, counts differ',
    );
    expect(readFileSync(join(repo, kepReadme), 'utf8')).toBe(empty);
  });

  it('writes the sections, after which --check passes', async () => {
    const repo = tempRepo(empty);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main([], repo)).toBe(0);
    expect(await main(['--check'], repo)).toBe(0);
  });

  it('rejects unknown arguments', async () => {
    const repo = tempRepo(empty);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['--write'], repo)).toBe(2);
  });

  it('counts no fixtures and no vectors in a repository without them', () => {
    const counts = computeCounts(tempRepo(empty));
    expect(counts).toMatchObject({ fixtureFiles: 0, vectorFiles: 0, vectors: 0 });
    expect(counts.checks).toBe(counts.baselineChecks + counts.restrictedChecks);
  });

  it('counts vectors in both file shapes and none in an empty file', () => {
    const repo = tempRepo(empty);
    mkdirSync(join(repo, 'conformance', 'admission'), { recursive: true });
    writeFileSync(join(repo, 'conformance', 'admission', 'a.yaml'), 'vectors:\n  - name: x\n  - name: y\n');
    writeFileSync(join(repo, 'conformance', 'admission', 'b.yaml'), '- name: z\n');
    writeFileSync(join(repo, 'conformance', 'admission', 'c.yaml'), '');
    expect(computeCounts(repo)).toMatchObject({ vectorFiles: 3, vectors: 3 });
  });
});
