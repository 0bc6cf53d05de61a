// The playground form: builds the label inputs and example menus, reads the state from the form and
// writes a state back into it (programmatic writes fire no events, so they never loop).
import { stringify } from 'yaml';
import { labelPrefix, modeLabels, modes } from '../../api/index.js';
import { appPod, profileNames, profileUse, type AppLevel } from '../../demo/profiles.js';
import {
  workloadKinds,
  workloadResources,
  type ConnectKind,
  type DebugChoice,
  type PlaygroundState,
  type RequestKind,
  type UpdateSubresource,
  type WorkloadOperation,
  type WorkloadResource,
} from '../engine.js';

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page element #${id} is missing`);
  return el as T;
}

function input(id: string): HTMLInputElement {
  return byId<HTMLInputElement>(id);
}

function text(id: string): HTMLTextAreaElement {
  return byId<HTMLTextAreaElement>(id);
}

/** The input id of a label key: `label-ephemeral-enforce-version`. */
export function labelInputId(key: string): string {
  return `label-${key.slice(labelPrefix.length)}`;
}

function labelCell(key: string, list: string): HTMLTableCellElement {
  const td = document.createElement('td');
  const field = document.createElement('input');
  field.id = labelInputId(key);
  field.setAttribute('list', list);
  field.autocomplete = 'off';
  field.spellcheck = false;
  field.setAttribute('aria-label', key);
  td.append(field);
  return td;
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

const hostNetworkPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'app' },
  spec: { hostNetwork: true, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
};

/** Example pods by menu label. */
export const podExamples: Readonly<Record<string, unknown>> = {
  'restricted app': appPod('restricted', '', 'app'),
  'baseline app (root, no hardening)': appPod('baseline', '', 'app'),
  'privileged app': appPod('privileged', '', 'app'),
  'hostNetwork app': hostNetworkPod,
};

export function podYaml(pod: unknown): string {
  const p = structuredClone(pod) as { metadata?: Record<string, unknown> };
  if (p.metadata) {
    delete p.metadata['namespace'];
    delete p.metadata['uid'];
  }
  return stringify(p);
}

export const exampleConfig = `apiVersion: pod-security.admission.config.k8s.io/v1
kind: PodSecurityConfiguration
defaults:
  enforce: baseline
  enforce-version: latest
  ephemeral-enforce: privileged
exemptions:
  usernames: []
  namespaces: []
  runtimeClasses: []
`;

export const exampleAuthorization = `# Who may update or patch pods/ephemeralcontainers.
# A rule names a user or a group; optionally a
# namespace, a pod and the verbs (default: both).
allow:
  - group: sre
  - user: bob
    namespace: team-a
    verbs: [patch]
# Uncomment: every SubjectAccessReview fails.
# error: connection refused
`;

export function examplePods(): string {
  const levels: AppLevel[] = ['restricted', 'baseline', 'privileged'];
  return levels.map((l) => stringify(appPod(l, '', `${l}-app`))).join('---\n');
}

/** Fills the label table, the version suggestions and the menus. */
export function buildForm(): void {
  const rows = byId('label-rows');
  for (const mode of modes) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = mode;
    const k = modeLabels[mode];
    tr.append(th, labelCell(k.level, 'levels'), labelCell(k.version, 'versions'));
    tr.append(labelCell(k.ephemeralLevel, 'levels'), labelCell(k.ephemeralVersion, 'versions'));
    rows.append(tr);
  }
  const versions = byId('versions');
  versions.append(option('latest', 'latest'));
  for (let minor = 35; minor >= 0; minor--) versions.append(option(`v1.${minor}`, `v1.${minor}`));
  const examples = byId<HTMLSelectElement>('pod-example');
  examples.append(option('', 'choose an example…'));
  for (const name of Object.keys(podExamples)) examples.append(option(name, name));
  const debug = byId<HTMLSelectElement>('debug');
  for (const p of profileNames) debug.append(option(p, `--profile=${p}: ${profileUse[p]}`));
  debug.append(option('custom', 'hand-written ephemeral container'));
  const connectExample = byId<HTMLSelectElement>('connect-example');
  connectExample.append(option('', 'choose a profile…'));
  for (const p of profileNames) connectExample.append(option(p, `--profile=${p}: ${profileUse[p]}`));
  const newPod = byId<HTMLSelectElement>('new-pod-example');
  newPod.append(option('', 'choose…'), option('copy', 'a copy of the old pod'));
  for (const p of profileNames)
    newPod.append(option(p, `the old pod after kubectl debug --profile=${p} (pods/ephemeralcontainers)`));
  const resource = byId<HTMLSelectElement>('workload-resource');
  for (const r of workloadResources) {
    const k = workloadKinds[r];
    resource.append(option(r, `${r} (${k.group === '' ? '' : `${k.group}/`}${k.version} ${k.kind})`));
  }
  const workload = byId<HTMLSelectElement>('workload-example');
  workload.append(option('', 'choose an example…'));
  for (const name of Object.keys(podExamples)) workload.append(option(name, name));
}

