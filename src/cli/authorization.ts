// `--authorization FILE` of review and serve without a cluster: the stated answers to "may this user
// update pods/ephemeralcontainers here?", YAML or JSON, validated; bad input is one line, exit 2.
import { parse } from 'yaml';
import { decodeAuthorizationAnswers, type AuthorizationAnswers } from '../admission/static_authorizer.js';
import { CliUsageError } from './errors.js';
import { readText } from './objects.js';

/** The answers in `file`; without a file, nobody may (every exec into a relaxed debugger is denied). */
export function readAuthorizationAnswers(file: string | undefined): AuthorizationAnswers {
  if (file === undefined) return { allow: [] };
  let doc: unknown;
  try {
    doc = parse(readText(file));
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    throw new CliUsageError(`${file}: invalid YAML/JSON: ${first}`);
  }
  const r = decodeAuthorizationAnswers(doc);
  if ('problem' in r) throw new CliUsageError(`${file}: ${r.problem}`);
  return r.answers;
}
