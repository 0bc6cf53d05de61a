// Renders an evaluation into the results panel and the field errors into the form.
import type { AuthorizationCheck, Evaluation, InputErrors } from '../engine.js';
import { labelKeys } from '../engine.js';
import { byId, labelInputId } from './form.js';

function setText(id: string, value: string): void {
  byId(id).textContent = value;
}

function row(cells: readonly string[], classes: readonly string[] = []): HTMLTableRowElement {
  const tr = document.createElement('tr');
  cells.forEach((c, i) => {
    const td = document.createElement('td');
    td.textContent = c;
    const cls = classes[i];
    if (cls) td.className = cls;
    tr.append(td);
  });
  return tr;
}

const fieldInputs: Readonly<Record<keyof InputErrors, string>> = {
  namespace: 'namespace',
  config: 'config',
  emulationVersion: 'emulation',
  pod: 'pod',
  container: 'container',
  oldLabels: 'old-labels',
  pods: 'pods',
  podName: 'pod-name',
  authorization: 'authorization',
  newPod: 'new-pod',
  workload: 'workload',
  oldWorkload: 'old-workload',
};

function renderErrors(e: Evaluation): void {
  for (const [field, inputId] of Object.entries(fieldInputs) as [keyof InputErrors, string][]) {
    const err = e.inputErrors[field];
    setText(`err-${field}`, err ?? '');
    byId(inputId).setAttribute('aria-invalid', String(err !== undefined));
  }
  const list = byId('label-errors');
  list.replaceChildren();
  for (const key of labelKeys) {
    const err = e.labelErrors[key];
    const field = byId(labelInputId(key));
    field.setAttribute('aria-invalid', String(err !== undefined));
    if (err === undefined) {
      field.removeAttribute('aria-describedby');
      continue;
    }
    const li = document.createElement('li');
    li.id = `err-${labelInputId(key)}`;
    li.textContent = `The API server would reject this namespace: ${err}`;
    field.setAttribute('aria-describedby', li.id);
    list.append(li);
  }
}

function renderResponse(e: Evaluation): void {
  const r = e.response?.response;
  const decision = byId('decision');
  if (r === undefined) {
    decision.className = 'decision';
    decision.textContent = 'No request: fix the inputs marked above.';
    setText('message', '');
  } else {
    decision.className = `decision ${r.allowed ? 'allowed' : 'denied'}`;
    decision.textContent = r.allowed
      ? '✓ ALLOWED'
      : `✗ DENIED (${r.status?.code ?? ''} ${r.status?.reason ?? ''})`.replace(' )', ')');
    setText('message', r.status?.message ?? '');
  }
  const warnings = byId('warnings');
  warnings.replaceChildren();
  for (const w of r?.warnings ?? []) {
    const li = document.createElement('li');
    li.textContent = w;
    warnings.append(li);
  }
  if ((r?.warnings ?? []).length === 0)
    warnings.append(Object.assign(document.createElement('li'), { textContent: 'none' }));
  const annotations = byId('annotations').querySelector('tbody') as HTMLTableSectionElement;
  annotations.replaceChildren();
  const entries = Object.entries(r?.auditAnnotations ?? {});
  for (const [k, v] of entries) annotations.append(row([k, v]));
  if (entries.length === 0) annotations.append(row(['(none)', '']));
  setText('response-json', e.response === undefined ? '' : JSON.stringify(e.response, null, 2));
  setText('request-json', e.review === undefined ? '' : JSON.stringify(e.review, null, 2));
}

function renderMatrix(e: Evaluation): void {
  const body = byId('matrix').querySelector('tbody') as HTMLTableSectionElement;
  body.replaceChildren();
  for (const m of e.matrix ?? []) {
    const detail = m.allowed
      ? m.warnings.length > 0
        ? `warnings: ${m.warnings.join(' | ')}`
        : ''
      : m.message;
    body.append(
      row(
        [m.profile, m.use, m.allowed ? '✓ allowed' : '✗ denied', detail],
        ['', '', m.allowed ? 'allowed' : 'denied', ''],
      ),
    );
  }
}

/** `update pods/ephemeralcontainers "web" in "team-a" for alice: ✗ not allowed`, the review beneath. */
function checkItem(c: AuthorizationCheck): HTMLLIElement {
  const spec = (c.review as { spec: { user: string; resourceAttributes: Record<string, string> } }).spec;
  const a = spec.resourceAttributes;
  const answer = c.error !== undefined ? `⚠ failed: ${c.error}` : c.allowed ? '✓ allowed' : '✗ not allowed';
  const li = document.createElement('li');
  const summary = document.createElement('summary');
  summary.textContent = `${a['verb'] ?? ''} ${a['resource'] ?? ''}/${a['subresource'] ?? ''} "${a['name'] ?? ''}" in "${a['namespace'] ?? ''}" for ${spec.user}: ${answer}`;
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(c.review, null, 2);
  const details = document.createElement('details');
  details.append(summary, pre);
  li.append(details);
  return li;
}

function renderChecks(e: Evaluation): void {
  const list = byId('authorization-checks');
  const checks = e.authorizationChecks ?? [];
  list.replaceChildren(...checks.map(checkItem));
  if (checks.length === 0)
    list.append(Object.assign(document.createElement('li'), { textContent: 'none asked' }));
}

export function render(e: Evaluation): void {
  renderErrors(e);
  renderResponse(e);
  renderChecks(e);
  setText('explain', e.explanationText ?? '');
  renderMatrix(e);
}
