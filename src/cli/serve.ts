// `psa-ephemeral serve`: the admission webhook over HTTPS, with namespaces from the cluster (informer
// plus live GET) or from a static file, Prometheus metrics, health endpoints and a graceful SIGTERM.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { z } from 'zod';
import type { Pod } from '../api/index.js';
import { Admission } from '../admission/admission.js';
import type { Authorizer, Namespace, NamespaceGetter, PodGetter, PodLister } from '../admission/ports.js';
import { StaticNamespaceGetter, StaticPodLister } from '../admission/static_ports.js';
import { StaticAuthorizer } from '../admission/static_authorizer.js';
import { observeGarbageCollection } from '../metrics/gc.js';
import { PrometheusRecorder } from '../metrics/prometheus.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { admissionReviewHandler } from '../webhook/handler.js';
import { createLogger, isLogLevel, type Logger } from '../webhook/log.js';
import { collectGarbage } from '../webhook/memory.js';
import { generateSelfSigned } from '../webhook/selfsigned.js';
import { createWebhookServer } from '../webhook/server.js';
import { loadCredentials } from '../webhook/tls.js';
import { readAuthorizationAnswers } from './authorization.js';
import { emulationVersionFlag, featureGatesFlag, parseFlags } from './flags.js';
import { readObjectsOfKind } from './objects.js';
import { ignoredDefaultsMessage, loadAdmissionConfiguration } from './setup.js';
import {
  defaultWorkerCount,
  isWorkerProcess,
  runSupervisor,
  workerChannel,
  type WorkerChannel,
} from './workers.js';

const positiveNumber = (def: number) => z.coerce.number().positive().default(def);

const flagSchema = z
  .strictObject({
    config: z.string().optional(),
    kubeconfig: z.string().optional(),
    'secure-port': z.coerce.number().int().min(0).max(65535).default(8443),
    'bind-address': z.string().default('0.0.0.0'),
    'tls-cert-file': z.string().optional(),
    'tls-private-key-file': z.string().optional(),
    'client-qps-limit': positiveNumber(20),
    'client-qps-burst': z.coerce.number().int().positive().default(50),
    namespaces: z.string().optional(),
    pods: z.string().optional(),
    authorization: z.string().optional(),
    'emulation-version': emulationVersionFlag,
    'feature-gates': featureGatesFlag,
    'log-level': z.string().default('info').refine(isLogLevel, 'must be one of debug, info, warn, error'),
    'shutdown-grace-seconds': z.coerce.number().min(0).default(30),
    workers: z.coerce.number().int().min(1).max(1024).optional(),
  })
  .refine((v) => (v['tls-cert-file'] === undefined) === (v['tls-private-key-file'] === undefined), {
    message: '--tls-cert-file and --tls-private-key-file must be given together',
    path: ['tls-cert-file'],
  })
  .refine((v) => v.pods === undefined || v.namespaces !== undefined, {
    message: '--pods needs --namespaces (static mode)',
    path: ['pods'],
  })
  .refine((v) => v.authorization === undefined || v.namespaces !== undefined, {
    message: '--authorization needs --namespaces (static mode; a cluster answers with SubjectAccessReviews)',
    path: ['authorization'],
  });

type Flags = z.infer<typeof flagSchema>;

const flagOptions = {
  config: { type: 'string' },
  kubeconfig: { type: 'string' },
  'secure-port': { type: 'string' },
  'bind-address': { type: 'string' },
  'tls-cert-file': { type: 'string' },
  'tls-private-key-file': { type: 'string' },
  'client-qps-limit': { type: 'string' },
  'client-qps-burst': { type: 'string' },
  namespaces: { type: 'string' },
  pods: { type: 'string' },
  authorization: { type: 'string' },
  'emulation-version': { type: 'string' },
  'feature-gates': { type: 'string' },
  'log-level': { type: 'string' },
  'shutdown-grace-seconds': { type: 'string' },
  workers: { type: 'string' },
} as const;

