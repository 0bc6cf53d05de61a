import { describe, expect, it } from 'vitest';
import type { Outcome } from './cluster.js';
import { admitted, connect, connectWebhooks, execPlans, tenant } from './exec.js';

const outcome = (o: Partial<Outcome>): Outcome => ({
  allowed: false,
  code: 0,
  message: '',
  warnings: [],
  ...o,
});

describe('scenario (e) helpers', () => {
  it('counts a host or upgrade error as admitted, never a 403 or a webhook denial', () => {
    expect(
      admitted(outcome({ code: 400, message: 'pod web does not have a host assigned' })),
    ).toBeUndefined();
    expect(admitted(outcome({ code: 400, message: 'Upgrade request required' }))).toBeUndefined();
    expect(admitted(outcome({ allowed: true, code: 200 }))).toBeUndefined();
    expect(admitted(outcome({ code: 403, message: 'User "x" cannot create resource "pods/exec"' }))).toBe(
      'expected admitted',
    );
    expect(admitted(outcome({ code: 500, message: 'admission webhook "x" denied the request: y' }))).toBe(
      'expected admitted',
    );
    expect(admitted(outcome({ code: 404, message: 'pods "web" not found' }))).toMatch(/^expected admitted/);
  });

  it('sends exec as the user, naming the container', () => {
    expect(connect('ns', 'web', 'exec', 'dbg', tenant)).toEqual({
      method: 'POST',
      path: '/api/v1/namespaces/ns/pods/web/exec',
      query: { container: 'dbg', stdout: 'true', stderr: 'true', command: 'true' },
      headers: { 'Impersonate-User': 'e2e-tenant', 'Impersonate-Group': ['e2e-tenants'] },
    });
  });

  it('expects the tenant refused only for the relaxed debugger and what shares its processes, in the split namespace', () => {
    const [split, plain] = execPlans('p');
    const refused = (p: typeof split) =>
      (p?.steps ?? [])
        .filter(
          (s) => s.expect?.(outcome({ code: 400, message: 'does not have a host assigned' })) !== undefined,
        )
        .map((s) => s.id);
    expect(refused(split)).toEqual(
      ['exec', 'attach'].flatMap((sub) =>
        ['-c dbg-sysadmin', '-c dbg-restricted', '-c app', '(no -c)'].map(
          (c) => `e2e-tenant ${sub} web ${c}`,
        ),
      ),
    );
    expect(refused(plain)).toEqual([]);
    expect(execPlans('p', false).map((p) => p.name)).toEqual(['p-plain']);
  });

  it('sends no container parameter when none is named', () => {
    expect(connect('ns', 'web', 'attach', '', tenant).query).toEqual({ stdout: 'true', stderr: 'true' });
  });

  it('finds the webhooks registered for CONNECT on pods/exec', () => {
    const list = {
      items: [
        { webhooks: [{ name: 'pods', rules: [{ operations: ['CREATE'], resources: ['pods'] }] }] },
        {
          webhooks: [
            { name: 'exec', rules: [{ operations: ['CONNECT'], resources: ['pods/exec', 'pods/attach'] }] },
          ],
        },
      ],
    };
    expect(connectWebhooks(list)).toEqual(['exec']);
    expect(connectWebhooks({ items: [list.items[0]] })).toEqual([]);
  });
});
