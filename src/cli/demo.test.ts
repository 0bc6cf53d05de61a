// Integration test of `psa-ephemeral demo`: run() starts the real `serve` (built or, here, from the
// sources through tsx), sends one review per namespace and profile over HTTPS and prints the table.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoNamespaces } from '../demo/namespaces.js';
import { profileNames } from '../demo/profiles.js';
import { cliEntry, run, stripDetails } from './demo.js';

let out: string[];

beforeEach(() => {
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('demo command', () => {
  it('exits 0 and prints one decision per namespace and profile', async () => {
    expect(await run([])).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines).toContain('namespace  profile     decision  reason');
    const rows = lines
      .map((l) => /^(\S+)\s+(\S+)\s+(allowed|DENIED)\b/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, ns, profile, decision]) => `${ns} ${profile} ${decision}`);
    // legacy: upstream judges the debugger at restricted; team-a at baseline; team-b allows everything
    expect(rows).toEqual(
      [
        ['legacy', 'DENIED DENIED DENIED allowed DENIED DENIED'],
        ['team-a', 'allowed DENIED allowed allowed DENIED DENIED'],
        ['team-b', 'allowed allowed allowed allowed allowed allowed'],
      ].flatMap(([ns, decisions]) =>
        (decisions ?? '').split(' ').map((d, i) => `${ns} ${profileNames[i]} ${d}`),
      ),
    );
    expect(rows).toHaveLength(demoNamespaces.length * profileNames.length);
    expect(lines).toContain(
      'team-a     sysadmin    DENIED    violates PodSecurity "baseline:latest" for ephemeral containers:',
    );
    // exec and attach into the debuggers: the tenant is refused the relaxed ones, the SRE is not
    const execRows = lines
      .map((l) => /^(team-[ab]|legacy)\s+(alice|bob)\s+(exec|attach) -c (\S+)\s+(allowed|DENIED)\b/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m.slice(1).join(' '));
    expect(execRows).toEqual([
      'team-b alice exec debugger DENIED',
      'team-b alice attach debugger DENIED',
      'team-b bob exec debugger allowed',
      'team-b alice exec app DENIED',
      'team-a alice exec debugger DENIED',
      'legacy alice exec debugger allowed',
    ]);
    expect(lines).toContain(
      'team-b     alice  exec -c debugger    DENIED    exec into ephemeral container "debugger" requires permission to update',
    );
  });
});

describe('cliEntry', () => {
  it('runs main.ts through tsx when there is no built main.js beside the module', () => {
    const args = cliEntry();
    expect(args).toHaveLength(3);
    expect(args[0]).toBe('--import');
    expect(args[1]).toMatch(/^file:.*\/tsx\/dist\/loader\.mjs$/);
    expect(args[2]).toMatch(/\/src\/cli\/main\.ts$/);
    expect(existsSync(args[2] ?? '')).toBe(true);
  });
});

describe('stripDetails', () => {
  it.each([
    {
      message: 'violates PodSecurity "baseline:latest": privileged (container "d" must not set x)',
      want: 'violates PodSecurity "baseline:latest": privileged',
    },
    // nested parentheses are dropped whole, the separators kept
    { message: 'a (b (c) d), e (f); g (h)', want: 'a, e; g' },
  ])('$message', ({ message, want }) => {
    expect(stripDetails(message)).toBe(want);
  });
});
