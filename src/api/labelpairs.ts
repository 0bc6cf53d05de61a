// The `k=v,k=v` namespace-label syntax of `check --namespace-labels`, `explain` and the playground:
// keys without a `/` get the pod-security.kubernetes.io/ prefix.
import { labelPrefix } from './constants.js';

/** The labels, or the first malformed pair as an error message. */
export function parseLabelPairs(text: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { error: `expected key=value, got ${JSON.stringify(pair)}` };
    const key = pair.slice(0, eq).trim();
    labels[key.includes('/') ? key : `${labelPrefix}${key}`] = pair.slice(eq + 1).trim();
  }
  return { labels };
}
