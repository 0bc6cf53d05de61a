// The fixture conformance runner: walks a testdata folder laid out as upstream's
// (<level>/v1.<N>/<pass|fail|fail-ephemeral>/<checkid><i>.yaml), judges every pod at the level and
// version of its folder, and reports counts per level/version and every failure with its reason.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LevelBaseline, LevelRestricted, ParseVersion, type Level, type Version } from '../api/index.js';
import type { Check } from '../policy/check.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator, type Evaluator } from '../policy/registry.js';
import { fixtureKinds, judgeFixture, type FixtureKind } from './expect.js';
import { applyDefaults, FixtureError, parseFixture } from './pod.js';

/** The testdata folder does not have the expected layout (or holds no fixtures). */
export class FixtureLayoutError extends Error {}

export interface FixtureFailure {
  /** Path relative to the testdata folder, with forward slashes. */
  readonly file: string;
  readonly reason: string;
}

export interface GroupResult {
  readonly level: Level;
  /** "v1.N" */
  readonly version: string;
  readonly passed: number;
  readonly failed: number;
}

export interface ConformanceReport {
  readonly passed: number;
  readonly failed: number;
  /** Per level, then per version in numeric order. */
  readonly groups: readonly GroupResult[];
  readonly failures: readonly FixtureFailure[];
}

interface Folder {
  readonly level: Level;
  /** Folder name, "v1.N". */
  readonly version: string;
  readonly parsed: Version;
}

const levels: readonly Level[] = [LevelBaseline, LevelRestricted];

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => e.name)
    .sort();
}

/** The level/version folders under dir, in report order. Throws FixtureLayoutError for strays. */
async function versionFolders(dir: string): Promise<Folder[]> {
  const folders: Folder[] = [];
  for (const level of await subdirectories(dir)) {
    if (!levels.includes(level as Level)) {
      throw new FixtureLayoutError(`${join(dir, level)}: unexpected folder, want ${levels.join(' or ')}`);
    }
    for (const version of await subdirectories(join(dir, level))) {
      const parsed = ParseVersion(version);
      if (parsed.error !== undefined || parsed.value.latest) {
        throw new FixtureLayoutError(`${join(dir, level, version)}: unexpected folder, want v1.<minor>`);
      }
      folders.push({ level: level as Level, version, parsed: parsed.value });
    }
  }
  return folders.sort(
    (a, b) => levels.indexOf(a.level) - levels.indexOf(b.level) || a.parsed.minor - b.parsed.minor,
  );
}

interface FolderContext {
  readonly dir: string;
  readonly evaluator: Evaluator;
  readonly checks: readonly Check[];
}

async function judgeFile(
  ctx: FolderContext,
  folder: Folder,
  kind: FixtureKind,
  file: string,
): Promise<string | undefined> {
  const path = join(ctx.dir, folder.level, folder.version, kind, file);
  try {
    const pod = applyDefaults(parseFixture(path, await readFile(path, 'utf8')));
    const fixture = {
      level: folder.level,
      version: folder.parsed,
      kind,
      name: file.replace(/\.yaml$/, ''),
      pod,
    };
    return judgeFixture(ctx.evaluator, ctx.checks, fixture);
  } catch (err) {
    if (err instanceof FixtureError) return err.message;
    throw err;
  }
}

async function runFolder(
  ctx: FolderContext,
  folder: Folder,
  failures: FixtureFailure[],
): Promise<GroupResult> {
  let passed = 0;
  let failed = 0;
  const base = join(ctx.dir, folder.level, folder.version);
  for (const kind of await subdirectories(base)) {
    if (!fixtureKinds.includes(kind as FixtureKind)) {
      throw new FixtureLayoutError(`${join(base, kind)}: unexpected folder, want ${fixtureKinds.join(', ')}`);
    }
    const files = await yamlFiles(join(base, kind));
    const reasons = await Promise.all(files.map((f) => judgeFile(ctx, folder, kind as FixtureKind, f)));
    reasons.forEach((reason, i) => {
      if (reason === undefined) {
        passed++;
        return;
      }
      failed++;
      failures.push({ file: [folder.level, folder.version, kind, files[i]].join('/'), reason });
    });
  }
  return { level: folder.level, version: folder.version, passed, failed };
}

/**
 * Runs every fixture under testdataDir against an evaluator of checks (default: all checks).
 * Throws FixtureLayoutError for unexpected folders or when there are no fixtures at all.
 */
export async function runConformance(
  testdataDir: string,
  checks: readonly Check[] = defaultChecks,
): Promise<ConformanceReport> {
  const ctx: FolderContext = { dir: testdataDir, evaluator: newEvaluator(checks), checks };
  const failures: FixtureFailure[] = [];
  const groups: GroupResult[] = [];
  for (const folder of await versionFolders(testdataDir)) groups.push(await runFolder(ctx, folder, failures));
  const passed = groups.reduce((n, g) => n + g.passed, 0);
  const failed = groups.reduce((n, g) => n + g.failed, 0);
  if (passed + failed === 0) throw new FixtureLayoutError(`${testdataDir}: no fixtures found`);
  return { passed, failed, groups, failures };
}
