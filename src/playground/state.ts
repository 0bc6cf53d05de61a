// The playground's shareable state: validated with zod when read back, carried in the URL fragment as
// deflated JSON in base64url (`#s=...`), so a link reproduces the whole view without a server. Fields
// added later have defaults, so a link made before them opens exactly as it did.
import { z } from 'zod';
import { labelPrefix } from '../api/index.js';
import { profileNames } from '../demo/profiles.js';
import {
  connectKinds,
  defaultState,
  labelKeys,
  requestKinds,
  updateSubresources,
  workloadOperations,
  workloadResources,
  type PlaygroundState,
} from './engine.js';

const stateSchema = z.strictObject({
  namespace: z.string(),
  /** Label keys without the pod-security.kubernetes.io/ prefix, to keep links short. */
  labels: z.partialRecord(
    z.enum(labelKeys.map((k) => k.slice(labelPrefix.length)) as [string, ...string[]]),
    z.string(),
  ),
  config: z.string(),
  emulationVersion: z.string(),
  ephemeralLevelsGate: z.boolean(),
  username: z.string(),
  request: z.enum(requestKinds),
  pod: z.string(),
  debug: z.enum([...profileNames, 'custom']),
  container: z.string(),
  oldLabels: z.string(),
  pods: z.string(),
  // Added with the CONNECT, pod UPDATE and workload requests: absent in older links.
  namespaceMissing: z.boolean().default(defaultState.namespaceMissing),
  groups: z.string().default(defaultState.groups),
  connect: z.enum(connectKinds).default(defaultState.connect),
  connectContainer: z.string().default(defaultState.connectContainer),
  podName: z.string().default(defaultState.podName),
  authorization: z.string().default(defaultState.authorization),
  newPod: z.string().default(defaultState.newPod),
  updateSubresource: z.enum(updateSubresources).default(defaultState.updateSubresource),
  workloadResource: z.enum(workloadResources).default(defaultState.workloadResource),
  workloadOperation: z.enum(workloadOperations).default(defaultState.workloadOperation),
  workload: z.string().default(defaultState.workload),
  oldWorkload: z.string().default(defaultState.oldWorkload),
});

export const fragmentPrefix = '#s=';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function short(state: PlaygroundState): z.input<typeof stateSchema> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(state.labels)) if (v !== '') labels[k.slice(labelPrefix.length)] = v;
  return { ...state, labels };
}

/** The URL fragment (with `#s=`) holding the state. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(short(state)));
  return fragmentPrefix + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The state in a fragment; a fragment that is not one gives a one-line error. */
export async function decodeState(fragment: string): Promise<PlaygroundState> {
  if (!fragment.startsWith(fragmentPrefix)) throw new Error('the link holds no playground state');
  let value: unknown;
  try {
    const bytes = await pipe(
      fromBase64Url(fragment.slice(fragmentPrefix.length)),
      new DecompressionStream('deflate-raw'),
    );
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('the link is damaged: its state cannot be read');
  }
  const r = stateSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`the link's state is invalid: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data.labels)) if (v !== undefined) labels[labelPrefix + k] = v;
  return { ...r.data, labels };
}

export { defaultState };
