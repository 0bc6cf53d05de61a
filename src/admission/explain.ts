// `explain`: the regular and ephemeral policy of a namespace per mode, with where every level and version
// came from. It reads the sources admission's own resolution records (Admission.policiesToEvaluate).
import {
  fieldErrorString,
  getLabel,
  labelPrefix,
  levelVersionEqual,
  levelVersionString,
  modeLabels,
  modes,
  policiesFullyPrivileged,
  versionString,
  type Labels,
  type LevelVersion,
  type Mode,
  type ValueSource,
} from '../api/index.js';
import type { Admission } from './admission.js';
import { ignoredEphemeralDefaults, PodSecurityEphemeralLevels } from './features.js';

export interface ExplainedSource {
  readonly step: ValueSource['step'];
  /** The chain step of the ephemeral policy (1 to 4); absent for the regular policy and warn defaulting. */
  readonly chainStep?: number;
  /** The namespace label, or the configuration key (`defaults.enforce-version`) the value came from. */
  readonly key: string;
  /** The label's value as written, for label steps. */
  readonly labelValue?: string;
  /** For an invalid label: what it evaluates as and why ("fails closed", "fails open", "latest"). */
  readonly invalid?: string;
  /** The whole source in words. */
  readonly description: string;
}

export interface ExplainedLevelVersion {
  /** "baseline:latest" */
  readonly policy: string;
  readonly level: string;
  readonly version: string;
  readonly levelSource: ExplainedSource;
  readonly versionSource: ExplainedSource;
}

export interface ExplainedMode {
  readonly mode: Mode;
  readonly regular: ExplainedLevelVersion;
  readonly ephemeral: ExplainedLevelVersion;
  /** The two policies differ: regular containers and ephemeral containers are judged apart. */
  readonly split: boolean;
}

export interface Explanation {
  readonly featureGates: { readonly [PodSecurityEphemeralLevels]: boolean };
  /** The namespace's pod-security.kubernetes.io/ labels, as given. */
  readonly labels: Readonly<Record<string, string>>;
  /** The configuration's defaults by key (`enforce`, `enforce-version`, `ephemeral-enforce`, ...). */
  readonly configDefaults: Readonly<Record<string, string>>;
  /** Labels resolution does not read: ephemeral-* ones while the feature gate is off. */
  readonly ignoredLabels: readonly string[];
  /** Configuration keys resolution does not read: ephemeral-* defaults while the gate is off. */
  readonly ignoredDefaults: readonly string[];
  readonly modes: readonly ExplainedMode[];
  /** The label errors: pods see them as the `error` audit annotation. */
  readonly errors: readonly string[];
  /** Both policies privileged in every mode and no errors: pods are allowed without evaluation. */
  readonly privilegedShortCut: boolean;
}

type Kind = 'regular' | 'ephemeral';

const failWords: Readonly<Record<Mode, string>> = {
  enforce: 'fails closed to restricted',
  audit: 'fails open to privileged',
  warn: 'fails open to privileged',
};

function short(label: string): string {
  return label.slice(labelPrefix.length);
}

function defaultKey(mode: Mode, part: 'level' | 'version', ephemeral: boolean): string {
  return `defaults.${ephemeral ? 'ephemeral-' : ''}${mode}${part === 'version' ? '-version' : ''}`;
}

interface SourceContext {
  readonly kind: Kind;
  readonly mode: Mode;
  readonly part: 'level' | 'version';
  readonly labels: Labels;
}

function labelKey(c: SourceContext, ephemeral: boolean): string {
  const keys = modeLabels[c.mode];
  if (c.part === 'level') return ephemeral ? keys.ephemeralLevel : keys.level;
  return ephemeral ? keys.ephemeralVersion : keys.version;
}

function fromLabel(
  c: SourceContext,
  s: ValueSource,
  ephemeral: boolean,
  chainStep?: number,
): ExplainedSource {
  const key = labelKey(c, ephemeral);
  const raw = getLabel(c.labels, key) ?? '';
  const invalid = s.invalid
    ? c.part === 'version'
      ? 'invalid version: evaluates as latest'
      : `invalid level: ${failWords[c.mode]}`
    : undefined;
  const where = chainStep === undefined ? '' : `step ${chainStep}: `;
  return {
    step: s.step,
    ...(chainStep === undefined ? {} : { chainStep }),
    key,
    labelValue: raw,
    ...(invalid === undefined ? {} : { invalid }),
    description: `${where}label ${key}=${JSON.stringify(raw)}${invalid === undefined ? '' : ` (${invalid})`}`,
  };
}

function fromDefault(c: SourceContext, ephemeral: boolean, chainStep?: number): ExplainedSource {
  const key = defaultKey(c.mode, c.part, ephemeral);
  const where = chainStep === undefined ? '' : `step ${chainStep}: `;
  const unset = [labelKey(c, false)];
  if (c.kind === 'ephemeral') unset.unshift(labelKey(c, true));
  if (c.kind === 'ephemeral' && !ephemeral) unset.push(defaultKey(c.mode, c.part, true));
  return {
    step: ephemeral ? 'ephemeral-default' : 'default',
    ...(chainStep === undefined ? {} : { chainStep }),
    key,
    description: `${where}configuration ${key} (not set: ${unset.map((k) => (k.startsWith('defaults.') ? k : `label ${short(k)}`)).join(', ')})`,
  };
}

