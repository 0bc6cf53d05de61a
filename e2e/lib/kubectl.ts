// `kubectl debug` as a user runs it, through execa: the ephemeral container is added and kubectl
// returns without attaching, so no pod ever has to run. Its exit status, error text and
// "Warning:" lines are read back as an Outcome.
import { execa } from 'execa';
import type { ProfileName } from '../../src/demo/profiles.js';
import type { Outcome } from './cluster.js';

export const debugImage = 'busybox:1.36';

/** kubectl prints `Error from server (<Reason>): ...`; the reasons Pod Security answers with. */
const reasonCodes: Readonly<Record<string, number>> = {
  BadRequest: 400,
  Forbidden: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  InternalError: 500,
};

/** Reads kubectl's exit status and stderr as the outcome of the request it made. */
export function kubectlOutcome(exitCode: number, stderr: string): Outcome {
  const lines = stderr.split('\n');
  const warnings = lines.filter((l) => l.startsWith('Warning: ')).map((l) => l.slice('Warning: '.length));
  if (exitCode === 0) return { allowed: true, code: 200, message: '', warnings };
  const reason = /Error from server \((\w+)\)/.exec(stderr)?.[1];
  const message = lines.filter((l) => !l.startsWith('Warning: ')).join('\n');
  return { allowed: false, code: (reason && reasonCodes[reason]) || 0, message, warnings };
}

/** `kubectl debug POD --image=busybox --profile=P -c dbg-P --attach=false` in the namespace. */
export async function kubectlDebug(
  kubeconfig: string,
  namespace: string,
  pod: string,
  profile: ProfileName,
  container: string,
): Promise<Outcome> {
  const args = [
    '--kubeconfig',
    kubeconfig,
    '--namespace',
    namespace,
    'debug',
    pod,
    `--image=${debugImage}`,
    `--profile=${profile}`,
    '-c',
    container,
    '--attach=false',
  ];
  const r = await execa('kubectl', args, { reject: false, timeout: 60_000, stdin: 'ignore' });
  if (r.exitCode === undefined) throw new Error(`kubectl ${args.join(' ')}: ${r.message}`);
  return kubectlOutcome(r.exitCode, r.stderr);
}