interface Sources {
  namespaceGetter: NamespaceGetter;
  podLister: PodLister;
  podGetter: PodGetter;
  authorizer: Authorizer;
  isReady: () => boolean;
  stop: () => Promise<void>;
}

/** In a function of its own, so that nothing in the caller's frame still holds the parsed file. */
function staticNamespaces(file: string): StaticNamespaceGetter {
  return new StaticNamespaceGetter(readObjectsOfKind(file, 'Namespace') as Namespace[]);
}

function staticSources(flags: Flags): Sources {
  const namespaceGetter = staticNamespaces(flags.namespaces as string);
  const podLister = new StaticPodLister(flags.pods ? (readObjectsOfKind(flags.pods, 'Pod') as Pod[]) : []);
  const authorizer = new StaticAuthorizer(readAuthorizationAnswers(flags.authorization));
  // The files' text and full objects are garbage now; a namespace file can be tens of MB.
  collectGarbage();
  return {
    namespaceGetter,
    podLister,
    podGetter: podLister,
    authorizer,
    isReady: () => true,
    stop: async () => undefined,
  };
}

/**
 * Namespaces and pods from the cluster. The client modules are loaded only here, so a server with
 * static sources does not carry them.
 */
async function clusterSources(flags: Flags, logger: Logger): Promise<Sources> {
  const [
    { KubeClient },
    { loadClusterConnection },
    { NamespaceCache },
    { LivePods },
    { rateLimiterFor },
    { SubjectAccessReviewAuthorizer },
  ] = await Promise.all([
    import('../k8s/client.js'),
    import('../k8s/kubeconfig.js'),
    import('../k8s/namespaces.js'),
    import('../k8s/pods.js'),
    import('../k8s/ratelimit.js'),
    import('../k8s/authorization.js'),
  ]);
  const connection = await loadClusterConnection({ kubeconfig: flags.kubeconfig });
  const client = new KubeClient(connection, {
    rateLimiter: rateLimiterFor(flags['client-qps-limit'], flags['client-qps-burst']),
  });
  const cache = new NamespaceCache(client, {
    logger: logger.child({ component: 'namespaces' }),
    afterList: collectGarbage,
  });
  cache.start();
  const pods = new LivePods(client);
  return {
    namespaceGetter: cache,
    podLister: pods,
    podGetter: pods,
    authorizer: new SubjectAccessReviewAuthorizer(client),
    isReady: () => cache.hasSynced(),
    stop: async () => {
      await cache.stop();
      connection.close();
    },
  };
}

async function tlsFiles(flags: Flags, logger: Logger): Promise<{ certFile: string; keyFile: string }> {
  if (flags['tls-cert-file'] && flags['tls-private-key-file']) {
    return { certFile: flags['tls-cert-file'], keyFile: flags['tls-private-key-file'] };
  }
  const dir = mkdtempSync(join(tmpdir(), 'psa-ephemeral-certs-'));
  const files = await generateSelfSigned(dir);
  logger.warn('no --tls-cert-file given: serving a self-signed certificate', { dir });
  return { certFile: files.certFile, keyFile: files.keyFile };
}

export async function run(argv: string[]): Promise<number> {
  const { values: flags } = parseFlags(argv, flagOptions, flagSchema);
  const workers = flags.workers ?? defaultWorkerCount();
  if (workers > 1 && !isWorkerProcess()) return supervise(flags, argv, workers);
  try {
    return await serve(flags);
  } finally {
    // The channel to the supervisor keeps a worker's event loop alive: closing it lets the worker exit,
    // after a stop or a failure to start.
    if (isWorkerProcess() && process.connected) process.disconnect();
  }
}

/**
 * `--workers N` (N > 1): checks the configuration, makes the self-signed pair once (every worker must
 * serve the same one), then forks the workers, which share the listening socket (node:cluster).
 */