function fromWarnDefaulting(c: SourceContext): ExplainedSource {
  const what = c.kind === 'ephemeral' ? 'the ephemeral enforce' : 'the enforce';
  const unset = c.kind === 'ephemeral' ? 'neither ephemeral-warn nor warn is set' : 'warn is not set';
  return {
    step: 'warn-defaulting',
    key: c.kind === 'ephemeral' ? 'ephemeral enforce' : modeLabels.enforce.level,
    description:
      c.part === 'level'
        ? `warn defaulting: ${what} level, set by a valid label, is stricter and ${unset}`
        : `warn defaulting: ${what} version, copied with the level`,
  };
}

function explainSource(c: SourceContext, s: ValueSource): ExplainedSource {
  const eph = c.kind === 'ephemeral';
  switch (s.step) {
    case 'ephemeral-label':
      return fromLabel(c, s, true, 1);
    case 'label':
      return fromLabel(c, s, false, eph ? 2 : undefined);
    case 'ephemeral-default':
      return fromDefault(c, true, 3);
    case 'default':
      return fromDefault(c, false, eph ? 4 : undefined);
    case 'warn-defaulting':
      return fromWarnDefaulting(c);
  }
}

function explainLevelVersion(
  kind: Kind,
  mode: Mode,
  lv: LevelVersion,
  src: { level: ValueSource; version: ValueSource },
  labels: Labels,
): ExplainedLevelVersion {
  const version = versionString(lv.version);
  return {
    policy: levelVersionString(lv),
    level: lv.level,
    version,
    levelSource: explainSource({ kind, mode, part: 'level', labels }, src.level),
    versionSource: explainSource({ kind, mode, part: 'version', labels }, src.version),
  };
}

function configDefaults(admission: Admission): Record<string, string> {
  const { defaults, ephemeralDefaults } = admission.configuration;
  const out: Record<string, string> = {};
  for (const mode of modes) {
    out[mode] = defaults[mode].level;
    out[`${mode}-version`] = versionString(defaults[mode].version);
  }
  for (const mode of modes) {
    const level = ephemeralDefaults[mode];
    const version = ephemeralDefaults[`${mode}Version`];
    if (level !== undefined) out[`ephemeral-${mode}`] = level;
    if (version !== undefined) out[`ephemeral-${mode}-version`] = versionString(version);
  }
  return out;
}

/** Explains the policies admission resolves for a namespace with these labels. */
export function explain(admission: Admission, labels: Labels | null | undefined): Explanation {
  const all: Labels = labels ?? {};
  const read = admission.policyLabels(all);
  const p = admission.policiesToEvaluate(all);
  const gate = admission.features[PodSecurityEphemeralLevels];
  const ours = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(labelPrefix)));
  return {
    featureGates: { [PodSecurityEphemeralLevels]: gate },
    labels: ours,
    configDefaults: configDefaults(admission),
    ignoredLabels: Object.keys(all).filter((k) => k.startsWith(labelPrefix) && !(k in read)),
    ignoredDefaults: gate ? [] : ignoredEphemeralDefaults(admission.configuration.ephemeralDefaults),
    modes: modes.map((mode) => ({
      mode,
      regular: explainLevelVersion('regular', mode, p.policy[mode], p.sources.policy[mode], read),
      ephemeral: explainLevelVersion('ephemeral', mode, p.ephemeral[mode], p.sources.ephemeral[mode], read),
      split: !levelVersionEqual(p.policy[mode], p.ephemeral[mode]),
    })),
    errors: p.errors.map(fieldErrorString),
    privilegedShortCut: p.errors.length === 0 && policiesFullyPrivileged(p),
  };
}

function sourceLines(name: string, lv: ExplainedLevelVersion): string[] {
  return [
    `    level    ${lv.level.padEnd(11)} ${lv.levelSource.description}`,
    `    version  ${lv.version.padEnd(11)} ${lv.versionSource.description}`,
  ].map((l, i) => (i === 0 ? `  ${name.padEnd(22)}${lv.policy}\n${l}` : l));
}

/** The explanation in words, one block per mode. */
export function formatExplanation(e: Explanation): string {
  const gate = e.featureGates[PodSecurityEphemeralLevels] ? 'on' : 'off';
  const lines = [`feature gate ${PodSecurityEphemeralLevels}: ${gate}`];
  const labels = Object.entries(e.labels);
  lines.push(labels.length === 0 ? 'namespace labels: none' : 'namespace labels:');
  for (const [k, v] of labels) lines.push(`  ${k}=${v}`);
  const defaults = Object.entries(e.configDefaults).map(([k, v]) => `${k}=${v}`);
  lines.push(`configuration defaults: ${defaults.join(', ')}`);
  const ignored = [
    ...e.ignoredLabels.map((k) => `label ${short(k)}`),
    ...e.ignoredDefaults.map((k) => `defaults.${k}`),
  ];
  if (ignored.length > 0) lines.push(`ignored (feature gate off): ${ignored.join(', ')}`);
  for (const m of e.modes) {
    lines.push('', m.mode);
    lines.push(...sourceLines('regular containers', m.regular));
    lines.push(...sourceLines('ephemeral containers', m.ephemeral));
    lines.push(
      m.split
        ? `  => split: regular containers judged at ${m.regular.policy}, ephemeral containers at ${m.ephemeral.policy}`
        : `  => one policy: the whole pod is judged at ${m.regular.policy}, as upstream does`,
    );
  }
  lines.push('');
  if (e.errors.length === 0) lines.push('label errors: none');
  else {
    lines.push('label errors (pods get them as the "error" audit annotation):');
    for (const err of e.errors) lines.push(`  ${err}`);
  }
  lines.push(
    e.privilegedShortCut
      ? 'privileged short-cut: yes (privileged in every mode, no errors: pods are allowed unevaluated)'
      : 'privileged short-cut: no (pods are evaluated)',
  );
  return lines.join('\n');
}
