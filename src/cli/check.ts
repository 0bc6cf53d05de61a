// `psa-ephemeral check`: evaluates Pod and pod-controller manifests offline against namespace labels and
// prints the decision per object and mode; exit 1 if any would be denied.
import { z } from 'zod';
import type { Attributes } from '../api/index.js';
import type { Admission } from '../admission/admission.js';
import { defaultPodSpecExtractor } from '../admission/podspec.js';
import { StaticNamespaceGetter } from '../admission/static_ports.js';
import type { AdmissionResponse } from '../admission/response.js';
import { CliUsageError } from './errors.js';
import { emulationVersionFlag, featureGatesFlag, labelsFlag, parseFlags } from './flags.js';
import { readObjects } from './objects.js';
import { buildAdmission, ignoredDefaultsMessage } from './setup.js';

const checkNamespace = 'psa-check';

const flagSchema = z.strictObject({
  filename: z
    .array(z.string())
    .default([])
    .refine((f) => f.length > 0, 'at least one -f FILE is required'),
  'namespace-labels': labelsFlag,
  config: z.string().optional(),
  'emulation-version': emulationVersionFlag,
  'feature-gates': featureGatesFlag,
});

const kinds: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  PodTemplate: { group: '', resource: 'podtemplates' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

function objectName(o: Record<string, unknown>): string {
  const meta = o['metadata'] as { name?: unknown } | undefined;
  return typeof meta?.name === 'string' ? meta.name : '';
}

/** The object's pod (template) as a Pod create request, so every mode, enforce included, is judged. */
function podAttributes(file: string, o: Record<string, unknown>): Attributes {
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
  const target = kinds[kind];
  if (!target) throw new CliUsageError(`${file}: ${kind || 'object without kind'} has no pod spec to check`);
  const template = defaultPodSpecExtractor.extractPodSpec({ group: target.group, version: 'v1', kind }, o);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: template?.metadata ?? {},
    spec: template?.spec ?? {},
  };
  return {
    name: objectName(o),
    namespace: checkNamespace,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subresource: '',
    operation: 'CREATE',
    username: '',
    object: pod,
    oldObject: null,
  };
}

/** One line per mode: enforce (the decision), audit (annotations), warn (warnings). */
function describe(r: Readonly<AdmissionResponse>): string[] {
  const annotations = r.auditAnnotations ?? {};
  const lines = [`  enforce: ${r.allowed ? 'allowed' : `DENIED: ${r.status?.message ?? ''}`}`];
  const audit = ['audit-violations', 'ephemeral-audit-violations', 'error'].filter(
    (k) => annotations[k] !== undefined,
  );
  if (audit.length === 0) lines.push('  audit:   no violations');
  for (const key of audit) lines.push(`  audit:   ${key}: ${annotations[key]}`);
  if (!r.allowed) lines.push('  warn:    not evaluated (the request is denied)');
  else if ((r.warnings ?? []).length === 0) lines.push('  warn:    no warnings');
  for (const w of r.warnings ?? []) lines.push(`  warn:    ${w}`);
  return lines;
}

async function checkOne(admission: Admission, file: string, o: Record<string, unknown>): Promise<boolean> {
  const attrs = podAttributes(file, o);
  const r = await admission.validate(attrs);
  const policy = r.auditAnnotations?.['enforce-policy'];
  const eph = r.auditAnnotations?.['ephemeral-enforce-policy'];
  const policies = [policy && `enforce-policy ${policy}`, eph && `ephemeral-enforce-policy ${eph}`].filter(
    Boolean,
  );
  console.log(
    `${String(o['kind'])}/${attrs.name} (${file})${policies.length ? ` [${policies.join(', ')}]` : ''}`,
  );
  for (const line of describe(r)) console.log(line);
  return r.allowed;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      'namespace-labels': { type: 'string', short: 'l' },
      config: { type: 'string' },
      'emulation-version': { type: 'string' },
      'feature-gates': { type: 'string' },
    },
    flagSchema,
  );
  const namespace = { metadata: { name: checkNamespace, labels: values['namespace-labels'] } };
  const admission = await buildAdmission({
    configFile: values.config,
    emulationVersion: values['emulation-version'],
    features: values['feature-gates'],
    namespaceGetter: new StaticNamespaceGetter([namespace]),
  });
  const ignored = ignoredDefaultsMessage(admission);
  if (ignored !== undefined) console.error(`psa-ephemeral check: ${ignored}`);
  let allAllowed = true;
  for (const file of values.filename) {
    for (const o of readObjects(file)) allAllowed = (await checkOne(admission, file, o)) && allAllowed;
  }
  return allAllowed ? 0 : 1;
}
