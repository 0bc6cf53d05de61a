import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serveNodeFlags } from './runtime.js';

describe('serveNodeFlags', () => {
  it('are the flags the image gives node before `serve` (the bench measures that server)', () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(entrypoint).toBeDefined();
    expect(JSON.parse(entrypoint ?? '[]')).toEqual([
      '/nodejs/bin/node',
      ...serveNodeFlags,
      '/app/dist/src/cli/main.js',
      'serve',
    ]);
  });

  it('are accepted in NODE_OPTIONS, for installs that run the psa-ephemeral command', () => {
    // Node refuses V8 flags it does not allow there; the README tells users to set them so.
    expect(serveNodeFlags.every((f) => process.allowedNodeEnvironmentFlags.has(f.split('=')[0] ?? ''))).toBe(
      true,
    );
  });
});
