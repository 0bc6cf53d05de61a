// Field errors and aggregates rendered exactly as Go's field.Error and utilerrors.Aggregate print.
import { goQuote } from './quote.js';

export interface FieldError {
  readonly type: 'FieldValueInvalid';
  /** Field path, e.g. metadata.labels[pod-security.kubernetes.io/enforce] */
  readonly field: string;
  readonly badValue: string;
  readonly detail: string;
}

export type FieldErrorList = readonly FieldError[];

export function fieldInvalid(field: string, badValue: string, detail: string): FieldError {
  return Object.freeze({ type: 'FieldValueInvalid', field, badValue, detail });
}

/** Go: field.Error.Error() for an Invalid string value. */
export function fieldErrorString(e: FieldError): string {
  const detail = e.detail === '' ? '' : `: ${e.detail}`;
  return `${e.field}: Invalid value: ${goQuote(e.badValue)}${detail}`;
}

/** Go: utilerrors.NewAggregate(msgs).Error(): one message bare, several de-duplicated in brackets. */
export function aggregateMessages(messages: readonly string[]): string {
  if (messages.length === 0) return '';
  if (messages.length === 1) return messages[0] ?? '';
  const seen = [...new Set(messages)];
  return seen.length === 1 ? (seen[0] ?? '') : `[${seen.join(', ')}]`;
}

/** Go: field.ErrorList.ToAggregate().Error() */
export function fieldErrorsAggregate(errs: FieldErrorList): string {
  return aggregateMessages(errs.map(fieldErrorString));
}

export function fieldErrorsEqual(a: FieldErrorList, b: FieldErrorList): boolean {
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const o = b[i];
    return (
      o !== undefined &&
      e.type === o.type &&
      e.field === o.field &&
      e.badValue === o.badValue &&
      e.detail === o.detail
    );
  });
}
