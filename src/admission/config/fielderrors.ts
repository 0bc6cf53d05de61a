// Field errors of PodSecurityConfiguration validation, rendered as Go's field.Error.Error() does, and
// ConfigError, the one error type a configuration load reports (one line, never a stack trace).
import { aggregateMessages, fieldErrorString, goQuote, type FieldError } from '../../api/index.js';

/** Go: field.Duplicate(path, value) for a string value. */
export interface DuplicateFieldError {
  readonly type: 'FieldValueDuplicate';
  readonly field: string;
  readonly badValue: string;
}

/** The field errors configuration validation produces: Invalid (from src/api) or Duplicate. */
export type ConfigFieldError = FieldError | DuplicateFieldError;
export type ConfigFieldErrorList = readonly ConfigFieldError[];

export function fieldDuplicate(field: string, badValue: string): DuplicateFieldError {
  return Object.freeze({ type: 'FieldValueDuplicate', field, badValue });
}

/** Go: field.Error.Error(): `<field>: Invalid value: "<v>": <detail>`, `<field>: Duplicate value: "<v>"`. */
export function configFieldErrorString(e: ConfigFieldError): string {
  if (e.type === 'FieldValueDuplicate') return `${e.field}: Duplicate value: ${goQuote(e.badValue)}`;
  return fieldErrorString(e);
}

/** Go: field.ErrorList.ToAggregate().Error(): one message bare, several de-duplicated in brackets. */
export function configFieldErrorsAggregate(errs: ConfigFieldErrorList): string {
  return aggregateMessages(errs.map(configFieldErrorString));
}

/**
 * A configuration that cannot be read, decoded, validated or turned into a policy. The message is
 * `<source>: <reason>` (reason being upstream's message), or the reason alone when no source applies.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The file name (or other label) of the configuration, when known. */
  readonly source: string | undefined;
  /** Each reason on its own, e.g. one per field error; `message` aggregates them as Go does. */
  readonly reasons: readonly string[];

  constructor(source: string | undefined, reasons: readonly string[]) {
    const reason = aggregateMessages(reasons);
    super(source === undefined || source === '' ? reason : `${source}: ${reason}`);
    this.source = source;
    this.reasons = Object.freeze([...reasons]);
  }
}
