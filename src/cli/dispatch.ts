// Subcommand table and dispatch; each command module exports run(argv) resolving to an exit code.
import { ConfigError } from '../admission/config/fielderrors.js';
import { CliUsageError } from './errors.js';

export interface Command {
  readonly summary: string;
  readonly load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

export const commands: Readonly<Record<string, Command>> = {
  serve: { summary: 'run the admission webhook over HTTPS', load: () => import('./serve.js') },
  demo: {
    summary: 'run the webhook locally and judge each kubectl debug profile',
    load: () => import('./demo.js'),
  },
  review: { summary: 'answer one AdmissionReview read from stdin', load: () => import('./review.js') },
  check: { summary: 'evaluate Pod and controller manifests offline', load: () => import('./check.js') },
  explain: {
    summary: 'show how namespace labels and configuration resolve to each policy, and why',
    load: () => import('./explain.js'),
  },
  playground: {
    summary: 'serve the browser playground (make playground) on localhost',
    load: () => import('./playground.js'),
  },
  vectors: {
    summary: 'run the admission conformance vectors through a review command',
    load: () => import('./vectors.js'),
  },
  conformance: {
    summary: 'run the fixture conformance suite over a testdata folder',
    load: () => import('./conformance.js'),
  },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ['usage: psa-ephemeral <command> [flags]', '', 'commands:', ...lines].join('\n');
}

/** Runs a subcommand; usage errors print one line and exit 2, never a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`psa-ephemeral: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    console.error(`psa-ephemeral ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof CliUsageError || err instanceof ConfigError ? 2 : 1;
  }
}
