// Which fields of an object sent to the API server its answer no longer has as sent. The server
// drops a field whose feature gate is off (hostUsers without user namespaces) or forces it back to
// its default (procMount without ProcMountType becomes "Default"); a fixture that sets such a field
// tests nothing there, and is reported as not applicable instead of failing.

/**
 * Values that carry no information: Go's encoding/json omits them (omitempty) or the server may
 * answer them as absent. false and 0 do count: every such field in a pod is a pointer
 * (`hostUsers: false`, `runAsUser: 0`) and comes back when the server keeps it.
 */
function empty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.every(empty);
  if (typeof value === 'object') return Object.values(value).every(empty);
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${key}]`;
}

/** Set on create by the API server whatever was sent: never a dropped field. */
const resetOnCreate = new Set(['status', 'metadata.uid', 'metadata.resourceVersion', 'metadata.generation']);

/** Quantities come back in canonical form (1000m → 1): any value there counts as kept. */
function isQuantity(path: string): boolean {
  return /(^|\.)(limits|requests|overhead)[.[]/.test(path) || /(^|\.)sizeLimit$/.test(path);
}

function walk(sent: unknown, answer: unknown, path: string, out: string[]): void {
  if (resetOnCreate.has(path) || empty(sent)) return;
  if (answer === undefined || answer === null) {
    out.push(path);
    return;
  }
  if (Array.isArray(sent)) {
    const got = Array.isArray(answer) ? answer : [];
    sent.forEach((item, i) => walk(item, got[i], `${path}[${i}]`, out));
    return;
  }
  if (isObject(sent)) {
    const got = isObject(answer) ? answer : {};
    for (const [key, value] of Object.entries(sent)) walk(value, got[key], childPath(path, key), out);
    return;
  }
  if (answer !== sent && !isQuantity(path))
    out.push(`${path} (${JSON.stringify(sent)} → ${JSON.stringify(answer)})`);
}

/**
 * The paths sent but missing from the answer (e.g. spec.hostUsers), and those answered with another
 * value (`spec.containers[0].securityContext.procMount ("Unmasked" → "Default")`).
 */
export function droppedFields(sent: unknown, answer: unknown): string[] {
  if (!isObject(sent) || !isObject(answer)) return [];
  const out: string[] = [];
  walk(sent, answer, '', out);
  return out;
}
