// The playground in headless Chromium (playwright-core, the system browser): a reviewer's clicks, the
// keyboard, exec/attach with authorization answers, pod updates, workloads, a shared link, no network, and every
// admission vector the page can express answered as `psa-ephemeral review` answers it. Run by `make browser` (part of `make test`) after `make playground`.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareResponse,
  loadVectors,
  reviewFor,
  subprocessDriver,
  withVectorFiles,
  type Vector,
} from '../conformance/vectors.js';
import { encodeState } from './state.js';
import { vectorState } from './vector-state.js';

/** The few browser globals the functions run in the page use (this file is type-checked for Node). */
interface PageGlobals {
  document: {
    getElementById(id: string): {
      hasAttribute(name: string): boolean;
      hidden: boolean;
      dataset: Record<string, string | undefined>;
    } | null;
    activeElement: { id: string; textContent: string | null } | null;
  };
  location: { hash: string };
  scrollTo(x: number, y: number): void;
}

const root = join(import.meta.dirname, '../..');
const indexHtml = join(root, 'playground-dist/index.html');
const pageUrl = pathToFileURL(indexHtml).href;
const chromiumPath = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const reviewCommand = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist/src/cli/main.js'))} review`;
const outDir = join(root, '.tmp');
const timeout = 120_000;

