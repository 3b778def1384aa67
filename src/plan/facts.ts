// The Calico settings a change plan compares, read from a set of objects as they are rendered
// (ours, now or before) or as a cluster serves them (a live capture). Reading the objects, not the
// NetworkConfig, lets the previous render and a live capture be compared the same way.
import { isGenerated } from '../emit/emit.js';
import { OVERLAY_SWITCH_ANNOTATION } from '../overlay/held-annotation.js';
import { overlayOfCalicoNodeDaemonSet } from '../overlay/running-state.js';
import type { OverlayState } from '../overlay/snapshot-schema.js';
import { refOf, type ResourceRef } from '../krm/types.js';
import { annotationOf, compareCodeUnits, isKubeSystemObject, isRecord } from '../plain-data.js';

export type PlainObject = Record<string, unknown>;

export interface PoolFacts {
  name: string;
  cidr?: string;
  blockSize?: string;
  /** Always, CrossSubnet or Never: the mode of whichever encapsulation the pool uses. */
  encapsulationMode: string;
  ipv6: boolean;
  /**
   * Rendered by us: a live pool keeps our annotation once applied, and our previous render holds
   * it. (calico-node creates one of the same name when we render none.)
   */
  ours: boolean;
  ref: ResourceRef;
}

export interface CalicoFacts {
  /** undefined when no calico-node DaemonSet is among the objects. */
  overlay?: OverlayState;
  /** The held-switch annotation on calico-node, when the guard held the switch. */
  heldSwitch?: string;
  vethMTU?: string;
  bpf?: boolean;
  typha?: boolean;
  backend?: string;
  wireguard?: { ipv4: boolean; ipv6: boolean };
  autodetection?: { ipv4?: string; ipv6?: string };
  ipv6?: boolean;
  /** The type of the CNI plugin's ipam section: calico-ipam or host-local. */
  ipamType?: string;
  pools: PoolFacts[];
  /** CALICO_IPV4POOL_IPIP / _VXLAN on calico-node: the mode it gives the pool it creates. */
  ipv4PoolModeEnv?: string;
  /** Container name -> image, across calico-node, typha and kube-controllers. */
  images: Record<string, string>;
  /** The calico/node image's tag. */
  calicoVersion?: string;
  calicoNodeRef?: ResourceRef;
  calicoConfigRef?: ResourceRef;
}

interface EnvVar { name?: unknown; value?: unknown }
interface Container { name?: unknown; image?: unknown; env?: unknown }

const IP_POOL_KINDS = new Set(['crd.projectcalico.org/v1', 'projectcalico.org/v3']);

/** `ourPools`: names of pools our previous render holds, even where a live capture stands for them. */
export function factsOf(objects: readonly PlainObject[], ourPools: ReadonlySet<string> = new Set()): CalicoFacts {
  const calicoNode = objects.find((object) => isKubeSystemObject(object, 'apps/v1', 'DaemonSet', 'calico-node'));
  const calicoConfig = objects.find((object) => isKubeSystemObject(object, 'v1', 'ConfigMap', 'calico-config'));
  const data = (calicoConfig?.data ?? {}) as Record<string, unknown>;
  const env = effectiveEnvOf(calicoNode, 'calico-node', objects);
  const pools = objects.filter((object) => IP_POOL_KINDS.has(String(object.apiVersion)) && object.kind === 'IPPool').map((pool) => poolFacts(pool, ourPools))
    .sort((a, b) => compareCodeUnits(a.name, b.name));
  const images = imagesOf(objects);
  // A stub DaemonSet that only records the overlay (hand-written, or an old capture) says nothing
  // about the other settings: read them only from a calico-node that sets its node address.
  const complete = env.IP !== undefined || env.IP6 !== undefined;
  const ipv6 = pools.some((pool) => pool.ipv6) || (env.IP6 !== undefined && env.IP6 !== 'none');
  return {
    overlay: calicoNode ? overlayOfCalicoNodeDaemonSet(calicoNode) : undefined,
    heldSwitch: stringOrUndefined(annotationOf(calicoNode, OVERLAY_SWITCH_ANNOTATION)),
    vethMTU: stringOrUndefined(data.veth_mtu),
    bpf: complete ? isTrue(env.FELIX_BPFENABLED) : undefined,
    typha: calicoConfig ? !['none', '', undefined].includes(stringOrUndefined(data.typha_service_name)) : undefined,
    backend: stringOrUndefined(data.calico_backend) ?? env.CALICO_NETWORKING_BACKEND,
    wireguard: complete ? { ipv4: isTrue(env.FELIX_WIREGUARDENABLED), ipv6: isTrue(env.FELIX_WIREGUARDENABLEDV6) } : undefined,
    autodetection: complete ? { ipv4: env.IP_AUTODETECTION_METHOD, ipv6: env.IP6_AUTODETECTION_METHOD } : undefined,
    ipv6: complete || pools.length > 0 ? ipv6 : undefined,
    ipamType: ipamTypeOf(data.cni_network_config),
    pools,
    ipv4PoolModeEnv: [env.CALICO_IPV4POOL_IPIP, env.CALICO_IPV4POOL_VXLAN].find((mode) => mode !== undefined && mode !== 'Never') ?? (env.CALICO_IPV4POOL_IPIP ?? env.CALICO_IPV4POOL_VXLAN),
    images,
    calicoVersion: calicoVersionOf(images),
    calicoNodeRef: calicoNode ? refOf(calicoNode) : undefined,
    calicoConfigRef: calicoConfig ? refOf(calicoConfig) : undefined,
  };
}

