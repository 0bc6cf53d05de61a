// Structural types for the parts of core/v1 objects that Pod Security reads. Every field is optional
// and may be null, as in webhook JSON; unknown fields pass through untouched.

type Opt<T> = T | null | undefined;

export interface ObjectMeta {
  name?: Opt<string>;
  namespace?: Opt<string>;
  uid?: Opt<string>;
  labels?: Opt<Record<string, string>>;
  annotations?: Opt<Record<string, string>>;
  ownerReferences?: Opt<OwnerReference[]>;
  [key: string]: unknown;
}

export interface OwnerReference {
  uid?: Opt<string>;
  controller?: Opt<boolean>;
  kind?: Opt<string>;
  name?: Opt<string>;
  [key: string]: unknown;
}

export interface SELinuxOptions {
  user?: Opt<string>;
  role?: Opt<string>;
  type?: Opt<string>;
  level?: Opt<string>;
}

export interface SeccompProfile {
  type?: Opt<string>;
  localhostProfile?: Opt<string>;
}

export interface AppArmorProfile {
  type?: Opt<string>;
  localhostProfile?: Opt<string>;
}

export interface WindowsSecurityContextOptions {
  hostProcess?: Opt<boolean>;
  [key: string]: unknown;
}

export interface Capabilities {
  add?: Opt<string[]>;
  drop?: Opt<string[]>;
}

export interface SecurityContext {
  capabilities?: Opt<Capabilities>;
  privileged?: Opt<boolean>;
  seLinuxOptions?: Opt<SELinuxOptions>;
  windowsOptions?: Opt<WindowsSecurityContextOptions>;
  runAsUser?: Opt<number>;
  runAsGroup?: Opt<number>;
  runAsNonRoot?: Opt<boolean>;
  readOnlyRootFilesystem?: Opt<boolean>;
  allowPrivilegeEscalation?: Opt<boolean>;
  procMount?: Opt<string>;
  seccompProfile?: Opt<SeccompProfile>;
  appArmorProfile?: Opt<AppArmorProfile>;
  [key: string]: unknown;
}

export interface Sysctl {
  name?: Opt<string>;
  value?: Opt<string>;
}

export interface PodSecurityContext {
  seLinuxOptions?: Opt<SELinuxOptions>;
  windowsOptions?: Opt<WindowsSecurityContextOptions>;
  runAsUser?: Opt<number>;
  runAsGroup?: Opt<number>;
  runAsNonRoot?: Opt<boolean>;
  supplementalGroups?: Opt<number[]>;
  fsGroup?: Opt<number>;
  sysctls?: Opt<Sysctl[]>;
  seccompProfile?: Opt<SeccompProfile>;
  appArmorProfile?: Opt<AppArmorProfile>;
  [key: string]: unknown;
}

export interface ContainerPort {
  name?: Opt<string>;
  hostPort?: Opt<number>;
  containerPort?: Opt<number>;
  protocol?: Opt<string>;
  hostIP?: Opt<string>;
}

export interface HTTPGetAction {
  host?: Opt<string>;
  [key: string]: unknown;
}

export interface TCPSocketAction {
  host?: Opt<string>;
  [key: string]: unknown;
}

/** Probe and LifecycleHandler share these handler fields. */
export interface Handler {
  httpGet?: Opt<HTTPGetAction>;
  tcpSocket?: Opt<TCPSocketAction>;
  [key: string]: unknown;
}

export interface Lifecycle {
  postStart?: Opt<Handler>;
  preStop?: Opt<Handler>;
  [key: string]: unknown;
}

export interface Container {
  name?: Opt<string>;
  image?: Opt<string>;
  ports?: Opt<ContainerPort[]>;
  securityContext?: Opt<SecurityContext>;
  livenessProbe?: Opt<Handler>;
  readinessProbe?: Opt<Handler>;
  startupProbe?: Opt<Handler>;
  lifecycle?: Opt<Lifecycle>;
  [key: string]: unknown;
}

export interface EphemeralContainer extends Container {
  targetContainerName?: Opt<string>;
}

export type Volume = { name?: Opt<string> } & Record<string, unknown>;

export interface PodOS {
  name?: Opt<string>;
}

export interface PodSpec {
  volumes?: Opt<Volume[]>;
  initContainers?: Opt<Container[]>;
  containers?: Opt<Container[]>;
  ephemeralContainers?: Opt<EphemeralContainer[]>;
  hostNetwork?: Opt<boolean>;
  hostPID?: Opt<boolean>;
  hostIPC?: Opt<boolean>;
  hostUsers?: Opt<boolean>;
  shareProcessNamespace?: Opt<boolean>;
  securityContext?: Opt<PodSecurityContext>;
  runtimeClassName?: Opt<string>;
  os?: Opt<PodOS>;
  [key: string]: unknown;
}

export interface Pod {
  apiVersion?: Opt<string>;
  kind?: Opt<string>;
  metadata?: Opt<ObjectMeta>;
  spec?: Opt<PodSpec>;
  [key: string]: unknown;
}
