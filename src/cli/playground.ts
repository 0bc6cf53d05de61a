// `psa-ephemeral playground`: serves the built playground folder (`make playground`) on localhost, for
// those who prefer a URL to opening index.html from disk. Static files only; GET and HEAD.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CliUsageError } from './errors.js';
import { parseFlags } from './flags.js';

export const playgroundUsage =
  'usage: psa-ephemeral playground [--dir playground-dist] [--port 8080] [--bind-address 127.0.0.1]';

const flagSchema = z.strictObject({
  dir: z.string().optional(),
  port: z
    .string()
    .default('8080')
    .transform((v, ctx) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a port number (0-65535), got ${JSON.stringify(v)}`,
        });
        return z.NEVER;
      }
      return n;
    }),
  'bind-address': z.string().default('127.0.0.1'),
});

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/** The repository's playground-dist, next to dist/ (this file is dist/src/cli/playground.js). */
export function defaultPlaygroundDir(): string {
  return fileURLToPath(new URL('../../../playground-dist/', import.meta.url));
}

/** The file a request path names inside root, or undefined when it would leave root. */
export function fileFor(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

function handler(root: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = fileFor(root, req.url ?? '/');
    const type = file === undefined ? undefined : contentTypes[extname(file)];
    let body: Buffer | undefined;
    if (file !== undefined && type !== undefined) body = await readFile(file).catch(() => undefined);
    if (body === undefined || type === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(playgroundUsage);
    return 0;
  }
  const { values } = parseFlags(
    argv,
    { dir: { type: 'string' }, port: { type: 'string' }, 'bind-address': { type: 'string' } },
    flagSchema,
  );
  const root = resolve(values.dir ?? defaultPlaygroundDir());
  if (!existsSync(join(root, 'index.html'))) {
    throw new CliUsageError(`${root}: no index.html (build the playground with \`make playground\`)`);
  }
  const server = createServer((req, res) => void handler(root)(req, res));
  await new Promise<void>((ok, fail) => {
    server.once('error', (err) => fail(new CliUsageError(`cannot listen: ${err.message}`)));
    server.listen(values.port, values['bind-address'], ok);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : values.port;
  const host = values['bind-address'].includes(':') ? `[${values['bind-address']}]` : values['bind-address'];
  console.log(`playground: http://${host}:${port}/ (serving ${root}; Ctrl+C to stop)`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      server.close(() => done());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