/** The containers and init containers of a workload's pod template. */
export function containersOf(workload: PlainObject | undefined): Container[] {
  const spec = (workload?.spec as { template?: { spec?: { containers?: unknown; initContainers?: unknown } } } | undefined)?.template?.spec;
  // Hand-edited or captured input: an entry that is no map is no container.
  const list = (value: unknown): Container[] => (Array.isArray(value) ? (value.filter(isRecord) as Container[]) : []);
  return [...list(spec?.initContainers), ...list(spec?.containers)];
}

/** A container's env entries by name, the last of a name counting: what a diff compares. */
export function envEntriesOf(workload: PlainObject | undefined, container: string): Map<string, EnvVar> {
  return new Map(namedEnvOf(workload, container).map((variable) => [variable.name, variable]));
}

/**
 * The env values a container sees: plain values, and those from a key of a ConfigMap among
 * `objects` in the workload's namespace (calico-node takes its backend from calico-config). One
 * taken from anywhere else (a ConfigMap not among them, a Secret, the pod's fields) is unknown and
 * left out: a plan compares values, never a value with where another comes from.
 */
function effectiveEnvOf(workload: PlainObject | undefined, container: string, objects: readonly PlainObject[]): Record<string, string> {
  const namespace = (workload?.metadata as { namespace?: unknown } | undefined)?.namespace;
  const env: Record<string, string> = {};
  for (const variable of namedEnvOf(workload, container)) {
    const value = variable.value !== undefined ? String(variable.value) : configMapValue(variable.valueFrom, namespace, objects);
    if (value === undefined) delete env[variable.name];
    else env[variable.name] = value;
  }
  return env;
}

function configMapValue(valueFrom: unknown, namespace: unknown, objects: readonly PlainObject[]): string | undefined {
  const ref = isRecord(valueFrom) && isRecord(valueFrom.configMapKeyRef) ? valueFrom.configMapKeyRef : undefined;
  if (typeof ref?.name !== 'string' || typeof ref.key !== 'string') return undefined;
  const configMap = objects.find((object) => object.apiVersion === 'v1' && object.kind === 'ConfigMap'
    && (object.metadata as { name?: unknown; namespace?: unknown } | undefined)?.name === ref.name
    && (object.metadata as { namespace?: unknown }).namespace === namespace);
  const value = isRecord(configMap?.data) ? configMap.data[ref.key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A container's env entries that have a name, in order: of several of one name the last counts, as in Kubernetes. */
function namedEnvOf(workload: PlainObject | undefined, container: string): Array<EnvVar & { name: string; valueFrom?: unknown }> {
  const found = containersOf(workload).find((candidate) => candidate.name === container);
  const variables = Array.isArray(found?.env) ? (found.env as EnvVar[]) : [];
  return variables.filter((variable): variable is EnvVar & { name: string } => typeof variable?.name === 'string');
}

const CALICO_WORKLOADS = [['DaemonSet', 'calico-node'], ['Deployment', 'calico-typha-deploy'], ['Deployment', 'calico-kube-controllers']] as const;

function imagesOf(objects: readonly PlainObject[]): Record<string, string> {
  const images: Record<string, string> = {};
  for (const [kind, name] of CALICO_WORKLOADS) {
    const workload = objects.find((object) => isKubeSystemObject(object, 'apps/v1', kind, name));
    for (const container of containersOf(workload)) {
      if (typeof container.name === 'string' && container.image !== undefined) images[`${name}/${container.name}`] = String(container.image);
    }
  }
  return images;
}

function calicoVersionOf(images: Record<string, string>): string | undefined {
  const image = images['calico-node/calico-node'];
  const tag = image?.match(/:([^:/@]+)(@.*)?$/)?.[1];
  return tag;
}

function poolFacts(pool: PlainObject, ourPools: ReadonlySet<string>): PoolFacts {
  const spec = (pool.spec ?? {}) as Record<string, unknown>;
  const cidr = stringOrUndefined(spec.cidr);
  const ipip = stringOrUndefined(spec.ipipMode) ?? 'Never';
  const vxlan = stringOrUndefined(spec.vxlanMode) ?? 'Never';
  const name = String((pool.metadata as { name?: unknown } | undefined)?.name ?? '');
  return {
    name,
    cidr,
    blockSize: stringOrUndefined(spec.blockSize),
    encapsulationMode: ipip !== 'Never' ? ipip : vxlan,
    ipv6: cidr?.includes(':') ?? false,
    ours: isGenerated(pool) || ourPools.has(name),
    ref: refOf(pool),
  };
}

function ipamTypeOf(conflist: unknown): string | undefined {
  if (typeof conflist !== 'string') return undefined;
  // The text holds placeholders where numbers go (__CNI_MTU__): a number there makes it JSON.
  let parsed: unknown;
  try {
    parsed = JSON.parse(conflist.replace(/__[A-Z0-9_]+__/g, '0'));
  } catch {
    return undefined;
  }
  const plugins = isRecord(parsed) && Array.isArray(parsed.plugins) ? parsed.plugins : [];
  for (const plugin of plugins) {
    const ipam = isRecord(plugin) ? plugin.ipam : undefined;
    if (isRecord(ipam) && typeof ipam.type === 'string') return ipam.type;
  }
  return undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

export function stringOrUndefined(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  // A map or list where a string belongs (hand-edited input) shows as written, not [object Object].
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
