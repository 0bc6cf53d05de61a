// Zod building blocks shared by the versioned PodSecurityConfiguration schemas: Go's JSON decoding of
// strings and string lists (a null leaves the zero value) and upstream's "empty means default".
import { z } from 'zod';

/** A string defaulted when unset, null or empty (Go: `if len(obj.X) == 0 { obj.X = def }`). */
export function defaultedString(def: string) {
  return z
    .string()
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? def : v));
}

/** An extension key with no default: unset, null and "" (Go's unset string) all decode as undefined. */
export function optionalString() {
  return z
    .string()
    .nullish()
    .transform((v) => (v === null || v === '' ? undefined : v));
}

/** Go []string: unset or null is an empty list, a null element is "". */
export function stringList() {
  return z
    .array(
      z
        .string()
        .nullable()
        .transform((v) => v ?? ''),
    )
    .nullish()
    .transform((v) => v ?? []);
}

/**
 * A nested struct: null decodes as unset, and unset is parsed as `{}` so the inner defaults apply.
 * zod 4's `.default({})` would return `{}` as is, without the inner defaults: `.prefault` parses it.
 */
export function struct<T extends z.ZodObject>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.prefault({} as z.input<T>));
}

/** Drops the keys whose value is undefined, so unset optional keys stay absent. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