let context: BrowserContext;
let profileDir: string;
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(indexHtml)) throw new Error(`${indexHtml} is missing: run make playground`);
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set CHROMIUM)`);
  profileDir = mkdtempSync(join(tmpdir(), 'psa-playground-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    timeout,
  });
  context.setDefaultTimeout(timeout);
  context.on('request', (r) => requests.push(r.url()));
}, timeout);

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Waits until the results panel shows a finished evaluation newer than `after`. */
async function settled(page: Page, after: string | undefined): Promise<string> {
  await page.waitForFunction((prev) => {
    const r = (globalThis as unknown as PageGlobals).document.getElementById('results');
    return (
      r !== null &&
      !r.hasAttribute('aria-busy') &&
      r.dataset['generation'] !== undefined &&
      r.dataset['generation'] !== prev
    );
  }, after ?? null);
  return (await page.getAttribute('#results', 'data-generation')) ?? '';
}

async function generation(page: Page): Promise<string | undefined> {
  return (await page.getAttribute('#results', 'data-generation')) ?? undefined;
}

/** Performs a UI action and waits for the evaluation it starts. */
async function act(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await generation(page);
  await action();
  await settled(page, before);
}

async function open(url = pageUrl): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await settled(page, undefined);
  return page;
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.textContent(selector)) ?? '').trim();
}

const netadminDenied =
  'pods "app" is forbidden: violates PodSecurity "baseline:latest" for ephemeral containers: non-default capabilities (container "debugger" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)';

describe('the playground, as a reviewer uses it', () => {
  it(
    'sets labels, chooses profiles, reads decisions, the matrix and explain, and shares a link',
    async () => {
      const page = await open();
      await act(page, () => page.fill('#label-enforce', 'restricted'));
      await act(page, () => page.fill('#label-ephemeral-enforce', 'baseline'));
      await act(page, () => page.check('#req-pod'));
      expect(await page.isHidden('#debug-section')).toBe(true);
      await act(page, () => page.check('#req-debug'));
      await act(page, () => page.selectOption('#debug', 'netadmin'));
      expect(await text(page, '#decision')).toBe('✗ DENIED (403 Forbidden)');
      expect(await text(page, '#message')).toBe(netadminDenied);
      await act(page, () => page.selectOption('#debug', 'restricted'));
      expect(await text(page, '#decision')).toBe('✓ ALLOWED');
      const annotations = await page.$$eval('#annotations tbody tr', (rows) =>
        rows.map((r) => (r.textContent ?? '').trim()),
      );
      expect(annotations).toEqual([
        'enforce-policyrestricted:latest',
        'ephemeral-enforce-policybaseline:latest',
      ]);
      const matrix = await page.$$eval('#matrix tbody tr', (rows) =>
        rows.map((r) => [r.children[0]?.textContent, r.children[2]?.textContent]),
      );
      expect(matrix).toEqual([
        ['legacy', '✓ allowed'],
        ['general', '✗ denied'],
        ['baseline', '✓ allowed'],
        ['restricted', '✓ allowed'],
        ['netadmin', '✗ denied'],
        ['sysadmin', '✗ denied'],
      ]);
      expect(await text(page, '#explain')).toContain(
        'level    baseline    step 1: label pod-security.kubernetes.io/ephemeral-enforce="baseline"',
      );

      await act(page, () => page.fill('#label-ephemeral-enforce', 'bogus'));
      expect(await text(page, '#label-errors')).toBe(
        'The API server would reject this namespace: metadata.labels[pod-security.kubernetes.io/ephemeral-enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted',
      );
      expect(await page.getAttribute('#label-ephemeral-enforce', 'aria-invalid')).toBe('true');
      expect(await text(page, '#explain')).toContain('(invalid level: fails closed to restricted)');
      await act(page, () => page.fill('#label-ephemeral-enforce', 'baseline'));
      await act(page, () => page.selectOption('#debug', 'netadmin'));

      mkdirSync(outDir, { recursive: true });
      await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
      await page.screenshot({ path: join(outDir, 'playground.png') });

      const link = await page.inputValue('#share-link');
      expect(link.startsWith(`${pageUrl}#s=`)).toBe(true);
      const shared = await open(link);
      expect(await text(shared, '#decision')).toBe('✗ DENIED (403 Forbidden)');
      expect(await text(shared, '#response-json')).toBe(await text(page, '#response-json'));
      expect(await text(shared, '#explain')).toBe(await text(page, '#explain'));
      expect(await shared.inputValue('#label-ephemeral-enforce')).toBe('baseline');
      expect(await shared.inputValue('#debug')).toBe('netadmin');
      await shared.close();
      await page.close();
    },
    timeout,
  );

  it(
    'works from the keyboard: skip link, tab order, radio buttons and menus',
    async () => {
      const page = await open();
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent),
      ).toBe('Skip to the decision');
      await page.keyboard.press('Enter');
      expect(
        await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id),
      ).toBe('results');
      await page.focus('#namespace');
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id),
      ).toBe('label-enforce');
      await act(page, async () => {
        await page.keyboard.press('Control+A');
        await page.keyboard.type('baseline');
      });
      await page.focus('#req-debug');
      await act(page, () => page.keyboard.press('ArrowDown'));
      expect(await page.isChecked('#req-pod')).toBe(true);
      expect(await page.isHidden('#debug-section')).toBe(true);
      await page.focus('#pod-example');
      await act(page, () => page.keyboard.press('End'));
      expect(await page.inputValue('#pod')).toContain('hostNetwork: true');
      expect(await text(page, '#decision')).toBe('✗ DENIED (403 Forbidden)');
      expect(await text(page, '#message')).toBe(
        'pods "app" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
      );
      await page.close();
    },
    timeout,
  );

  it(
    'exec and attach: a container, a user and the authorization answers, and the questions asked',
    async () => {
      const page = await open();
      await act(page, () => page.fill('#label-enforce', 'restricted'));
      await act(page, () => page.fill('#label-ephemeral-enforce', 'privileged'));
      await act(page, () => page.fill('#username', 'alice'));
      await page.focus('#req-create-namespace');
      await act(page, () => page.keyboard.press('ArrowDown'));
      expect(await page.isChecked('#req-connect')).toBe(true);
      expect(await page.isHidden('#debug-section')).toBe(true);
      expect(await page.isVisible('#connect-section')).toBe(true);
      expect(await text(page, '#pod-label')).toBe(
        'The existing pod, as the API server returns it (YAML; empty: no such pod)',
      );
      await act(page, () => page.selectOption('#connect-example', 'sysadmin'));
      expect(await page.inputValue('#connect-container')).toBe('debugger');
      expect(await page.inputValue('#pod')).toContain('privileged: true');
      expect(await text(page, '#decision')).toBe('✗ DENIED (403 Forbidden)');
      expect(await text(page, '#message')).toBe(
        'pods "app" is forbidden: exec into ephemeral container "debugger" requires permission to update or patch pods/ephemeralcontainers: ephemeral containers in namespace "team-a" are held to PodSecurity "privileged:latest" and this one violates PodSecurity "restricted:latest": privileged (container "debugger" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "debugger" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "debugger" must set securityContext.capabilities.drop=["ALL"])',
      );
      const checks = async (): Promise<string[]> =>
        page.$$eval('#authorization-checks > li', (items) =>
          items.map((li) => (li.querySelector('summary')?.textContent ?? li.textContent ?? '').trim()),
        );
      expect(await checks()).toEqual([
        'update pods/ephemeralcontainers "app" in "team-a" for alice: ✗ not allowed',
        'patch pods/ephemeralcontainers "app" in "team-a" for alice: ✗ not allowed',
      ]);
      mkdirSync(outDir, { recursive: true });
      await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
      await page.screenshot({ path: join(outDir, 'playground-exec.png') });
      await act(page, () => page.click('#example-authorization'));
      await act(page, () => page.fill('#groups', 'sre, system:authenticated'));
      expect(await text(page, '#decision')).toBe('✓ ALLOWED');
      expect(await checks()).toEqual([
        'update pods/ephemeralcontainers "app" in "team-a" for alice: ✓ allowed',
      ]);
      const annotations = await page.$$eval('#annotations tbody tr', (rows) =>
        rows.map((r) => [r.children[0]?.textContent, r.children[1]?.textContent]),
      );
      expect(annotations).toContainEqual([
        'ephemeral-exec-authorized',
        'exec into ephemeral container "debugger", which violates PodSecurity "restricted:latest": allowed because the user may update pods/ephemeralcontainers',
      ]);
      await act(page, () => page.selectOption('#connect', 'attach'));
      await act(page, () => page.fill('#authorization', 'allow: [{user: bob, group: sre}]'));
      expect(await text(page, '#err-authorization')).toBe(
        'allow.0: exactly one of user and group must be set',
      );
      expect(await page.getAttribute('#authorization', 'aria-invalid')).toBe('true');
      expect(await text(page, '#decision')).toBe('No request: fix the inputs marked above.');
      await act(page, () => page.fill('#authorization', ''));
      expect(await text(page, '#message')).toMatch(
        /^pods "app" is forbidden: attach to ephemeral container "debugger" /,
      );
      // The app container shares its process namespace with the debugger aimed at it.
      await act(page, () => page.fill('#connect-container', 'app'));
      expect(await text(page, '#message')).toMatch(
        /^pods "app" is forbidden: attach to container "app" requires permission to update or patch pods\/ephemeralcontainers: it shares its process namespace with ephemeral container "debugger"; /,
      );
      expect(await checks()).toHaveLength(2);
      await act(page, () => page.fill('#connect-container', 'nope'));
      expect(await text(page, '#message')).toBe('container nope is not valid for pod app');
      expect(await checks()).toEqual(['none asked']);
      await act(page, () => page.fill('#connect-container', 'debugger'));

      const link = await page.inputValue('#share-link');
      const shared = await open(link);
      expect(await shared.isChecked('#req-connect')).toBe(true);
      expect(await shared.inputValue('#connect')).toBe('attach');
      expect(await shared.inputValue('#groups')).toBe('sre, system:authenticated');
      expect(await text(shared, '#response-json')).toBe(await text(page, '#response-json'));
      expect(await text(shared, '#authorization-checks')).toBe(await text(page, '#authorization-checks'));
      await shared.close();
      await page.close();
    },
    timeout,
  );

  it(
    'pod update: an old pod, a profile-generated new pod, and the subresource kubectl debug sends',
    async () => {
      const page = await open();
      await act(page, () => page.check('#req-update'));
      expect(await page.isVisible('#update-section')).toBe(true);
      expect(await text(page, '#decision')).toBe('✓ ALLOWED');
      await act(page, () => page.selectOption('#new-pod-example', 'netadmin'));
      expect(await page.inputValue('#update-subresource')).toBe('ephemeralcontainers');
      expect(await text(page, '#decision')).toBe('✗ DENIED (403 Forbidden)');
      expect(await text(page, '#message')).toBe(netadminDenied);
      expect(await text(page, '#request-json')).toContain('"subResource": "ephemeralcontainers"');
      // A whole-pod update that adds the container is split the same way.
      await act(page, () => page.selectOption('#update-subresource', ''));
      expect(await text(page, '#request-json')).not.toContain('subResource');
      expect(await text(page, '#message')).toBe(netadminDenied);
      await act(page, () => page.selectOption('#new-pod-example', 'copy'));
      expect(await text(page, '#decision')).toBe('✓ ALLOWED');
      await act(page, () => page.fill('#new-pod', 'kind: ['));
      expect(await text(page, '#err-newPod')).toMatch(/^invalid YAML\/JSON: /);
      expect(await text(page, '#decision')).toBe('No request: fix the inputs marked above.');
      await act(page, () => page.fill('#pod', 'kind: ['));
      await act(page, () => page.selectOption('#new-pod-example', 'general'));
      expect(await text(page, '#new-pod-example-status')).toMatch(
        /^the pod above cannot be used: invalid YAML\/JSON: /,
      );
      await page.close();
    },
    timeout,
  );

  it(
    'workloads: a resource, an example template, CREATE and UPDATE',
    async () => {
      const page = await open();
      await act(page, () => page.fill('#label-warn', 'restricted'));
      await act(page, () => page.check('#req-workload'));
      expect(await page.isHidden('#pod-section')).toBe(true);
      expect(await page.isHidden('#old-workload-section')).toBe(true);
      await act(page, () => page.selectOption('#workload-resource', 'jobs'));
      await act(page, () => page.selectOption('#workload-example', 'hostNetwork app'));
      expect(await page.inputValue('#workload')).toContain('kind: Job');
      expect(await text(page, '#decision')).toBe('✓ ALLOWED');
      expect(await text(page, '#warnings')).toMatch(
        /^would violate PodSecurity "restricted:latest": host namespaces \(hostNetwork=true\)/,
      );
      await act(page, () => page.selectOption('#workload-operation', 'UPDATE'));
      expect(await page.isVisible('#old-workload-section')).toBe(true);
      await act(page, () => page.fill('#old-workload', 'kind: ['));
      expect(await text(page, '#err-oldWorkload')).toMatch(/^invalid YAML\/JSON: /);
      await act(page, () => page.fill('#old-workload', ''));
      expect(JSON.parse(await text(page, '#request-json'))).toMatchObject({
        request: { kind: { group: 'batch', kind: 'Job' }, operation: 'UPDATE', name: 'app-job' },
      });
      await page.close();
    },
    timeout,
  );

  it(
    'reports a damaged link in one line and keeps working',
    async () => {
      const page = await open(`${pageUrl}#s=not-a-state`);
      expect(await text(page, '#load-error')).toBe(
        'the link is damaged: its state cannot be read; showing the previous state',
      );
      expect(await text(page, '#decision')).toBe('✗ DENIED (403 Forbidden)');
      await page.close();
    },
    timeout,
  );
});

