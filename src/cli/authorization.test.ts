import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StaticAuthorizer } from '../admission/static_authorizer.js';
import { readAuthorizationAnswers } from './authorization.js';
import { cliEntry } from './demo.js';

const dir = mkdtempSync(join(tmpdir(), 'psa-authz-test-'));
function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}
const where = {
  namespace: 'team-a',
  verb: 'update',
  group: '',
  resource: 'pods',
  subresource: 'ephemeralcontainers',
  name: 'web',
};

describe('--authorization FILE', () => {
  it('reads rules in YAML and answers from them', async () => {
    const answers = readAuthorizationAnswers(
      file('ok.yaml', 'allow:\n  - group: sre\n  - user: carol\n    namespace: team-b\n    verbs: [patch]\n'),
    );
    const authz = new StaticAuthorizer(answers);
    expect(await authz.authorize({ username: 'bob', groups: ['sre'] }, where)).toEqual({ allowed: true });
    expect(await authz.authorize({ username: 'carol' }, where)).toEqual({ allowed: false });
    expect(await authz.authorize({ username: 'carol' }, { ...where, namespace: 'team-b' })).toEqual({
      allowed: false,
    });
    expect(
      await authz.authorize({ username: 'carol' }, { ...where, namespace: 'team-b', verb: 'patch' }),
    ).toEqual({ allowed: true });
    expect(
      await authz.authorize({ username: 'bob', groups: ['sre'] }, { ...where, subresource: 'exec' }),
    ).toEqual({
      allowed: false,
    });
  });

  it('means nobody without a file, and fails every question with `error`', async () => {
    expect(readAuthorizationAnswers(undefined)).toEqual({ allow: [] });
    const failing = new StaticAuthorizer(readAuthorizationAnswers(file('err.json', '{"error": "timeout"}')));
    await expect(failing.authorize({ username: 'bob' }, where)).rejects.toThrow('timeout');
  });

  it.each([
    [
      'both.yaml',
      'allow: [{user: a, group: b}]',
      'both.yaml: allow.0: exactly one of user and group must be set',
    ],
    [
      'verb.yaml',
      'allow: [{user: a, verbs: [get]}]',
      'verb.yaml: allow.0.verbs.0: Invalid option: expected one of "update"|"patch"',
    ],
    ['extra.yaml', 'allow: []\nusers: [a]', 'extra.yaml: Unrecognized key: "users"'],
    ['bad.yaml', 'allow: [', 'bad.yaml: invalid YAML/JSON: '],
  ])('refuses %s in one line', (name, text, message) => {
    let err: unknown;
    try {
      readAuthorizationAnswers(file(name, text));
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toContain(`${dir}/${message}`);
    expect((err as Error).message).not.toContain('\n');
  });

  it('names an unreadable file', () => {
    expect(() => readAuthorizationAnswers(join(dir, 'missing.yaml'))).toThrow(
      'missing.yaml: cannot read file (ENOENT)',
    );
  });
});

describe('--authorization on the command line', () => {
  it('is for static mode only: serve refuses it without --namespaces in one line, exit 2', () => {
    const f = file('serve.yaml', 'allow: []\n');
    const r = spawnSync(process.execPath, [...cliEntry(), 'serve', '--authorization', f], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'psa-ephemeral serve: --authorization: --authorization needs --namespaces (static mode; a cluster answers with SubjectAccessReviews)\n',
    );
  });

  it('review reports a bad file in one line, exit 2', () => {
    const f = file('review.yaml', 'allow: [{group: sre, user: bob}]\n');
    const r = spawnSync(process.execPath, [...cliEntry(), 'review', '--authorization', f], {
      encoding: 'utf8',
      input: '{}',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`psa-ephemeral review: ${f}: allow.0: exactly one of user and group must be set\n`);
  });
});
