import { describe, expect, it } from 'vitest';
import { LazyAbort } from './lazy_abort.js';

describe('LazyAbort', () => {
  it('gives one signal, not aborted until abort is called', () => {
    const a = new LazyAbort();
    const signal = a.signal;
    expect(a.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    const first = new Error('first');
    a.abort(first);
    a.abort(new Error('second'));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(first);
  });

  it('applies an abort made before the signal was asked for, first reason winning', () => {
    const a = new LazyAbort();
    const first = new Error('deadline');
    a.abort(first);
    a.abort(new Error('closed'));
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBe(first);
  });

  it('calls listeners added before the abort', () => {
    const a = new LazyAbort();
    const seen: unknown[] = [];
    a.signal.addEventListener('abort', () => seen.push(a.signal.reason));
    const reason = new Error('stop');
    a.abort(reason);
    expect(seen).toEqual([reason]);
  });
});