describe('the playground answers every vector it can express as `review` does', () => {
  it(
    'compares the full response, vector by vector',
    async () => {
      const vectors = await loadVectors(join(root, 'conformance/admission'));
      const expressible = vectors.flatMap((v) => {
        const r = vectorState(v);
        return 'state' in r ? [{ v, state: r.state }] : [];
      });
      const cli = await reviewAll(expressible.map((e) => e.v));
      const page = await open();
      let compared = 0;
      for (const { v, state } of expressible) {
        const fragment = await encodeState(state);
        await page.evaluate((f) => {
          (globalThis as unknown as PageGlobals).location.hash = f;
        }, fragment);
        await page.waitForFunction((f) => {
          const { document } = globalThis as unknown as PageGlobals;
          const r = document.getElementById('results');
          const failed = document.getElementById('load-error')?.hidden === false;
          return r !== null && !r.hasAttribute('aria-busy') && (r.dataset['source'] === f || failed);
        }, fragment);
        expect({ name: v.name, error: await text(page, '#load-error') }).toEqual({ name: v.name, error: '' });
        const answer = JSON.parse(await text(page, '#response-json')) as { response: { uid: string } };
        answer.response.uid = v.request.uid;
        expect({ name: v.name, review: answer }).toEqual({ name: v.name, review: cli.get(v.name) });
        expect({ name: v.name, differences: compareResponse(v, answer) }).toEqual({
          name: v.name,
          differences: [],
        });
        compared++;
      }
      console.log(
        `playground: ${compared} of ${vectors.length} admission vectors expressible; page = review on all`,
      );
      expect(compared).toBe(expressible.length);
      expect(compared).toBeGreaterThanOrEqual(255);
      const kinds = new Set(expressible.map(({ state }) => state.request));
      expect([...kinds].sort()).toEqual([
        'connect',
        'create-namespace',
        'debug',
        'namespace',
        'pod',
        'update',
        'workload',
      ]);
      await page.close();
    },
    10 * timeout,
  );

  it('made no network request: every URL the pages loaded is a file of the playground', () => {
    const dir = pathToFileURL(join(root, 'playground-dist')).href;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(`${dir}/`))).toEqual([]);
  });
});

/** `psa-ephemeral review` (the built CLI, a subprocess per vector) on each vector, 4 at a time. */
async function reviewAll(vectors: readonly Vector[]): Promise<Map<string, unknown>> {
  const driver = subprocessDriver(reviewCommand);
  const out = new Map<string, unknown>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < vectors.length) {
      const v = vectors[next++] as Vector;
      out.set(v.name, await withVectorFiles(v, (files) => driver(reviewFor(v), files)));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}