const labelKeysInOrder = modes.flatMap((m) => {
  const k = modeLabels[m];
  return [k.level, k.version, k.ephemeralLevel, k.ephemeralVersion];
});

export function readState(): PlaygroundState {
  const labels: Record<string, string> = {};
  for (const key of labelKeysInOrder) {
    const v = input(labelInputId(key)).value;
    if (v !== '') labels[key] = v;
  }
  const request = document.querySelector<HTMLInputElement>('input[name="request"]:checked');
  return {
    namespace: input('namespace').value,
    labels,
    config: text('config').value,
    emulationVersion: input('emulation').value,
    ephemeralLevelsGate: input('gate').checked,
    username: input('username').value,
    request: (request?.value ?? 'debug') as RequestKind,
    pod: text('pod').value,
    debug: byId<HTMLSelectElement>('debug').value as DebugChoice,
    container: text('container').value,
    oldLabels: input('old-labels').value,
    pods: text('pods').value,
    namespaceMissing: input('namespace-missing').checked,
    groups: input('groups').value,
    connect: byId<HTMLSelectElement>('connect').value as ConnectKind,
    connectContainer: input('connect-container').value,
    podName: input('pod-name').value,
    authorization: text('authorization').value,
    newPod: text('new-pod').value,
    updateSubresource: byId<HTMLSelectElement>('update-subresource').value as UpdateSubresource,
    workloadResource: byId<HTMLSelectElement>('workload-resource').value as WorkloadResource,
    workloadOperation: byId<HTMLSelectElement>('workload-operation').value as WorkloadOperation,
    workload: text('workload').value,
    oldWorkload: text('old-workload').value,
  };
}

export function writeState(s: PlaygroundState): void {
  for (const key of labelKeysInOrder) input(labelInputId(key)).value = s.labels[key] ?? '';
  input('namespace').value = s.namespace;
  text('config').value = s.config;
  input('emulation').value = s.emulationVersion;
  input('gate').checked = s.ephemeralLevelsGate;
  input('username').value = s.username;
  input(`req-${s.request}`).checked = true;
  text('pod').value = s.pod;
  byId<HTMLSelectElement>('debug').value = s.debug;
  text('container').value = s.container;
  input('old-labels').value = s.oldLabels;
  text('pods').value = s.pods;
  input('namespace-missing').checked = s.namespaceMissing;
  input('groups').value = s.groups;
  byId<HTMLSelectElement>('connect').value = s.connect;
  input('connect-container').value = s.connectContainer;
  input('pod-name').value = s.podName;
  text('authorization').value = s.authorization;
  text('new-pod').value = s.newPod;
  byId<HTMLSelectElement>('update-subresource').value = s.updateSubresource;
  byId<HTMLSelectElement>('workload-resource').value = s.workloadResource;
  byId<HTMLSelectElement>('workload-operation').value = s.workloadOperation;
  text('workload').value = s.workload;
  text('old-workload').value = s.oldWorkload;
  showSections(s);
}

const podLabels: Readonly<Record<RequestKind, string>> = {
  pod: 'Pod (YAML)',
  debug: 'Pod (YAML)',
  namespace: 'Pod (YAML)',
  'create-namespace': 'Pod (YAML)',
  connect: 'The existing pod, as the API server returns it (YAML; empty: no such pod)',
  update: 'The pod before the update (YAML; empty: no oldObject sent)',
  workload: 'Pod (YAML)',
};

/** Shows the inputs the chosen request uses. */
export function showSections(s: Pick<PlaygroundState, 'request' | 'debug' | 'workloadOperation'>): void {
  byId('pod-section').hidden = ['namespace', 'create-namespace', 'workload'].includes(s.request);
  byId('pod-label').textContent = podLabels[s.request];
  byId('debug-section').hidden = s.request !== 'debug';
  byId('custom-section').hidden = s.debug !== 'custom';
  byId('namespace-section').hidden = s.request !== 'namespace';
  byId('connect-section').hidden = s.request !== 'connect';
  byId('update-section').hidden = s.request !== 'update';
  byId('pod-name-section').hidden = !['connect', 'update', 'workload'].includes(s.request);
  byId('workload-section').hidden = s.request !== 'workload';
  byId('old-workload-section').hidden = s.workloadOperation !== 'UPDATE';
}

/** The container names the pod editor holds, offered for `-c`. */
export function showContainerNames(names: readonly string[]): void {
  byId('pod-containers').replaceChildren(...names.map((n) => option(n, n)));
}
