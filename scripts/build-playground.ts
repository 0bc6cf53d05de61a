// `make playground`: bundles the playground page (src/playground/page/main.ts and the pure modules it
// imports) with esbuild into one classic script, copies the HTML and CSS, and reports the sizes.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'playground-dist');
const staticDir = join(root, 'src/playground/static');

/** Browsers the bundle targets: CompressionStream('deflate-raw') needs these or newer. */
const targets = ['chrome103', 'firefox113', 'safari16.4'];

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'src/playground/page/main.ts')],
    outfile: join(out, 'playground.js'),
    bundle: true,
    // A classic script, not a module: browsers refuse module scripts from file:// pages.
    format: 'iife',
    platform: 'browser',
    target: targets,
    minify: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  const nodeImports = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('node:'));
  if (nodeImports.length > 0) throw new Error(`the bundle would import ${nodeImports.join(', ')}`);
  for (const f of ['index.html', 'style.css']) copyFileSync(join(staticDir, f), join(out, f));
  const js = readFileSync(join(out, 'playground.js'));
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `playground-dist/: index.html, style.css, playground.js ${kib(js.length)} (${kib(gzipSync(js).length)} gzipped), ` +
      `${Object.keys(result.metafile.inputs).length} modules`,
  );
}

main().catch((err: unknown) => {
  console.error(`build-playground: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
