// The Metrics port of the admission layer (upstream metrics/metrics.go Recorder), with the ephemeral
// modes of the extension as distinct mode label values.
import { levelVersionString, type LevelVersion } from '../api/index.js';

export type Decision = 'allow' | 'deny';
export type MetricsMode =
  'enforce' | 'audit' | 'warn' | 'ephemeral-enforce' | 'ephemeral-audit' | 'ephemeral-warn';

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** The parts of admission attributes that metrics label. */
export interface MetricsAttributes {
  /** CREATE, UPDATE, ... as in AdmissionRequest.operation. */
  readonly operation: string;
  readonly resource: GroupVersionResource;
  readonly subresource: string;
}

export interface MetricsRecorder {
  recordEvaluation(
    decision: Decision,
    policy: LevelVersion,
    mode: MetricsMode,
    attrs: MetricsAttributes,
  ): void;
  recordExemption(attrs: MetricsAttributes): void;
  recordError(fatal: boolean, attrs: MetricsAttributes): void;
}

/** One recorded call, as the in-memory recorder keeps it. */
export type RecordedMetric =
  | {
      kind: 'evaluation';
      decision: Decision;
      policy: string;
      mode: MetricsMode;
      resource: string;
      operation: string;
    }
  | { kind: 'exemption'; resource: string; operation: string }
  | { kind: 'error'; fatal: boolean; resource: string; operation: string };

/** Keeps every recorded call in memory: for tests and the `review` command. */
export class MemoryRecorder implements MetricsRecorder {
  readonly records: RecordedMetric[] = [];

  recordEvaluation(
    decision: Decision,
    policy: LevelVersion,
    mode: MetricsMode,
    attrs: MetricsAttributes,
  ): void {
    this.records.push({
      kind: 'evaluation',
      decision,
      policy: levelVersionString(policy),
      mode,
      ...where(attrs),
    });
  }

  recordExemption(attrs: MetricsAttributes): void {
    this.records.push({ kind: 'exemption', ...where(attrs) });
  }

  recordError(fatal: boolean, attrs: MetricsAttributes): void {
    this.records.push({ kind: 'error', fatal, ...where(attrs) });
  }
}

function where(attrs: MetricsAttributes): { resource: string; operation: string } {
  const sub = attrs.subresource === '' ? '' : `/${attrs.subresource}`;
  return { resource: `${attrs.resource.resource}${sub}`, operation: attrs.operation };
}
