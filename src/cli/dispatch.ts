// Subcommand table and dispatch; each command module exports run(argv) resolving to an exit code.
import { CliUsageError } from './errors.js';

export interface Command {
  readonly summary: string;
  readonly load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

export const commands: Readonly<Record<string, Command>> = {};

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
    return err instanceof CliUsageError ? 2 : 1;
  }
}
