// The playground page's entry point (bundled by esbuild into playground.js): wires the form to the
// engine, keeps the URL fragment in step with the state, and reloads the state from a shared link.
import { stringify } from 'yaml';
import type { Pod } from '../../api/index.js';
import { profileNames, type ProfileName } from '../../demo/profiles.js';
import {
  containerNames,
  defaultState,
  evaluate,
  podWithDebugger,
  workloadFromPod,
  type PlaygroundState,
} from '../engine.js';
import { decodeState, encodeState, fragmentPrefix } from '../state.js';
import {
  buildForm,
  byId,
  exampleAuthorization,
  exampleConfig,
  examplePods,
  podExamples,
  podYaml,
  readState,
  showContainerNames,
  showSections,
  writeState,
} from './form.js';
import { render } from './render.js';

let generation = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
/** An edit is waiting for its evaluation: the panel stays busy even if an older evaluation ends. */
let pending = false;

function showLoadError(message: string): void {
  const el = byId('load-error');
  el.textContent = message;
  el.hidden = message === '';
}

/**
 * Evaluates a state and renders it unless a newer evaluation started meanwhile. `fromLink` is the
 * fragment the state was read from (kept as is); otherwise the fragment is rewritten from the state.
 * `#results[data-source]` and `data-generation` tell a test which state the panel shows.
 */
async function run(state: PlaygroundState, fromLink?: string): Promise<void> {
  const g = ++generation;
  const results = byId('results');
  results.setAttribute('aria-busy', 'true');
  try {
    showContainerNames(containerNames(state.pod));
    const [evaluation, fragment] = await Promise.all([evaluate(state), encodeState(state)]);
    if (g !== generation) return;
    render(evaluation);
    if (fromLink === undefined && location.hash !== fragment) history.replaceState(null, '', fragment);
    byId<HTMLInputElement>('share-link').value = location.href;
    results.dataset['source'] = fromLink ?? fragment;
  } catch (err) {
    if (g === generation)
      showLoadError(`evaluation failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    if (g === generation && !pending) {
      results.dataset['generation'] = String(g);
      results.removeAttribute('aria-busy');
    }
  }
}

/** Loads the state a `#s=` link holds; other fragments (the skip link's `#results`) leave it be. */
async function loadFromLink(initial: boolean): Promise<void> {
  const fragment = location.hash;
  if (!fragment.startsWith(fragmentPrefix)) {
    if (!initial) return;
    writeState(defaultState);
    await run(defaultState);
    return;
  }
  try {
    const state = await decodeState(fragment);
    showLoadError('');
    writeState(state);
    await run(state, fragment);
  } catch (err) {
    showLoadError(`${err instanceof Error ? err.message : String(err)}; showing the previous state`);
    if (initial) writeState(defaultState);
    await run(readState());
  }
}

function schedule(): void {
  clearTimeout(timer);
  pending = true;
  byId('results').setAttribute('aria-busy', 'true');
  timer = setTimeout(() => {
    pending = false;
    const state = readState();
    showSections(state);
    void run(state);
  }, 150);
}

function insert(id: string, value: string): void {
  byId<HTMLTextAreaElement>(id).value = value;
  schedule();
}

function profileOf(value: string): ProfileName | undefined {
  return profileNames.find((p) => p === value);
}

/** Runs a menu's action on the pod editor's text; a pod that cannot be read is said in the menu's status. */
function fromPod(menu: string, action: (podText: string, value: string) => void): void {
  const select = byId<HTMLSelectElement>(menu);
  select.addEventListener('change', (e) => {
    e.stopPropagation();
    const status = byId(`${menu}-status`);
    try {
      if (select.value !== '') action(byId<HTMLTextAreaElement>('pod').value, select.value);
      status.textContent = '';
    } catch (err) {
      status.textContent = `the pod above cannot be used: ${err instanceof Error ? err.message : String(err)}`;
    }
    select.value = '';
  });
}

function wirePodMenus(): void {
  fromPod('connect-example', (podText, value) => {
    const profile = profileOf(value);
    if (profile === undefined) return;
    const r = podWithDebugger(podText, profile);
    byId<HTMLInputElement>('connect-container').value = r.container;
    insert('pod', stringify(r.pod));
  });
  fromPod('new-pod-example', (podText, value) => {
    const profile = profileOf(value);
    if (profile === undefined) {
      insert('new-pod', podText);
      return;
    }
    byId<HTMLSelectElement>('update-subresource').value = 'ephemeralcontainers';
    insert('new-pod', stringify(podWithDebugger(podText, profile).pod));
  });
}

async function copyLink(): Promise<void> {
  const field = byId<HTMLInputElement>('share-link');
  const status = byId('share-status');
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = 'Link copied.';
  } catch {
    field.focus();
    field.select();
    status.textContent = 'Link selected: press Ctrl+C (⌘C) to copy it.';
  }
}

function wire(): void {
  const form = byId<HTMLFormElement>('inputs');
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', (e) => e.preventDefault());
  const examples = byId<HTMLSelectElement>('pod-example');
  examples.addEventListener('change', (e) => {
    e.stopPropagation();
    const pod = podExamples[examples.value];
    if (pod !== undefined) insert('pod', podYaml(pod));
    examples.value = '';
  });
  byId('example-config').addEventListener('click', () => insert('config', exampleConfig));
  byId('example-pods').addEventListener('click', () => insert('pods', examplePods()));
  const workloadExample = byId<HTMLSelectElement>('workload-example');
  workloadExample.addEventListener('change', (e) => {
    e.stopPropagation();
    const pod = podExamples[workloadExample.value];
    const resource = readState().workloadResource;
    if (pod !== undefined) insert('workload', stringify(workloadFromPod(resource, pod as Pod)));
    workloadExample.value = '';
  });
  byId('example-authorization').addEventListener('click', () =>
    insert('authorization', exampleAuthorization),
  );
  wirePodMenus();
  byId('copy-link').addEventListener('click', () => void copyLink());
  window.addEventListener('hashchange', () => void loadFromLink(false));
}

function start(): void {
  buildForm();
  wire();
  void loadFromLink(true);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
