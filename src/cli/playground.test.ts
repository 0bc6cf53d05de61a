// `psa-ephemeral playground`: the files a request may reach, and one-line errors for bad flags or a
// missing build.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from './errors.js';
import { fileFor, run } from './playground.js';

const root = '/srv/playground-dist';

describe('fileFor', () => {
  it.each([
    ['/', join(root, 'index.html')],
    ['/playground.js', join(root, 'playground.js')],
    ['/index.html?x=1#s=abc', join(root, 'index.html')],
    ['/a%20b.css', join(root, 'a b.css')],
    // The URL parser removes dot segments before the path is decoded: these stay inside the folder.
    ['/../etc/passwd', join(root, 'etc/passwd')],
    ['/%2e%2e/etc/passwd', join(root, 'etc/passwd')],
  ])('%s is %s', (url, file) => {
    expect(fileFor(root, url)).toBe(file);
  });

  it.each(['/..%2fetc/passwd', '/x/..%2f..%2f..%2fetc/passwd', '/%E0%A4%A'])('%s is refused', (url) => {
    expect(fileFor(root, url)).toBeUndefined();
  });
});

describe('run', () => {
  it.each([
    [['--port', 'x'], '--port: must be a port number (0-65535), got "x"'],
    [['--port', '70000'], '--port: must be a port number (0-65535), got "70000"'],
    [
      ['--dir', '/nonexistent-psa'],
      '/nonexistent-psa: no index.html (build the playground with `make playground`)',
    ],
  ])('%j: one-line error', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(new CliUsageError(message));
  });
});
