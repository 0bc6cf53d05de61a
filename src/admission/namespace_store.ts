// The namespaces admission keeps in memory (static file or informer cache): only what policy
// resolution reads, the name and the pod-security labels, with equal label sets shared.
import { goQuote, labelPrefix } from '../api/index.js';
import type { Namespace } from './ports.js';

type Labels = Readonly<Record<string, string>>;

interface LabelSet {
  readonly labels: Labels;
  refs: number;
}

/**
 * A name → pod-security labels map (the `pod-security.kubernetes.io/` labels only), read back as
 * `{metadata: {name, labels}}` namespaces. Clusters have a handful of distinct policies, so label
 * sets are interned, frozen and reference counted (freed with their last namespace): 100 000
 * namespaces cost about 60 bytes each plus their names, instead of the full objects an informer
 * keeps.
 */
export class NamespaceStore {
  private readonly byName = new Map<string, Labels>();
  private readonly labelSets = new Map<string, LabelSet>();

  get size(): number {
    return this.byName.size;
  }

  /** The namespace with its pod-security labels (the shared, frozen set), or undefined. */
  get(name: string): Namespace | undefined {
    const labels = this.byName.get(name);
    return labels === undefined ? undefined : { metadata: { name, labels } };
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Adds or replaces the namespace named in `ns.metadata.name`. */
  set(ns: Namespace): void {
    const name = namespaceName(ns);
    const labels = this.intern(policyLabels(ns.metadata?.labels));
    this.delete(name);
    this.byName.set(name, labels);
  }

  delete(name: string): void {
    const old = this.byName.get(name);
    if (old === undefined) return;
    this.byName.delete(name);
    this.release(old);
  }

  /** Number of distinct label sets held (for tests and diagnostics). */
  get labelSetCount(): number {
    return this.labelSets.size;
  }

  private intern(labels: [string, string][]): Labels {
    const key = JSON.stringify(labels);
    const existing = this.labelSets.get(key);
    if (existing !== undefined) {
      existing.refs++;
      return existing.labels;
    }
    const set: LabelSet = { labels: Object.freeze(Object.fromEntries(labels)), refs: 1 };
    this.labelSets.set(key, set);
    return set.labels;
  }

  private release(labels: Labels): void {
    const key = JSON.stringify(Object.entries(labels));
    const set = this.labelSets.get(key);
    if (set !== undefined && --set.refs === 0) this.labelSets.delete(key);
  }
}

/** The pod-security labels in code-unit order of key, so equal sets give equal keys. */
function policyLabels(labels: Record<string, string> | null | undefined): [string, string][] {
  if (labels === null || labels === undefined) return [];
  return Object.entries(labels)
    .filter(([k, v]) => k.startsWith(labelPrefix) && typeof v === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function namespaceName(ns: Namespace): string {
  const name = ns.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw new Error(`namespace without metadata.name: ${goQuote(JSON.stringify(ns.metadata ?? null))}`);
  }
  return name;
}
