// A full garbage collection on demand, for the moments the server knows it has just dropped a lot:
// after loading a namespace file or a namespace (re)list. V8 would otherwise keep that garbage, and
// size its next collection on it, until the heap grows again under load.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * Runs a full, compacting collection (about 10 ms for a 20 MiB heap). Node exposes `gc` only with
 * --expose-gc; setting the flag at run time exposes it to contexts created afterwards.
 */
export function collectGarbage(): void {
  collect ??= gcFunction();
  collect();
}

function gcFunction(): () => void {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