async function supervise(flags: Flags, argv: string[], workers: number): Promise<number> {
  const logger = createLogger({ level: flags['log-level'] as 'info' });
  await loadAdmissionConfiguration(flags.config);
  const given = flags['tls-cert-file'] !== undefined;
  const tls = await tlsFiles(flags, logger);
  // A pair every worker would fail to load is one error here, before any worker starts.
  await loadCredentials(tls);
  const tlsArgs = given ? [] : ['--tls-cert-file', tls.certFile, '--tls-private-key-file', tls.keyFile];
  return runSupervisor({
    workers,
    args: ['serve', ...argv, ...tlsArgs],
    logger,
    serving: { address: flags['bind-address'], namespaces: flags.namespaces ? 'static' : 'cluster' },
    graceMs: flags['shutdown-grace-seconds'] * 1000,
  });
}

/** One webhook server: the whole of `serve` with `--workers 1`, or one worker under the supervisor. */
async function serve(flags: Flags): Promise<number> {
  const registry = new Registry();
  const stopGcObserver = observeGarbageCollection(registry);
  const channel = isWorkerProcess() ? workerChannel(registry) : undefined;
  const base = createLogger({ level: flags['log-level'] as 'info' });
  const logger = channel ? base.child({ worker: channel.slot }) : base;
  const configuration = await loadAdmissionConfiguration(flags.config);
  const evaluator = newEvaluator(defaultChecks, flags['emulation-version']);
  const sources = flags.namespaces ? staticSources(flags) : await clusterSources(flags, logger);
  const admission = new Admission({
    configuration,
    evaluator,
    metrics: new PrometheusRecorder(evaluator.maxVersion, registry),
    namespaceGetter: sources.namespaceGetter,
    podLister: sources.podLister,
    podGetter: sources.podGetter,
    authorizer: sources.authorizer,
    features: flags['feature-gates'],
  });
  const ignored = ignoredDefaultsMessage(admission);
  // Every worker would say the same: the first one says it.
  if (ignored !== undefined && (channel === undefined || channel.slot === 1)) logger.warn(ignored);
  const server = createWebhookServer({
    port: flags['secure-port'],
    host: flags['bind-address'],
    tls: await tlsFiles(flags, logger),
    handler: admissionReviewHandler(admission, logger),
    isReady: channel ? () => sources.isReady() && channel.clusterReady() : sources.isReady,
    metricsRegistry: channel ? channel.metrics : registry,
    logger,
  });
  const { port } = await server.start();
  const where = { address: flags['bind-address'], port, namespaces: flags.namespaces ? 'static' : 'cluster' };
  if (channel) reportToSupervisor(channel, port, sources);
  else logger.info('serving', where);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      // A worker gets the terminal's SIGINT, the supervisor's SIGTERM and the channel's end: it stops once.
      if (channel && stopping) return;
      stopping = true;
      logger.info('shutting down', { signal });
      void server
        .stop(flags['shutdown-grace-seconds'] * 1000)
        .then(() => sources.stop())
        .finally(() => {
          stopGcObserver();
          resolve();
        });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    // A worker whose supervisor is gone (killed) stops too.
    if (channel) process.once('disconnect', () => shutdown('supervisor gone'));
  });
  logger.info('stopped');
  // A request to the API server still open after stop (an exec credential plugin's connection, a
  // live GET) must not hold the process; the timer is unref'd, so a clean exit does not wait for it.
  setTimeout(() => {
    logger.warn('connections to the API server still open after stop; exiting');
    process.exit(0);
  }, 2000).unref();
  return 0;
}

/** Tells the supervisor this worker listens, then its readiness (the namespace cache's sync) as it changes. */
function reportToSupervisor(channel: WorkerChannel, port: number, sources: Sources): void {
  channel.listening(port);
  channel.reportReady(sources.isReady());
  setInterval(() => channel.reportReady(sources.isReady()), 100).unref();
}
